// `regshift check` end to end, in process, against the real registries of test/env with images seeded by
// crane. The registry.k8s.io-like front is a stub because no loopback registry redirects across hosts.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connectivity, ImageCheck } from '../../src/check/index.js';
import { main } from '../../src/cli/main.js';
import { captureIO, dockerConfig, testRegistries, uniqueName } from '../registry/helpers/env.js';
import { seedImage } from '../registry/helpers/oci.js';
import { type Front, k8sLikeFront } from '../registry/stubs/fronts.js';

const env = testRegistries();
const old = `${env.plain}/${uniqueName('old')}`;
const moved = `${env.plain}/${uniqueName('new')}`;
const rule = `${old}=${moved}`;
const baseEnv = { PATH: process.env['PATH'], HOME: '/nonexistent' };

interface Report {
  connectivity: Connectivity[];
  images: ImageCheck[];
}

async function check(args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}) {
  const { io, out, err } = captureIO({ ...baseEnv, ...options.env }, options.stdin);
  const code = await main(['check', ...args], io);
  return { code, out: out(), err: err(), json: () => JSON.parse(out()) as Report };
}

beforeAll(async () => {
  await seedImage(`${old}/same:1`, 'same', { platforms: 2 });
  await seedImage(`${moved}/same:1`, 'same', { platforms: 2 });
  await seedImage(`${old}/gone:1`, 'gone');
  await seedImage(`${old}/differs:1`, 'differs-old');
  await seedImage(`${moved}/differs:1`, 'differs-new');
  await seedImage(`${moved}/only-new:1`, 'only-new');
});

describe('images', () => {
  it('gives each verdict, with digests, and exits 1', async () => {
    const images = ['same', 'gone', 'differs', 'only-new'].map((n) => `${old}/${n}:1`);
    const run = await check([...images, '--rule', rule, '--no-connectivity', '-o', 'json']);
    expect(run.code).toBe(1);
    const byImage = Object.fromEntries(run.json().images.map((i) => [i.image, i]));
    expect(byImage[`${old}/same:1`]).toMatchObject({
      target: `${moved}/same:1`,
      verdict: 'same-digest',
      error: null,
    });
    expect(byImage[`${old}/same:1`]!.sourceDigest).toBe(byImage[`${old}/same:1`]!.targetDigest);
    expect(byImage[`${old}/gone:1`]).toMatchObject({ verdict: 'missing', targetDigest: null });
    expect(byImage[`${old}/differs:1`]!.verdict).toBe('digest-differs');
    expect(byImage[`${old}/only-new:1`]).toMatchObject({ verdict: 'source-missing', sourceDigest: null });
    expect(Object.keys(run.json().images[0]!).sort()).toEqual(
      [
        'code',
        'detail',
        'error',
        'hint',
        'image',
        'sourceDigest',
        'target',
        'targetDigest',
        'verdict',
      ].sort(),
    );
  });

  it('exits 0 when every image is same-digest and the registry is reachable', async () => {
    const run = await check([`${old}/same:1`, '--rule', rule]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/✓ +\S+same:1 +\S+same:1 +same-digest/);
    expect(run.out).toContain(`✓ ${env.plain}`);
  });

  it('reads scan JSON from --from and references from stdin, once each', async () => {
    const report = {
      findings: [
        { image: `${old}/same:1`, replacement: `${moved}/same:1` },
        { image: `${old}/same:1`, replacement: `${moved}/same:1` },
        { image: null, replacement: null },
      ],
    };
    const file = join(tmpdir(), `${uniqueName('scan')}.json`);
    await writeFile(file, JSON.stringify(report));
    const run = await check(['--from', file, '-', '--no-connectivity', '-o', 'json'], {
      stdin: `# from a list\n${old}/gone:1\n`,
    });
    const images = run.json().images;
    expect(images.map((i) => i.image)).toEqual([`${old}/same:1`, `${old}/gone:1`]);
    expect(images[1]!.verdict).toBe('error');
    expect(images[1]!.error).toContain('no rule moves');
    expect(images[1]!.hint).toContain('--rule');
  });
});

describe('connectivity', () => {
  let front: Front;
  beforeAll(async () => {
    front = await k8sLikeFront(() => env.plain);
  });
  afterAll(() => front.close());

  it('follows a registry.k8s.io-like front through every redirect and lists the hosts to allow', async () => {
    const run = await check([
      '--registry',
      front.host,
      '--probe',
      `${front.host}/${moved.split('/')[1]}/same:1`,
      '-o',
      'json',
    ]);
    expect(run.code).toBe(0);
    const [result] = run.json().connectivity;
    expect(result).toMatchObject({ registry: front.host, ok: true, error: null });
    expect(result!.hosts).toEqual([front.host, env.plain]);
    const urls = result!.hops.map((h) => `${h.status} ${h.url}`);
    expect(urls[0]).toBe(`200 http://${front.host}/v2/`);
    expect(urls.some((u) => u.startsWith(`307 http://${front.host}/artifacts-downloads/`))).toBe(true);
    expect(urls.some((u) => /^200 http:\/\/.+\/blobs\/sha256:/.test(u))).toBe(true);
    expect(result!.hops.every((h) => typeof h.ms === 'number')).toBe(true);
  });

  it('an unreachable host fails at the TCP stage, naming it, within the timeout', async () => {
    const run = await check(['--registry', '127.0.0.1:1', '--timeout', '2s', '-o', 'json']);
    expect(run.code).toBe(1);
    const [result] = run.json().connectivity;
    expect(result!.ok).toBe(false);
    expect(result!.error).toMatch(/^TCP 127\.0\.0\.1:1: /);
  });

  it('a name that does not resolve fails at the DNS stage', async () => {
    const run = await check([
      '--registry',
      'registry.regshift-test.invalid',
      '--timeout',
      '2s',
      '-o',
      'json',
    ]);
    expect(run.json().connectivity[0]!.error).toMatch(/^DNS registry\.regshift-test\.invalid: /);
  });

  it('TLS: fails naming the stage without the CA, passes with --ca-file', async () => {
    const without = await check(['--registry', env.tls, '-o', 'json']);
    expect(without.json().connectivity[0]!.error).toMatch(new RegExp(`^TLS ${env.tls}: `));
    const withCa = await check(['--registry', env.tls, '--ca-file', env.caFile, '-o', 'json']);
    expect(withCa.json().connectivity[0]!.ok).toBe(true);
  });

  it('never shows credentials or tokens, whether they work or not', async () => {
    for (const [registry, password] of [
      [env.basic, env.password],
      [env.basic, `${env.password}-wrong`],
      [env.token, env.password],
      [env.token, `${env.password}-wrong`],
    ] as const) {
      const dir = await dockerConfig({ auths: { [registry]: { user: env.user, password } } });
      const args = ['--registry', registry, '--probe', `${registry}/nothing/here:1`, '--ca-file', env.caFile];
      const run = await check([...args, '-o', 'json'], { env: { DOCKER_CONFIG: dir } });
      // The exchange got as far as the registry's answer: 404 with good credentials, 401 with bad ones.
      expect(run.json().connectivity[0]!.error).toMatch(password === env.password ? / 404 / : / 401 /);
      const everything = run.out + run.err;
      expect(everything).not.toContain(env.password);
      expect(everything).not.toContain(Buffer.from(`${env.user}:${password}`).toString('base64'));
      expect(everything).not.toMatch(/Bearer|Basic [A-Za-z0-9+/=]{8,}/);
    }
  });

  it('the table shows hops and the allow-list; usage errors exit 2', async () => {
    const run = await check([
      '--registry',
      front.host,
      '--probe',
      `${front.host}/${moved.split('/')[1]}/same:1`,
    ]);
    expect(run.out).toContain(`hosts to allow: ${front.host}, ${env.plain}`);
    expect(run.out).toMatch(/307 +127\.0\.0\.1:\d+ +\d+ ms/);
    expect((await check(['-o', 'xml'])).code).toBe(2);
    expect((await check(['--timeout', 'soon'])).code).toBe(2);
  });
});
