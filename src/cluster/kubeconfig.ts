/** Kubeconfig → KubeClients: client-node's types and authenticators for credentials; transport.ts carries the bytes. */
import { RegshiftError } from '../errors.js';
import { type KubeClient, queryString } from './client.js';
import { credentialsFor } from './kubeconfig-auth.js';
import { type Kubeconfig, loadKubeconfig } from './kubeconfig-file.js';
import { clusterDefaults } from './options.js';
import { RequestTimeout, Transport, type TransportResponse } from './transport.js';

export interface KubeconfigOptions {
  /** A kubeconfig file; default $KUBECONFIG, ~/.kube/config, then in-cluster config. */
  kubeconfig?: string;
  context?: string;
  allContexts?: boolean;
  timeoutMs?: number;
  connections?: number;
}

function contextNames(kc: Kubeconfig, options: KubeconfigOptions): string[] {
  const all = kc.contexts.map((c) => c.name);
  if (options.allContexts) return all;
  const name = options.context ?? kc.currentContext;
  if (name === undefined) {
    throw new RegshiftError('KUBE_CONTEXT_NOT_FOUND', 'the kubeconfig sets no current context', {
      hint: `Pass --context NAME (one of: ${all.join(', ') || '(none)'}), or \`kubectl config use-context NAME\`.`,
    });
  }
  if (!all.includes(name)) {
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

function clientForContext(kc: Kubeconfig, name: string, options: KubeconfigOptions): KubeClient {
  const context = kc.contexts.find((c) => c.name === name);
  const cluster = kc.clusters.find((c) => c.name === context?.cluster);
  const server = cluster?.server;
  if (!cluster || !server) {
    throw new RegshiftError('KUBE_CONTEXT_INVALID', `context "${name}" names no cluster with a server`, {
      hint: 'Fix the context in the kubeconfig (`kubectl config view`).',
    });
  }
  const credentials = credentialsFor(
    cluster,
    kc.users.find((u) => u.name === context?.user),
  );
  const timeoutMs = options.timeoutMs ?? clusterDefaults.timeoutMs;
  const namespace = context?.namespace;
  // After the connection itself failed, every later request fails the same way at once.
  let down: RegshiftError | undefined;
  // Compression pays over a network and only costs CPU on loopback.
  const gzip = !isLoopback(server);
  const transport = new Transport(
    new URL(server),
    timeoutMs,
    options.connections ?? clusterDefaults.connections,
  );
  return {
    name,
    server,
    ...(namespace ? { namespace } : {}),
    async request(method, path, { query, body, contentType, accept } = {}) {
      if (down) throw down;
      const opts = await credentials();
      const headers: Record<string, string> = { accept: accept ?? 'application/json', ...opts.headers };
      if (gzip) headers['accept-encoding'] = 'gzip';
      if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
      let res: TransportResponse;
      try {
        const text = body === undefined ? undefined : JSON.stringify(body);
        res = await transport.send(method, `${path}${queryString(query)}`, opts, headers, text);
      } catch (error) {
        const timedOut = error instanceof RequestTimeout;
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
      if (String(res.headers['content-type']).startsWith('application/vnd.kubernetes.protobuf'))
        return { status: res.status, body: undefined, raw: res.bytes };
      let parsed: unknown;
      try {
        parsed = JSON.parse(res.bytes.toString('utf8'));
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed };
    },
    async close() {
      transport.close();
    },
  };
}

/** One client per context the options select (the current one, a named one, or all). */
export async function clientsFromKubeconfig(options: KubeconfigOptions = {}): Promise<KubeClient[]> {
  const kc = await loadKubeconfig(options.kubeconfig);
  return contextNames(kc, options).map((name) => clientForContext(kc, name, options));
}
