/**
 * The registry client: picks the scheme per host, authenticates (anonymous, Basic, bearer tokens) and
 * sends through the Transport. Manifests, blobs, tags, uploads and pushes are built on `request`.
 */
import type { Dispatcher } from 'undici';
import { type Challenge, parseChallenge } from './auth/challenge.js';
import { type CredentialStore, credentialStoreFromEnv } from './auth/credentials.js';
import { basicAuthorization, TokenCache } from './auth/token.js';
import { isStreamedBody } from './body.js';
import { createDispatcher, readCaFile } from './dispatcher.js';
import { networkError, RegistryError } from './errors.js';
import { type RegistryOptions, registryDefaults } from './options.js';
import { errorCode, isRetryableError, retryDelay, sleep } from './retry.js';
import { allowsPlainHttp, apiHost } from './scheme.js';
import { header, type Response, type SendOptions, Transport } from './transport.js';

export interface RequestOptions extends Omit<SendOptions, 'authorization'> {
  /** Token scopes the request needs, e.g. `repository:app:pull`. */
  scopes?: string[];
  /** Repository, for credentials scoped below the host (containers auth.json). */
  repository?: string;
}

/** TLS errors that mean the server speaks plain HTTP on this port. */
const plainHttpSigns =
  /^(ERR_SSL_WRONG_VERSION_NUMBER|ERR_SSL_PACKET_LENGTH_TOO_LONG|ERR_SSL_HTTP_REQUEST|EPROTO|ECONNRESET)$/;

export class RegistryClient {
  readonly transport: Transport;
  private readonly credentials: CredentialStore;
  private readonly insecure: readonly string[];
  private readonly tokens: TokenCache;
  private readonly schemes = new Map<string, Promise<string>>();
  private readonly challenges = new Map<string, Challenge>();
  private readonly ownsDispatcher: boolean;

  /** Build a client from options: reads the CA file, builds the dispatcher and the credential store. */
  static async create(options: RegistryOptions = {}): Promise<RegistryClient> {
    const env = options.env ?? process.env;
    const dispatcher =
      options.dispatcher ??
      createDispatcher({
        env,
        timeoutMs: options.timeoutMs ?? registryDefaults.timeoutMs,
        connections: options.concurrencyPerHost ?? registryDefaults.concurrencyPerHost,
        ...(options.caFile ? { ca: await readCaFile(options.caFile) } : {}),
      });
    return new RegistryClient(dispatcher, options, options.dispatcher === undefined);
  }

  constructor(dispatcher: Dispatcher, options: RegistryOptions = {}, ownsDispatcher = false) {
    this.transport = new Transport(dispatcher, {
      retry: { ...registryDefaults.retry, ...options.retry },
      maxRedirects: options.maxRedirects ?? registryDefaults.maxRedirects,
      ...(options.onHop ? { onHop: options.onHop } : {}),
    });
    this.credentials = options.credentials ?? credentialStoreFromEnv(options.env ?? process.env);
    this.insecure = options.insecureRegistries ?? [];
    this.tokens = new TokenCache(this.transport);
    this.ownsDispatcher = ownsDispatcher;
  }

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

  /** One authenticated exchange with `registry` (a host as in image references; docker.io is mapped). */
  async request(registry: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const base = await this.baseUrl(registry, options.signal);
    const url = new URL(path, base);
    const host = url.host;
    const scopes = options.scopes ?? [];
    const known = this.challenges.get(host);
    const first = known ? await this.authorize(registry, known, scopes, options, false) : undefined;
    const response = await this.transport.send(url, { ...options, authorization: first });
    // A streamed body is gone once sent: the caller sees the 401 (and learned the challenge on an earlier request).
    if (response.status !== 401 || isStreamedBody(options.body)) return response;
    const challenge = parseChallenge(header(response, 'www-authenticate'));
    if (!challenge) return response;
    await response.body.dump();
    this.challenges.set(host, challenge);
    const authorization = await this.authorize(registry, challenge, scopes, options, true);
    if (authorization === undefined && challenge.scheme === 'basic') {
      return this.transport.send(url, options);
    }
    return this.transport.send(url, { ...options, authorization });
  }

  /** `request` and the whole body; a body that breaks off is fetched again (GET and HEAD). */
  async read(
    registry: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<{ response: Response; bytes: Buffer }> {
    const method = options.method ?? 'GET';
    let broke: { error: unknown; host: string } | undefined;
    for (let attempt = 0; ; attempt++) {
      const response = await this.request(registry, path, options).catch((error: unknown) => {
        // A deadline that cuts the second try short reports why the body broke off.
        throw broke && options.signal?.aborted ? networkError(broke.error, broke.host) : error;
      });
      try {
        return { response, bytes: Buffer.from(await response.body.arrayBuffer()) };
      } catch (error) {
        if (broke && options.signal?.aborted) throw networkError(broke.error, broke.host);
        const retry = (method === 'GET' || method === 'HEAD') && isRetryableError(error);
        const delay = retry ? retryDelay(this.transport.options.retry, attempt, undefined) : undefined;
        if (delay === undefined) throw networkError(error, response.url.host);
        broke = { error, host: response.url.host };
        await sleep(delay, options.signal).catch(() => {
          throw networkError(error, response.url.host);
        });
      }
    }
  }

  private async authorize(
    registry: string,
    challenge: Challenge,
    scopes: string[],
    options: RequestOptions,
    fresh: boolean,
  ): Promise<string | undefined> {
    const credential = await this.credentials.get(registry, options.repository);
    if (challenge.scheme === 'basic') {
      return credential && 'username' in credential ? basicAuthorization(credential) : undefined;
    }
    const token = await this.tokens.token({
      challenge,
      scopes,
      credential,
      fresh,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.hops ? { hops: options.hops } : {}),
    });
    return `Bearer ${token}`;
  }

  /**
   * Close the connections this client opened (not those of an injected dispatcher). Requests whose
   * callers stopped waiting (a connect that hangs past a deadline) are ended, not waited for.
   */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.transport.dispatcher.destroy();
  }
}
