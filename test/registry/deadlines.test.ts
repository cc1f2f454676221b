// The registry client pointed at servers that trickle their answers (stubs: no real registry does this on
// demand): every request has a deadline that covers its body, and a caller's signal gathers no listeners.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  getManifest,
  headBlob,
  listTags,
  RegistryClient,
  type RegistryError,
  readBlob,
} from '../../src/registry/index.js';
import { runCli } from '../cli/run.js';
import { image, probe, serve, serveImage } from './helpers/hostile.js';
import { isPing, ociManifestType, trickle, tricklesOne } from './stubs/hostile.js';

describe('a deadline covers the body', () => {
  const timeoutMs = 2000;
  /** Room for the run's own work after the deadline fires. */
  const margin = 1500;
  /**
   * Two bytes a second: never silent for long enough to trip undici's idle-body timer (set a little
   * before the deadline, 1.1 s here), which is what a trickle defeats.
   */
  const pace = 500;

  /** The CLI in-process with `--timeout 2s -o json`, and how long it took. */
  async function timed(args: string[]) {
    const started = performance.now();
    const run = await runCli([...args, '--timeout', '2s', '-o', 'json'], {
      cwd: process.cwd(),
      env: { HOME: '/nonexistent' },
    });
    return { ...run, ms: performance.now() - started, json: JSON.parse(run.stdout) as unknown };
  }

  it.each([['manifest' as const], ['blob' as const], ['token' as const]])(
    'a %s body sent two bytes a second fails within --timeout, at the HTTP stage',
    async (slow) => {
      const a = await serve(tricklesOne(image, slow, pace));
      const run = await probe(a.host, { timeout: `${timeoutMs}ms` });
      expect(run.result.ok).toBe(false);
      expect(run.result.code).toBe('REGISTRY_TIMEOUT');
      expect(run.result.error).toMatch(new RegExp(`^HTTP ${a.host}: `));
      expect(run.result.error).toMatch(/no complete answer within 2 s|slower than 1024 bytes\/s/);
      expect(run.ms).toBeLessThan(timeoutMs + margin);
    },
  );

  it('an image’s manifest at its new location sent two bytes a second fails within --timeout', async () => {
    const old = await serve(serveImage, '127.0.0.2');
    const moved = await serve((req, res) => {
      if (req.url?.includes('/manifests/'))
        trickle(res.writeHead(200, { 'content-type': ociManifestType }), image.manifest, pace);
      else serveImage(req, res);
    }, '127.0.0.3');
    const run = await timed([
      'check',
      `${old.host}/app:1`,
      '--rule',
      `${old.host}=${moved.host}`,
      '--no-connectivity',
    ]);
    const [result] = (run.json as { images: { verdict: string; code: string; error: string }[] }).images;
    expect(run.code).toBe(1);
    expect(result).toMatchObject({ verdict: 'error', code: 'REGISTRY_TIMEOUT' });
    expect(result!.error).toBe(`HTTP ${moved.host}: manifest app:1: no complete answer within 2 s`);
    expect(run.ms).toBeLessThan(timeoutMs + margin);
  });

  it('a tag list sent two bytes a second fails `mirror --repo` within --timeout', async () => {
    const a = await serve((req, res) => {
      if (isPing(req)) res.writeHead(200).end('{}');
      else trickle(res.writeHead(200), Buffer.from('{"tags":["1"]}'), pace);
    });
    const run = await timed(['mirror', '--repo', `${a.host}/app`, '--to', '127.0.0.1:1/x', '--dry-run']);
    const [result] = (run.json as { results: { status: string; error: { code: string; message: string } }[] })
      .results;
    expect(run.code).toBe(1);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'REGISTRY_TIMEOUT' } });
    expect(result!.error.message).toBe(`HTTP ${a.host}: tags of app: no complete answer within 2 s`);
    expect(run.ms).toBeLessThan(timeoutMs + margin);
  });

  it('a caller’s long-lived signal gathers no listener per request', async () => {
    const a = await serve(serveImage);
    const client = await RegistryClient.create({ env: {} });
    const run = new AbortController();
    for (let i = 0; i < 30; i++) {
      await getManifest(
        client,
        { registry: a.host, repository: 'app', reference: '1' },
        { signal: run.signal },
      );
      await headBlob(
        client,
        { registry: a.host, repository: 'app', digest: image.configDigest },
        { signal: run.signal },
      );
      await readBlob(
        client,
        { registry: a.host, repository: 'app', digest: image.configDigest },
        { signal: run.signal },
      );
    }
    await client.close();
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
  });

  it('a tag list sent two bytes a second fails within the client’s timeout', async () => {
    const a = await serve((_req, res) => trickle(res.writeHead(200), Buffer.from('{"tags":["a"]}'), pace));
    const client = await RegistryClient.create({ env: {}, timeoutMs });
    const started = performance.now();
    const error = (await listTags(client, { registry: a.host, repository: 'app' }).catch(
      (e) => e,
    )) as RegistryError;
    await client.close();
    expect(error.code).toBe('REGISTRY_TIMEOUT');
    expect(error.message).toBe(`HTTP ${a.host}: tags of app: no complete answer within 2 s`);
    expect(performance.now() - started).toBeLessThan(timeoutMs + margin);
  });
});
