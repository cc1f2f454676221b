/**
 * HTTP(S) to one apiserver with Node's own client: kept-alive connections sharing one TLS context, an
 * inactivity deadline on every request (connect, TLS handshake, headers, each body chunk) and bounded
 * bodies. Not undici here: its HTTP parser is WebAssembly, whose optimising compile alone raised a scan's
 * peak memory by about 35 MiB.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createSecureContext } from 'node:tls';
import { gunzipSync } from 'node:zlib';
import { RegshiftError } from '../errors.js';
import type { Credentials } from './kubeconfig-auth.js';

/** Larger answers are refused: a list page is bounded by its limit, far below this. */
const maxBodyBytes = 512 * 1024 * 1024;

export interface TransportResponse {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: Buffer;
}

/** A request that hit the inactivity deadline (as opposed to a refused or reset connection). */
export class RequestTimeout extends RegshiftError {
  constructor(message: string) {
    super('KUBE_TIMEOUT', message);
    this.name = 'RequestTimeout';
  }
}

export class Transport {
  private agent: HttpAgent | undefined;

  constructor(
    private readonly server: URL,
    private readonly timeoutMs: number,
    private readonly connections: number,
  ) {}

  private agentFor(tls: Credentials): HttpAgent {
    if (this.agent) return this.agent;
    const common = { keepAlive: true, maxSockets: this.connections };
    if (this.server.protocol !== 'https:') {
      this.agent = new HttpAgent(common);
      return this.agent;
    }
    // One TLS context for every connection, instead of parsing the certificates once per socket.
    const secureContext = createSecureContext({
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(tls.cert ? { cert: tls.cert } : {}),
      ...(tls.key ? { key: tls.key } : {}),
    });
    this.agent = new HttpsAgent({
      ...common,
      secureContext,
      ...(tls.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
      ...(tls.servername ? { servername: tls.servername } : {}),
    });
    return this.agent;
  }

  send(
    method: string,
    pathAndQuery: string,
    credentials: Credentials,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<TransportResponse> {
    const agent = this.agentFor(credentials);
    const url = new URL(`${this.server.pathname.replace(/\/$/, '')}${pathAndQuery}`, this.server);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let deadline: NodeJS.Timeout | undefined;
    return new Promise<TransportResponse>((resolve, reject) => {
      const req = send(url, { method, headers, agent, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes)
            req.destroy(
              new RegshiftError('KUBE_ANSWER_INVALID', `answer larger than ${maxBodyBytes / 2 ** 20} MiB`),
            );
          else chunks.push(chunk);
        });
        res.on('end', () => {
          let bytes = Buffer.concat(chunks);
          try {
            if (res.headers['content-encoding'] === 'gzip')
              bytes = gunzipSync(bytes, { maxOutputLength: maxBodyBytes });
          } catch (error) {
            reject(error);
            return;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new RequestTimeout(`no answer within ${this.timeoutMs / 1000} s`)));
      // The socket timeout only notices silence; this deadline also ends a body that trickles forever.
      deadline = setTimeout(
        () => req.destroy(new RequestTimeout(`no whole answer within ${this.timeoutMs / 1000} s`)),
        this.timeoutMs,
      );
      req.on('error', reject);
      req.end(body);
    }).finally(() => clearTimeout(deadline));
  }

  close(): void {
    // Destroy, not end: requests still in flight to a server that stopped answering are abandoned.
    this.agent?.destroy();
  }
}
