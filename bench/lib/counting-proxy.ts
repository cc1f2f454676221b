// A loopback HTTP proxy in front of a registry that counts requests by kind and TCP connections, to see
// where a tool's round trips go (`npm run bench -- mirror --repo --requests`). Requests and answers pass
// through unchanged, Host header included, so the registry's Location URLs name the proxy.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  host: string;
  counts: Map<string, number>;
  connections: number;
  reset(): void;
  close(): Promise<void>;
}

/** `GET manifest:tag`, `HEAD blob`, `PATCH upload`…: method and what the path names. */
export function requestKind(method: string, url: string): string {
  const path = url.split('?')[0]!;
  let what = 'other';
  if (/^\/v2\/?$/.test(path)) what = 'ping';
  else if (/\/manifests\/sha(256|384|512):/.test(path)) what = 'manifest:digest';
  else if (/\/manifests\/sha(256|384|512)-[a-f0-9]+\.(sig|att|sbom)$/.test(path))
    what = 'manifest:cosign-tag';
  else if (/\/manifests\/sha(256|384|512)-/.test(path)) what = 'manifest:schema-tag';
  else if (/\/manifests\//.test(path)) what = 'manifest:tag';
  else if (/\/blobs\/uploads\/?$/.test(path)) what = url.includes('mount=') ? 'upload:mount' : 'upload:start';
  else if (/\/blobs\/uploads\//.test(path)) what = 'upload';
  else if (/\/blobs\//.test(path)) what = 'blob';
  else if (/\/tags\/list/.test(path)) what = 'tags';
  else if (/\/referrers\//.test(path)) what = 'referrers';
  return `${method} ${what}`;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const [targetHost, targetPort] = target.split(':') as [string, string];
  const counts = new Map<string, number>();
  const state = { connections: 0 };
  const server: Server = createServer((req, res) => {
    const kind = requestKind(req.method ?? '?', req.url ?? '/');
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    const upstream = request(
      { host: targetHost, port: Number(targetPort), method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    counts,
    get connections() {
      return state.connections;
    },
    reset() {
      counts.clear();
      state.connections = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
