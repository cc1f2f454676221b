/** The undici dispatcher: keep-alive pools per origin, bounded connections, timeouts, proxies, extra CAs. */
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher, EnvHttpProxyAgent } from 'undici';
import { RegshiftError } from '../errors.js';

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

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const ca = options.ca === undefined ? undefined : [...rootCertificates, options.ca];
  const common = {
    connections: options.connections,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 4_000,
    connect: { timeout: options.timeoutMs, ...(ca ? { ca } : {}) },
  };
  const httpProxy = proxyVar(options.env, 'HTTP_PROXY');
  const httpsProxy = proxyVar(options.env, 'HTTPS_PROXY');
  if (httpProxy === '' && httpsProxy === '') return new Agent(common);
  return new EnvHttpProxyAgent({
    ...common,
    httpProxy,
    httpsProxy,
    noProxy: proxyVar(options.env, 'NO_PROXY'),
    ...(ca ? { requestTls: { ca } } : {}),
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
