/** The undici dispatcher: keep-alive pools per origin, bounded connections, timeouts, proxies, extra CAs. */
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { rootCertificates } from 'node:tls';
import type { Dispatcher } from 'undici';
import { RegshiftError } from '../errors.js';
import { errorCode } from './retry.js';
import { Agent, buildConnector, EnvHttpProxyAgent } from './undici.js';

export interface DispatcherOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  connections: number;
  /** PEM text of extra CAs, added to Node's bundled roots. */
  ca?: string;
}

function proxyVar(env: NodeJS.ProcessEnv, name: string): string {
  return env[name.toLowerCase()] ?? env[name] ?? '';
}

/**
 * undici's connector, except that a connect timeout after the TCP connection was made is a TLS handshake
 * that never finished (a server or middlebox that accepts and stays silent), and says so.
 */
function stagedConnector(options: buildConnector.BuildOptions): buildConnector.connector {
  const connect = buildConnector(options);
  return (target, callback) => {
    let connected = false;
    const socket = connect(target, (...args) => {
      const [error] = args;
      if (error && connected && errorCode(error) === 'UND_ERR_CONNECT_TIMEOUT') {
        const message = `TLS handshake with ${target.hostname}:${target.port} not done within ${options.timeout} ms`;
        callback(
          Object.assign(new Error(message), { code: 'ERR_TLS_HANDSHAKE_TIMEOUT', cause: error }),
          null,
        );
        return;
      }
      callback(...args);
    }) as unknown as Socket | undefined; // undici's connector returns its socket; its type says void
    if (target.protocol === 'https:') socket?.once('connect', () => (connected = true));
  };
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const ca = options.ca === undefined ? undefined : [...rootCertificates, options.ca];
  const tls = { timeout: options.timeoutMs, ...(ca ? { ca } : {}) };
  const common = {
    connections: options.connections,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 4_000,
    connect: stagedConnector(tls),
  };
  const httpProxy = proxyVar(options.env, 'HTTP_PROXY');
  const httpsProxy = proxyVar(options.env, 'HTTPS_PROXY');
  if (httpProxy === '' && httpsProxy === '') return new Agent(common);
  return new EnvHttpProxyAgent({
    ...common,
    httpProxy,
    httpsProxy,
    noProxy: proxyVar(options.env, 'NO_PROXY'),
    // Plain HTTP goes to the proxy as an absolute URI (as curl and crane send it: proxies often allow
    // CONNECT only to 443); HTTPS is tunnelled with CONNECT, so the registry's Authorization stays in TLS.
    proxyTunnel: false,
    // The connection to the proxy, and the TLS handshake through the tunnel, get the same timeout.
    proxyTls: { timeout: options.timeoutMs },
    requestTls: tls,
  });
}

export async function readCaFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new RegshiftError('CA_FILE_READ', `cannot read CA file ${file}: ${(error as Error).message}`, {
      hint: 'Give --ca-file a PEM file holding the certificate of the CA that signed the registry’s certificate.',
      cause: error,
    });
  }
}

/**
 * undici's connect and header timers end a little before the request's deadline, so that a stall is named
 * by its stage (TCP, TLS) rather than cut short unnamed; its timers above 1 s fire up to 0.5 s late.
 */
export function stageTimeout(deadlineMs: number): number {
  const early = Math.floor(deadlineMs * 0.8);
  return early <= 1000 ? Math.max(1, early) : Math.max(1000, early - 500);
}
