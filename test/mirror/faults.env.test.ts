// Faults against real registries: a destination killed mid-copy and restarted, a throttling source, a
// source serving a corrupted blob, a destination refusing pushes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mirrorImages } from '../../src/mirror/index.js';
import { testRegistries, uniqueName } from '../registry/helpers/env.js';
import { seedImage } from '../registry/helpers/oci.js';
import { throttlingFront } from '../registry/stubs/fronts.js';
import { corruptingFront, denyingFront } from './fronts.js';
import { craneHas, craneManifest, craneValidate, mirrorCli } from './helpers.js';
import { type OwnRegistry, startOwnRegistry } from './registry.js';

const env = testRegistries();
const name = uniqueName('faults');
let dest: OwnRegistry;
const images = Array.from({ length: 6 }, (_, i) => `${env.plain}/${name}/app-${i}:v1`);

beforeAll(async () => {
  dest = await startOwnRegistry();
  await Promise.all(
    images.map((ref, i) => seedImage(ref, `${name}-${i}`, { platforms: 2, layerBytes: 256 * 1024 })),
  );
});
afterAll(() => dest?.close());

/** Blobs of `images` (read from the source) that `prefix` lacks, by HEAD on the destination. */
async function missingBlobs(refs: string[], prefix: string): Promise<number> {
  let missing = 0;
  for (const ref of refs) {
    const repository = ref.slice(env.plain.length + 1, ref.lastIndexOf(':'));
    const index = JSON.parse((await craneManifest(ref)).toString()) as { manifests: { digest: string }[] };
    for (const child of index.manifests) {
      const json = JSON.parse(
        (await craneManifest(`${env.plain}/${repository}@${child.digest}`)).toString(),
      ) as {
        config: { digest: string };
        layers: { digest: string }[];
      };
      for (const blob of [json.config, ...json.layers]) {
        const answer = await fetch(
          `http://${prefix.split('/')[0]}/v2/${prefix.split('/').slice(1).join('/')}/${repository}/blobs/${blob.digest}`,
          { method: 'HEAD' },
        );
        if (answer.status === 404) missing++;
      }
    }
  }
  return missing;
}

describe('mirror faults', () => {
  it('completes byte-exact after the destination is killed mid-copy and restarted, copying only what was missing', async () => {
    let killed: Promise<void> | undefined;
    const first = await mirrorImages({
      images: images.map((image) => ({ image })),
      to: `${dest.host}/crash`,
      jobs: 1,
      onProgress: (p) => {
        if (p.blobsDone >= 5 && !killed) killed = dest.kill();
      },
    });
    await killed;
    const failed = first.results.filter((r) => r.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) expect(r.error?.message).toContain(dest.host);
    const copiedBefore = first.results.reduce((n, r) => n + r.copiedBlobs, 0);
    expect(copiedBefore).toBeGreaterThan(0);

    await dest.restart();
    // What the restarted registry lacks, asked of it directly (a blob whose PUT was cut off is not there).
    const missing = await missingBlobs(images, `${dest.host}/crash`);
    expect(missing).toBeGreaterThan(0);
    expect(missing).toBeLessThan(images.length * 4);
    const second = await mirrorImages({
      images: images.map((image) => ({ image })),
      to: `${dest.host}/crash`,
    });
    expect(second.results.map((r) => r.status)).toEqual(
      first.results.map((r) => (r.status === 'copied' ? 'up-to-date' : 'copied')),
    );
    // Exactly what was missing is copied; the rest of the images that failed is found and skipped.
    expect(second.results.reduce((n, r) => n + r.copiedBlobs + r.mountedBlobs, 0)).toBe(missing);
    expect(second.results.reduce((n, r) => n + r.skippedBlobs, 0)).toBe(images.length * 4 - missing);
    for (const ref of images) {
      const target = `${dest.host}/crash/${ref.slice(env.plain.length + 1)}`;
      expect((await craneManifest(target)).equals(await craneManifest(ref))).toBe(true);
      await craneValidate(target);
    }
  });

  it('honours Retry-After from a throttling source', async () => {
    const front = await throttlingFront(env.plain);
    try {
      const top = `/v2/${name}/app-0/manifests/v1`;
      const answers: { status: number | null; at: number }[] = [];
      const report = await mirrorImages({
        images: [{ image: `${front.host}/${name}/app-0:v1` }],
        to: `${dest.host}/throttled`,
        registry: {
          onHop: (hop) => {
            if (hop.host === front.host && hop.url.endsWith(top))
              answers.push({ status: hop.status, at: Date.now() });
          },
        },
      });
      expect(report.results[0]).toMatchObject({ status: 'copied', error: null });
      // Every first request (manifests and blobs) got 429, and each was tried once more.
      expect(front.seen.filter((s) => s.path === top)).toHaveLength(2);
      expect(answers.map((a) => a.status)).toEqual([429, 200]);
      // The retry waited for Retry-After (1 s), not the client's own shorter first backoff (250 ms).
      expect(answers[1]!.at - answers[0]!.at).toBeGreaterThanOrEqual(950);
      expect(
        (await craneManifest(`${dest.host}/throttled/${name}/app-0:v1`)).equals(
          await craneManifest(images[0]!),
        ),
      ).toBe(true);
    } finally {
      await front.close();
    }
  });

  it('fails only the image whose blob is corrupted, and tags nothing of it', async () => {
    // The same content in another repository, read from the registry directly: good bytes of the same digest.
    const twin = `${env.plain}/${name}/app-1-twin:v1`;
    await seedImage(twin, `${name}-1`, { platforms: 2, layerBytes: 256 * 1024 });
    const index = JSON.parse((await craneManifest(images[1]!)).toString()) as {
      manifests: { digest: string }[];
    };
    const child = JSON.parse(
      (await craneManifest(`${env.plain}/${name}/app-1@${index.manifests[1]!.digest}`)).toString(),
    ) as { layers: { digest: string }[] };
    const layer = child.layers[0]!.digest;
    const front = await corruptingFront(env.plain, layer);
    try {
      const sources = [1, 2].map((i) => `${front.host}/${name}/app-${i}:v1`);
      const run = await mirrorCli([
        '--to',
        `${dest.host}/corrupt`,
        ...sources,
        twin,
        '-o',
        'json',
        '-j',
        '1',
      ]);
      expect(run.code).toBe(1);
      const [bad, good, same] = run.results;
      expect(bad).toMatchObject({ status: 'failed', error: { code: 'DIGEST_MISMATCH' } });
      expect(bad!.error!.message).toContain(`expected ${layer}`);
      expect(bad!.error!.hint).toContain('do not trust');
      expect(good).toMatchObject({ status: 'copied', error: null });
      expect(await craneHas(`${dest.host}/corrupt/${name}/app-1:v1`)).toBe(false);
      for (const m of index.manifests)
        expect(await craneHas(`${dest.host}/corrupt/${name}/app-1@${m.digest}`)).toBe(false);
      await craneValidate(`${dest.host}/corrupt/${name}/app-2:v1`);
      // The failed copy of a shared blob does not fail the next image that needs it: it reads that blob from
      // its own source, and mounts the three the failed image had stored (verified, just never referenced).
      expect(same).toMatchObject({ status: 'copied', copiedBlobs: 1, mountedBlobs: 3, error: null });
      await craneValidate(`${dest.host}/corrupt/${name}/app-1-twin:v1`);
    } finally {
      await front.close();
    }
  });

  it('names the registry and the permission needed when the destination refuses the push (403)', async () => {
    const front = await denyingFront(dest.host);
    try {
      const run = await mirrorCli(['--to', `${front.host}/denied`, images[0]!]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`HTTP ${front.host}: 403 for push to denied/${name}/app-0: DENIED`);
      expect(run.stdout).toContain(`grant push (write) permission on repository denied/${name}/app-0`);
    } finally {
      await front.close();
    }
  });
});
