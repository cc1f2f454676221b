/** Kubeconfig → KubeClients: @kubernetes/client-node reads the file and runs auth; undici carries the bytes. */
import { existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { KubeConfig } from '@kubernetes/client-node';
import { Agent, request } from 'undici';
import { RegshiftError } from '../errors.js';
import { type KubeClient, queryString } from './client.js';
import { clusterDefaults } from './options.js';

export interface KubeconfigOptions {
  /** A kubeconfig file; default $KUBECONFIG, ~/.kube/config, then in-cluster config. */
  kubeconfig?: string;
  context?: string;
  allContexts?: boolean;
  timeoutMs?: number;
  connections?: number;
}

async function loadConfig(file: string | undefined): Promise<KubeConfig> {
  // Loaded on demand: the client library costs most of a second to import.
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  if (file !== undefined) {
    if (!existsSync(file)) {
      throw new RegshiftError('KUBECONFIG_NOT_FOUND', `kubeconfig ${file} does not exist`, {
        hint: 'Pass --kubeconfig a file kubectl can use, or leave it out to use $KUBECONFIG or ~/.kube/config.',
      });
    }
    kc.loadFromFile(file);
    return kc;
  }
  kc.loadFromDefault();
  const cluster = kc.getCurrentCluster();
  if (kc.getCurrentContext() === 'loaded-context' && cluster?.server === 'http://localhost:8080') {
    throw new RegshiftError('KUBECONFIG_NOT_FOUND', 'no kubeconfig found and not running in a cluster', {
      hint: 'Set KUBECONFIG, create ~/.kube/config, or pass --kubeconfig FILE.',
    });
  }
  return kc;
}

function contextNames(kc: KubeConfig, options: KubeconfigOptions): string[] {
  const all = kc.getContexts().map((c) => c.name);
  if (options.allContexts) return all.length > 0 ? all : [kc.getCurrentContext()];
  const name = options.context ?? kc.getCurrentContext();
  if (options.context !== undefined && !all.includes(name)) {
    throw new RegshiftError('KUBE_CONTEXT_NOT_FOUND', `context "${name}" is not in the kubeconfig`, {
      hint: `Choose one of: ${all.join(', ') || '(none)'}; \`kubectl config get-contexts\` lists them.`,
    });
  }
  return [name];
}

function isLoopback(server: string): boolean {
  const host = new URL(server).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

function clientForContext(kc: KubeConfig, name: string, options: KubeconfigOptions): KubeClient {
  const server = kc.getCluster(kc.getContextObject(name)?.cluster ?? '')?.server;
  if (!server) {
    throw new RegshiftError('KUBE_CONTEXT_INVALID', `context "${name}" names no cluster with a server`, {
      hint: 'Fix the context in the kubeconfig (`kubectl config view`).',
    });
  }
  const own = new (kc.constructor as new () => KubeConfig)();
  own.loadFromOptions({
    clusters: kc.clusters,
    users: kc.users,
    contexts: kc.contexts,
    currentContext: name,
  });
  const timeoutMs = options.timeoutMs ?? clusterDefaults.timeoutMs;
  const namespace = kc.getContextObject(name)?.namespace;
  // After the connection itself failed, every later request fails the same way at once.
  let down: RegshiftError | undefined;
  // Compression pays over a network and only costs CPU on loopback.
  const gzip = !isLoopback(server);
  let agent: Agent | undefined;
  return {
    name,
    server,
    ...(namespace ? { namespace } : {}),
    async request(method, path, { query, body, contentType } = {}) {
      if (down) throw down;
      const opts: { headers?: Record<string, string>; [key: string]: unknown } = {};
      await own.applyToHTTPSOptions(opts as never);
      agent ??= new Agent({
        connections: options.connections ?? 8,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        connect: {
          timeout: timeoutMs,
          ca: opts['ca'] as never,
          cert: opts['cert'] as never,
          key: opts['key'] as never,
          ...(opts['rejectUnauthorized'] === false ? { rejectUnauthorized: false } : {}),
          ...(typeof opts['servername'] === 'string' ? { servername: opts['servername'] } : {}),
        },
      });
      const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
      if (typeof opts['auth'] === 'string')
        headers['authorization'] = `Basic ${Buffer.from(opts['auth']).toString('base64')}`;
      if (gzip) headers['accept-encoding'] = 'gzip';
      if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
      try {
        const res = await request(`${server.replace(/\/$/, '')}${path}${queryString(query)}`, {
          method,
          headers,
          dispatcher: agent,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        let bytes = Buffer.from(await res.body.arrayBuffer());
        if (res.headers['content-encoding'] === 'gzip') bytes = gunzipSync(bytes);
        let parsed: unknown;
        try {
          parsed = JSON.parse(bytes.toString('utf8'));
        } catch {
          parsed = undefined;
        }
        return { status: res.statusCode, body: parsed };
      } catch (error) {
        const timedOut = /timeout/i.test((error as { code?: string }).code ?? '');
        down = new RegshiftError(
          timedOut ? 'KUBE_TIMEOUT' : 'KUBE_UNREACHABLE',
          timedOut
            ? `${server} (context ${name}) did not answer within ${timeoutMs / 1000} s: ${(error as Error).message}`
            : `cannot reach ${server} (context ${name}): ${(error as Error).message}`,
          {
            hint: timedOut
              ? `Check that the cluster is up and answers from here (\`kubectl --context ${name} get --raw /version\`), or allow more time per request with --timeout.`
              : `Check that the cluster is up and reachable from here (\`kubectl --context ${name} get --raw /version\`).`,
            cause: error,
          },
        );
        throw down;
      }
    },
    async close() {
      // destroy, not close: requests still in flight to a server that stopped answering are abandoned.
      await agent?.destroy();
    },
  };
}

/** One client per context the options select (the current one, a named one, or all). */
export async function clientsFromKubeconfig(options: KubeconfigOptions = {}): Promise<KubeClient[]> {
  const kc = await loadConfig(options.kubeconfig);
  return contextNames(kc, options).map((name) => clientForContext(kc, name, options));
}
