// Failure modes of the connection itself, against loopback sockets (no real apiserver can refuse, stall a
// TLS handshake or never answer on demand): one diagnostic per cluster, `reachable: false`, and a
// per-request deadline rather than waiting for the OS.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCluster } from '../../src/cluster/index.js';

const dir = mkdtempSync(join(tmpdir(), 'regshift-unreachable-'));
const sockets: Socket[] = [];
let silent: Server;
let silentPort = 0;
let closedPort = 0;
let trickle: Server;
let tricklePort = 0;
const timers: NodeJS.Timeout[] = [];

function kubeconfig(server: string): string {
  const file = join(dir, `${encodeURIComponent(server)}.yaml`);
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'ctx',
    }),
  );
  return file;
}

beforeAll(async () => {
  // Accepts connections and never writes a byte: no TLS ServerHello, no HTTP response.
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
  // Answers headers at once, then a body of one byte every 100 ms: always active, never done.
  trickle = createServer((socket) => {
    sockets.push(socket);
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
      timers.push(setInterval(() => socket.writable && socket.write('1\r\n \r\n'), 100));
    });
  });
  await new Promise<void>((resolve) => trickle.listen(0, '127.0.0.1', resolve));
  tricklePort = (trickle.address() as { port: number }).port;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPort = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  await new Promise<void>((resolve) => trickle.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('an apiserver that cannot be used', () => {
  it('reports a refused connection once, with reachable: false', async () => {
    const r = await scanCluster({ kubeconfig: kubeconfig(`https://127.0.0.1:${closedPort}`) });
    expect(r.clusters.map((c) => [c.name, c.reachable])).toEqual([['ctx', false]]);
    expect(r.errors.map((e) => [e.cluster, e.code, e.path, e.count])).toEqual([
      ['ctx', 'KUBE_UNREACHABLE', '', undefined],
    ]);
    expect(r.errors[0]!.message).toMatch(
      /^cannot reach https:\/\/127\.0\.0\.1:\d+ \(context ctx\): .*ECONNREFUSED/,
    );
  });

  it('gives up on a TLS handshake that never completes after the per-request timeout', async () => {
    const r = await scanCluster({
      kubeconfig: kubeconfig(`https://127.0.0.1:${silentPort}`),
      timeoutMs: 300,
    });
    expect(r.clusters.map((c) => c.reachable)).toEqual([false]);
    expect(r.errors.map((e) => e.code)).toEqual(['KUBE_TIMEOUT']);
    expect(r.errors[0]!.message).toContain('did not answer within 0.3 s');
  });

  it('gives up on a server that accepts and never answers after the per-request timeout', async () => {
    const r = await scanCluster({ kubeconfig: kubeconfig(`http://127.0.0.1:${silentPort}`), timeoutMs: 300 });
    expect(r.clusters.map((c) => c.reachable)).toEqual([false]);
    expect(r.errors.map((e) => e.code)).toEqual(['KUBE_TIMEOUT']);
  });

  it('gives up on an answer that trickles in forever after the per-request timeout (the deadline covers the body)', async () => {
    const r = await scanCluster({
      kubeconfig: kubeconfig(`http://127.0.0.1:${tricklePort}`),
      timeoutMs: 500,
    });
    expect(r.clusters.map((c) => c.reachable)).toEqual([false]);
    expect(r.errors.map((e) => e.code)).toEqual(['KUBE_TIMEOUT']);
    // Without a whole-answer deadline this call never returns, and the test's own timeout fails it.
  }, 30_000);
});
