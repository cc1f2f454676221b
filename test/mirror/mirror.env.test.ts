// regshift mirror against real registries: byte-exact copies (read back with crane), re-runs that cost
// only HEADs, mounts within a run, --platform, --dry-run, check JSON input.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRegistries, uniqueName } from '../registry/helpers/env.js';
import { seedImage } from '../registry/helpers/oci.js';
import { craneHas, craneManifest, craneValidate, mirrorCli } from './helpers.js';
import { type OwnRegistry, startOwnRegistry } from './registry.js';

const env = testRegistries();
let dest: OwnRegistry;
const name = uniqueName('mirror');
const multi = `${env.plain}/${name}/multi:v1`;
const single = `${env.plain}/${name}/single:v2`;
/** The same content as `multi`, in another repository. */
const twin = `${env.plain}/${name}/twin:v1`;

beforeAll(async () => {
  dest = await startOwnRegistry();
  await seedImage(multi, `${name}-multi`, { platforms: 2, layerBytes: 64 * 1024 });
  await seedImage(single, `${name}-single`, { layerBytes: 32 * 1024 });
  await seedImage(twin, `${name}-multi`, { platforms: 2, layerBytes: 64 * 1024 });
});
afterAll(() => dest?.close());

describe('mirror', () => {
  it('copies every platform byte for byte, under HOST/PREFIX/<repository path>', async () => {
    const run = await mirrorCli(['--to', `${dest.host}/copy`, multi, single, '-o', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.results.map((r) => [r.target, r.status])).toEqual([
      [`${dest.host}/copy/${name}/multi:v1`, 'copied'],
      [`${dest.host}/copy/${name}/single:v2`, 'copied'],
    ]);
    for (const [from, to] of [
      [multi, `${dest.host}/copy/${name}/multi:v1`],
      [single, `${dest.host}/copy/${name}/single:v2`],
    ] as const) {
      expect((await craneManifest(to)).equals(await craneManifest(from))).toBe(true);
      await craneValidate(to);
    }
    const index = JSON.parse((await craneManifest(multi)).toString()) as { manifests: { digest: string }[] };
    expect(index.manifests).toHaveLength(2);
    expect(run.results[0]).toMatchObject({ copiedBlobs: 4, skippedBlobs: 0, mountedBlobs: 0 });
    expect(run.results[0]!.copiedBytes).toBeGreaterThan(2 * 64 * 1024);
  });

  it('costs only HEADs when the destination is up to date', async () => {
    const run = await mirrorCli(['--to', `${dest.host}/copy`, multi, single, '-o', 'json']);
    expect(run.code).toBe(0);
    expect(run.results.map((r) => [r.status, r.copiedBytes, r.skippedBlobs])).toEqual([
      ['up-to-date', 0, 4],
      ['up-to-date', 0, 2],
    ]);
  });

  it('copies a blob once per run: a second repository mounts it', async () => {
    const run = await mirrorCli(['--to', `${dest.host}/once`, multi, twin, '-o', 'json', '-j', '2']);
    expect(run.code).toBe(0);
    const [first, second] = run.results;
    expect(first!.copiedBlobs + second!.copiedBlobs).toBe(4);
    expect(first!.mountedBlobs + second!.mountedBlobs).toBe(4);
    expect((await craneManifest(`${dest.host}/once/${name}/twin:v1`)).equals(await craneManifest(twin))).toBe(
      true,
    );
    await craneValidate(`${dest.host}/once/${name}/twin:v1`);
  });

  it('mounts from an image found up to date in the same run', async () => {
    await mirrorCli(['--to', `${dest.host}/later`, multi]);
    const run = await mirrorCli(['--to', `${dest.host}/later`, multi, twin, '-o', 'json', '-j', '1']);
    expect(run.results.map((r) => [r.status, r.copiedBlobs, r.mountedBlobs])).toEqual([
      ['up-to-date', 0, 0],
      ['copied', 0, 4],
    ]);
    await craneValidate(`${dest.host}/later/${name}/twin:v1`);
  });

  it('--platform copies one platform and warns that the index digest changes', async () => {
    const run = await mirrorCli([
      '--to',
      `${dest.host}/arm`,
      '--platform',
      'linux/arm64',
      multi,
      '-o',
      'json',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: .*only 1 platform copied \(linux\/arm64\).*digest .* differs/);
    const copied = JSON.parse((await craneManifest(`${dest.host}/arm/${name}/multi:v1`)).toString());
    expect(
      copied.manifests.map((m: { platform: { architecture: string } }) => m.platform.architecture),
    ).toEqual(['arm64']);
    await craneValidate(`${dest.host}/arm/${name}/multi:v1`);
  });

  it('--dry-run reads and HEADs but writes nothing', async () => {
    const run = await mirrorCli(['--to', `${dest.host}/dry`, multi, '--dry-run', '-o', 'json']);
    expect(run.code).toBe(0);
    expect(run.results[0]).toMatchObject({ status: 'would-copy', copiedBlobs: 4 });
    expect(await craneHas(`${dest.host}/dry/${name}/multi:v1`)).toBe(false);
  });

  it('reads the JSON of check, fetching old-registry images from their new location (rules) unless --from-old', async () => {
    // A loopback port nothing listens on stands for the frozen old registry.
    const old = `127.0.0.1:9/${name}/single:v2`;
    const report = join(tmpdir(), `${name}-check.json`);
    await writeFile(report, JSON.stringify({ connectivity: [], images: [{ image: old, target: single }] }));
    const run = await mirrorCli(['--to', `${dest.host}/moved`, '--from', report, '-o', 'json']);
    expect(run.code).toBe(0);
    expect(run.results[0]).toMatchObject({
      source: old,
      fetchedFrom: single,
      target: `${dest.host}/moved/${name}/single:v2`,
      status: 'copied',
    });
    const rule = ['--rule', `127.0.0.1:9=${env.plain}`];
    const viaRule = await mirrorCli(['--to', `${dest.host}/rule`, ...rule, old, '-o', 'json']);
    expect(viaRule.results[0]).toMatchObject({ fetchedFrom: single, status: 'copied' });
    const fromOld = await mirrorCli([
      '--to',
      `${dest.host}/rule`,
      ...rule,
      '--from-old',
      old,
      '-o',
      'json',
      '--timeout',
      '2s',
    ]);
    expect(fromOld.code).toBe(1);
    expect(fromOld.results[0]).toMatchObject({ fetchedFrom: old, status: 'failed' });
  });

  it('prints a table with a total, and exits 2 without --to', async () => {
    const run = await mirrorCli(['--to', `${dest.host}/copy`, single]);
    expect(run.stdout).toContain('up-to-date');
    expect(run.stdout).toContain('1/1 images mirrored');
    const usage = await mirrorCli([single]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--to HOST/PREFIX');
  });
});
