// `regshift mirror` against hostile servers (test/registry/stubs, stubs because no real registry misbehaves
// on demand) with a real registry on the other side: the destination's credentials never reach an upload
// host on another origin, a source that trickles or floods fails within --timeout and in bounded memory,
// and a source's index naming a path for a digest is refused before any request is built from it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MirrorResult } from '../../src/mirror/index.js';
import { runCliChild } from '../registry/helpers/child.js';
import { dockerConfig, testRegistries, uniqueName } from '../registry/helpers/env.js';
import { seedImage } from '../registry/helpers/oci.js';
import { forward } from '../registry/stubs/fronts.js';
import {
  endless,
  isPing,
  ociIndexType,
  ociManifestType,
  type Stub,
  servesImage,
  stub,
  tinyImage,
  tricklesOne,
} from '../registry/stubs/hostile.js';
import { mirrorCli } from './helpers.js';
import { type OwnRegistry, startOwnRegistry } from './registry.js';

const env = testRegistries();
const name = uniqueName('hostile');
const source = `${env.plain}/${name}/app:v1`;
const password = 'destination-password';
const basic = `Basic ${Buffer.from(`someone:${password}`).toString('base64')}`;
let dest: OwnRegistry;
let stubs: Stub[] = [];

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void, address?: string) {
  const s = await stub(handler, address);
  stubs.push(s);
  return s;
}

beforeAll(async () => {
  dest = await startOwnRegistry();
  await seedImage(source, name, { layerBytes: 64 * 1024 });
});
afterAll(() => dest?.close());
afterEach(async () => {
  await Promise.all(stubs.map((s) => s.close()));
  stubs = [];
});

const image = tinyImage();
const serveImage = servesImage(image);

describe('the destination’s credentials', () => {
  it('never reach an upload Location on another origin', async () => {
    // E: the host the destination hands uploads to; it asks for Basic credentials, as a trap would.
    const uploads = await serve((req, res) => {
      req.resume();
      res.writeHead(401, { 'www-authenticate': 'Basic realm="uploads"' }).end();
    }, '127.0.0.3');
    // D: demands Basic credentials, passes everything to a real registry, but moves upload sessions to E.
    const front = await serve((req, res) => {
      if (req.headers.authorization !== basic) {
        req.resume();
        res.writeHead(401, { 'www-authenticate': 'Basic realm="destination"' }).end();
        return;
      }
      forward(req, res, dest.host, req.url, (headers) => {
        const location = headers.location;
        if (!location || !(req.url ?? '').includes('/blobs/uploads/')) return headers;
        const moved = new URL(location, `http://${dest.host}`);
        return { ...headers, location: `http://${uploads.host}${moved.pathname}${moved.search}` };
      });
    }, '127.0.0.2');
    const config = await dockerConfig({ auths: { [front.host]: { user: 'someone', password } } });
    const run = await mirrorCli(['--to', `${front.host}/mirror`, source, '-o', 'json'], {
      ...process.env,
      DOCKER_CONFIG: config,
    });
    expect(run.code).toBe(1);
    expect(run.results[0]).toMatchObject({ status: 'failed', error: { code: 'REGISTRY_PUSH_DENIED' } });
    expect(front.seen.some((s) => s.authorization === basic)).toBe(true);
    expect(uploads.seen.length).toBeGreaterThan(0);
    expect(uploads.seen.map((s) => s.authorization)).toEqual(uploads.seen.map(() => undefined));
    expect(run.stdout + run.stderr).not.toContain(password);
  });
});

describe('a hostile source', () => {
  const timeoutMs = 2000;
  const margin = 1500;
  /** Two bytes a second: never silent long enough for undici's idle timer; see test/registry/hostile.test.ts. */
  const pace = 500;

  it.each([['manifest' as const], ['blob' as const], ['token' as const]])(
    'trickling its %s body fails within --timeout',
    async (slow) => {
      const a = await serve(tricklesOne(image, slow, pace), '127.0.0.4');
      const started = performance.now();
      const run = await mirrorCli([
        '--to',
        `${dest.host}/slow`,
        `${a.host}/app:1`,
        '--timeout',
        '2s',
        '-o',
        'json',
      ]);
      const ms = performance.now() - started;
      expect(run.code).toBe(1);
      expect(run.results[0]).toMatchObject({ status: 'failed', error: { code: 'REGISTRY_TIMEOUT' } });
      expect(run.results[0]!.error!.message).toMatch(
        /no complete answer within 2 s|slower than 1024 bytes\/s/,
      );
      expect(ms).toBeLessThan(timeoutMs + margin);
    },
  );

  it('an endless manifest fails at the manifest limit, in bounded memory', async () => {
    const a = await serve((req, res) => {
      if (isPing(req)) res.writeHead(200).end('{}');
      else endless(res.writeHead(200, { 'content-type': ociManifestType }));
    }, '127.0.0.4');
    const run = await runCliChild(['mirror', '--to', `${dest.host}/flood`, `${a.host}/app:1`, '-o', 'json'], {
      HOME: '/nonexistent',
    });
    const [result] = (JSON.parse(run.stdout) as { results: MirrorResult[] }).results;
    expect(result).toMatchObject({ status: 'failed', error: { code: 'REGISTRY_TOO_LARGE' } });
    expect(run.maxRssMiB).toBeLessThan(300);
  });

  it('a blob longer than declared is cut off and never stored', async () => {
    const a = await serve((req, res) => {
      if (req.url?.includes('/blobs/')) endless(res.writeHead(200));
      else serveImage(req, res);
    }, '127.0.0.4');
    const run = await mirrorCli(['--to', `${dest.host}/long`, `${a.host}/app:1`, '-o', 'json']);
    expect(run.results[0]).toMatchObject({ status: 'failed', error: { code: 'REGISTRY_TOO_LARGE' } });
    const stored = await fetch(`http://${dest.host}/v2/long/app/blobs/${image.configDigest}`, {
      method: 'HEAD',
    });
    expect(stored.status).toBe(404);
  });

  it('an index child named by a path is refused before any request is built from it', async () => {
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: ociIndexType,
        manifests: [{ mediaType: ociManifestType, digest: '../../victim', size: 10 }],
      }),
    );
    const a = await serve((req, res) => {
      if (isPing(req)) res.writeHead(200).end('{}');
      else if (req.url === '/v2/app/manifests/1')
        res.writeHead(200, { 'content-type': ociIndexType }).end(index);
      else res.writeHead(404).end();
    }, '127.0.0.4');
    const watch = await serve((req, res) => forward(req, res, dest.host), '127.0.0.5');
    const run = await mirrorCli(['--to', `${watch.host}/victimless`, `${a.host}/app:1`, '-o', 'json']);
    expect(run.results[0]).toMatchObject({ status: 'failed', error: { code: 'REGISTRY_INVALID_NAME' } });
    expect(a.seen.map((s) => s.path).filter((p) => p !== '/v2/')).toEqual(['/v2/app/manifests/1']);
    for (const s of watch.seen) expect(s.path).toMatch(/^\/v2\/(victimless\/app\/|$)/);
  });
});
