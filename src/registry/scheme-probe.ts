// Which scheme a registry speaks: HTTPS always, plain HTTP only where allowed and the server answers TLS
// with HTTP. Decided once per host; a failed probe is not remembered.
import { RegistryError } from './errors.js';
import { errorCode } from './retry.js';
import { allowsPlainHttp, apiHost } from './scheme.js';
import type { Transport } from './transport.js';

/** TLS errors that mean the server speaks plain HTTP on this port. */
const plainHttpSigns =
  /^(ERR_SSL_WRONG_VERSION_NUMBER|ERR_SSL_PACKET_LENGTH_TOO_LONG|ERR_SSL_HTTP_REQUEST|EPROTO|ECONNRESET)$/;

export class SchemeProbe {
  private readonly schemes = new Map<string, Promise<string>>();

  constructor(
    private readonly transport: Transport,
    private readonly insecure: readonly string[],
  ) {}

  /** `https://host` or, for loopback and --insecure-registry hosts that do not speak TLS, `http://host`. */
  baseUrl(registry: string, signal?: AbortSignal): Promise<string> {
    const host = apiHost(registry);
    let scheme = this.schemes.get(host);
    if (!scheme) {
      scheme = allowsPlainHttp(host, this.insecure)
        ? this.probeScheme(host, signal)
        : Promise.resolve('https');
      this.schemes.set(host, scheme);
    }
    return scheme.then((s) => `${s === 'http' ? 'http' : 'https'}://${host}`);
  }

  private async probeScheme(host: string, signal?: AbortSignal): Promise<string> {
    try {
      const response = await this.transport.send(new URL(`https://${host}/v2/`), {
        followRedirects: false,
        ...(signal ? { signal } : {}),
      });
      await response.body.dump();
      return 'https';
    } catch (error) {
      // Only a server that answers TLS with plain HTTP moves us to http. Any other failure is what the
      // request over HTTPS would meet too: report it now (not after a second wait) and probe again next time.
      if (error instanceof RegistryError && plainHttpSigns.test(errorCode(error.cause) ?? '')) return 'http';
      this.schemes.delete(host);
      throw error;
    }
  }
}
