// HTTPS_PROXY / HTTP_PROXY / NO_PROXY, through a real forward proxy (Debian's tinyproxy, started here on a
// loopback port with its own config: test/registry/helpers/proxy.ts) to the real registries of test/env.
// A TCP tap in front of the proxy records every byte the client sends it, so the tests see what the proxy
// (and anyone on the way to it) could read, besides what tinyproxy logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connectivity } from '../../src/check/index.js';
import { main } from '../../src/cli/main.js';
import { captureIO, dockerConfig, testRegistries, uniqueName } from './helpers/env.js';
import { seedImage } from './helpers/oci.js';
import { type ForwardProxy, startProxy } from './helpers/proxy.js';
import { type Front, k8sLikeFront } from './stubs/fronts.js';

const env = testRegistries();
const repo = uniqueName('proxy');
const proxyUser = { user: 'proxyuser', password: 'proxy-secret' };
const base64 = (text: string) => Buffer.from(text).toString('base64');
let proxy: ForwardProxy;
let front: Front;
let auths: string;

beforeAll(async () => {
  auths = await dockerConfig({ auths: { [env.basic]: env, [env.token]: env } });
  for (const registry of [env.plain, env.basic, env.token]) {
    await seedImage(`${registry}/${repo}:1`, 'proxy', { dockerConfig: auths, caFile: env.caFile });
  }
  proxy = await startProxy({ basicAuth: proxyUser });
  // Plain HTTP with Basic auth, redirecting to the plain registry: an Authorization that the proxy must see.
  front = await k8sLikeFront(() => env.plain, { basicAuth: 'frontuser:front-secret' });
  auths = await dockerConfig({
    auths: {
      [env.basic]: env,
      [env.token]: env,
      [front.host]: { user: 'frontuser', password: 'front-secret' },
    },
  });
});
afterAll(async () => {
  await front?.close();
  await proxy?.close();
});

const proxyUrl = (password = proxyUser.password, host = () => proxy.host) =>
  `http://${proxyUser.user}:${password}@${host()}`;

/** `regshift check` in process; what the proxy logged and was sent during this run only. */
async function check(registry: string, extraEnv: NodeJS.ProcessEnv, probe = true) {
  const logBefore = (await proxy.log()).length;
  const connectionsBefore = proxy.sent().length;
  const { io, out, err } = captureIO({
    PATH: process.env['PATH'],
    HOME: '/nonexistent',
    DOCKER_CONFIG: auths,
    ...extraEnv,
  });
  const args = ['--registry', registry, ...(probe ? ['--probe', `${registry}/${repo}:1`] : [])];
  const code = await main(['check', ...args, '--ca-file', env.caFile, '--timeout', '5s', '-o', 'json'], io);
  const output = out() + err();
  return {
    code,
    output,
    result: (JSON.parse(out()) as { connectivity: Connectivity[] }).connectivity[0]!,
    log: (await proxy.log()).slice(logBefore),
    connections: proxy.sent().slice(connectionsBefore),
  };
}

/** The request lines tinyproxy logged. */
const requests = (log: string) =>
  [...log.matchAll(/Request \(file descriptor \d+\): (.+)$/gm)].map((m) => m[1]!);

/**
 * The header blocks a proxy reads in clear on each connection: a CONNECT's (what follows is TLS), or
 * every request of a plain-HTTP connection.
 */
const clearRequests = (connections: string[]) =>
  connections.flatMap((text) =>
    text.startsWith('CONNECT ')
      ? [text.slice(0, text.indexOf('\r\n\r\n'))]
      : text.split('\r\n\r\n').filter((block) => /^(GET|HEAD) http:\/\/\S+ HTTP\/1\.1\r\n/.test(block)),
  );

const registrySecrets = [
  env.password,
  base64(`${env.user}:${env.password}`),
  'front-secret',
  base64('frontuser:front-secret'),
];

describe('through a real proxy (tinyproxy)', () => {
  it.each([
    ['Basic', env.basic],
    ['token', env.token],
  ])(
    'HTTPS to the %s registry is tunnelled with CONNECT; its credentials stay inside TLS',
    async (_, registry) => {
      const run = await check(registry, { HTTPS_PROXY: proxyUrl() });
      expect(run.result).toMatchObject({ ok: true, error: null });
      expect(run.code).toBe(0);
      const lines = requests(run.log);
      expect(lines).toContain(`CONNECT ${registry} HTTP/1.1`);
      expect(lines.every((line) => line.startsWith('CONNECT '))).toBe(true);
      if (registry === env.token) {
        // The token realm (https://localhost:<port>/token) went through the proxy as well.
        expect(run.result.hosts.length).toBe(2);
        expect(lines).toContain(`CONNECT ${run.result.hosts[1]} HTTP/1.1`);
      }
      // In clear, the proxy gets CONNECT lines and its own credentials, which that protocol requires...
      const clear = clearRequests(run.connections);
      expect(clear.length).toBeGreaterThan(0);
      for (const block of clear) {
        expect(block).toMatch(/^CONNECT /);
        expect(block).toContain(`proxy-authorization: Basic ${base64('proxyuser:proxy-secret')}`);
      }
      // ...and nothing of the registry's: no Authorization, no password, no token.
      expect(run.connections.join('\n')).not.toMatch(/^authorization:/im);
      expect(run.connections.join('\n')).not.toMatch(/Bearer/);
      for (const secret of registrySecrets) expect(run.connections.join('\n')).not.toContain(secret);
      // The proxy's log and regshift's output hold no credential at all.
      for (const secret of [...registrySecrets, proxyUser.password, base64('proxyuser:proxy-secret')]) {
        expect(run.log).not.toContain(secret);
        expect(run.output).not.toContain(secret);
      }
    },
  );

  it('plain HTTP goes to the proxy as absolute URIs; Authorization only to its own host, never logged', async () => {
    // Lower-case names, as curl and wget use them.
    const run = await check(front.host, { http_proxy: proxyUrl(), https_proxy: proxyUrl() });
    expect(run.result).toMatchObject({ ok: true, error: null });
    const lines = requests(run.log);
    expect(lines).toContain(`GET http://${front.host}/v2/ HTTP/1.1`);
    expect(lines).toContain(`GET http://${front.host}/v2/${repo}/manifests/1 HTTP/1.1`);
    // The front's redirects lead to the plain registry, also through the proxy.
    expect(lines.some((l) => l.startsWith(`GET http://${env.plain}/v2/${repo}/`))).toBe(true);
    // Plain HTTP through a proxy carries the registry's Authorization in clear: the protocol requires it.
    // It goes only with requests for the front's host, never to the host its redirects lead to.
    const clear = clearRequests(run.connections);
    const withAuthorization = clear.filter((b) => /^authorization:/im.test(b));
    expect(withAuthorization.length).toBeGreaterThan(0);
    for (const block of withAuthorization) expect(block).toMatch(new RegExp(`^GET http://${front.host}/`));
    expect(clear.some((b) => b.startsWith(`GET http://${env.plain}/`))).toBe(true);
    for (const secret of [...registrySecrets, proxyUser.password, base64('proxyuser:proxy-secret')]) {
      expect(run.log).not.toContain(secret);
      expect(run.output).not.toContain(secret);
    }
  });

  it('NO_PROXY (host:port, or the host alone) bypasses the proxy', async () => {
    for (const noProxy of [{ NO_PROXY: `example.invalid, ${env.plain}` }, { no_proxy: '127.0.0.1' }]) {
      const run = await check(env.plain, { HTTPS_PROXY: proxyUrl(), HTTP_PROXY: proxyUrl(), ...noProxy });
      expect(run.result).toMatchObject({ ok: true, error: null });
      expect(run.log).toBe('');
      expect(run.connections).toEqual([]);
    }
    // The same check without NO_PROXY does go through it.
    const control = await check(env.plain, { HTTPS_PROXY: proxyUrl(), HTTP_PROXY: proxyUrl() });
    expect(control.result.ok).toBe(true);
    expect(requests(control.log)).toContain(`GET http://${env.plain}/v2/ HTTP/1.1`);
  });
});

describe('proxy failures name the stage and show no credential', () => {
  it('wrong proxy credentials: the proxy refuses, for HTTPS and HTTP alike', async () => {
    for (const [registry, variable] of [
      [env.token, 'HTTPS_PROXY'],
      [env.plain, 'HTTP_PROXY'],
    ] as const) {
      const run = await check(registry, { [variable]: proxyUrl('wrong-secret') });
      expect(run.code).toBe(1);
      expect(run.result.error).toMatch(new RegExp(`^HTTP ${registry}: the proxy answered 40[17]$`));
      expect(run.output).not.toContain('wrong-secret');
      expect(run.output).not.toContain(base64('proxyuser:wrong-secret'));
      expect(run.log).not.toContain('wrong-secret');
    }
  });

  it('a proxy that is down: a TCP failure, within the timeout, without the proxy password', async () => {
    const run = await check(env.token, { HTTPS_PROXY: proxyUrl(proxyUser.password, () => '127.0.0.1:1') });
    expect(run.code).toBe(1);
    expect(run.result.error).toMatch(new RegExp(`^TCP ${env.token}: .*ECONNREFUSED 127\\.0\\.0\\.1:1`));
    expect(run.output).not.toContain(proxyUser.password);
  });
});
