// `regshift check` against servers that never answer: a failure arrives within --timeout and names the
// stage. Loopback has no firewall to drop SYNs, so test/registry/stubs/hangs.ts fills a never-accepting
// listener's accept queue (the kernel then drops SYNs, as such a firewall does) and keeps a TCP server
// silent through the TLS handshake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connectivity } from '../../src/check/index.js';
import { main } from '../../src/cli/main.js';
import { RegistryClient, type RegistryError } from '../../src/registry/index.js';
import { captureIO, dockerConfig } from '../registry/helpers/env.js';
import { fullBacklog, type Hang, silentServer } from '../registry/stubs/hangs.js';

const timeoutMs = 2000;
/** How late a failure may come: a quarter of the timeout, for the retry's backoff and the run's own work. */
const margin = timeoutMs / 4;

const password = 'hang-secret-password';

async function check(registry: string) {
  // Credentials for the host, so that a failure could leak them if anything printed them.
  const config = await dockerConfig({ auths: { [registry]: { user: 'someone', password } } });
  const { io, out, err } = captureIO({
    PATH: process.env['PATH'],
    HOME: '/nonexistent',
    DOCKER_CONFIG: config,
  });
  const started = performance.now();
  const code = await main(['check', '--registry', registry, '--timeout', `${timeoutMs}ms`, '-o', 'json'], io);
  const ms = performance.now() - started;
  const [result] = (JSON.parse(out()) as { connectivity: Connectivity[] }).connectivity;
  return { code, ms, result: result!, output: out() + err() };
}

describe('a connection that hangs', () => {
  let tcp: Hang;
  let tls: Hang & { accepted: () => number };
  beforeAll(async () => {
    tcp = await fullBacklog();
    tls = await silentServer();
    // Load the command once, so that its first import does not count against the timeout below.
    await check('127.0.0.1:1');
  });
  afterAll(async () => {
    await tcp?.close();
    await tls?.close();
  });

  it('a connect whose SYNs are dropped fails at the TCP stage, within the timeout', async () => {
    const run = await check(tcp.host);
    expect(run.code).toBe(1);
    expect(run.result.ok).toBe(false);
    expect(run.result.error).toMatch(new RegExp(`^TCP ${tcp.host}: UND_ERR_CONNECT_TIMEOUT: `));
    expect(run.ms).toBeLessThan(timeoutMs + margin);
    expect(run.output).not.toContain(password);
  });

  it('a TLS handshake that never gets an answer fails at the TLS stage, within the timeout', async () => {
    const run = await check(tls.host);
    expect(run.code).toBe(1);
    expect(run.result.error).toMatch(
      new RegExp(
        `^TLS ${tls.host}: ERR_TLS_HANDSHAKE_TIMEOUT: TLS handshake with 127\\.0\\.0\\.1:\\d+ not done`,
      ),
    );
    expect(tls.accepted()).toBeGreaterThan(0); // the TCP connection itself was made
    expect(run.ms).toBeLessThan(timeoutMs + margin);
    expect(run.output).not.toContain(password);
  });

  it('the library gives up when its signal aborts, not when the stuck connect times out', async () => {
    // The connect timeout is five times the signal's deadline: undici alone would wait for it.
    const client = await RegistryClient.create({ env: {}, timeoutMs: timeoutMs * 5 });
    const started = performance.now();
    const error = (await client
      .request(tcp.host, '/v2/', { signal: AbortSignal.timeout(timeoutMs) })
      .catch((e: unknown) => e)) as RegistryError;
    const closing = performance.now();
    await client.close();
    expect(error.code).toBe('REGISTRY_TIMEOUT');
    expect(error.message).toBe(`HTTP ${tcp.host}: timed out`);
    expect(closing - started).toBeLessThan(timeoutMs + margin);
    // close() ends the abandoned connect rather than waiting for it.
    expect(performance.now() - closing).toBeLessThan(margin);
  });
});
