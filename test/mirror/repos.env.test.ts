// Repository mode against a real registry (docker-registry 2.8) seeded with 50 tags: tag filters,
// --dry-run, referrer tags kept out of the image list but copied with their subject, and a run cut off
// part way that the next run completes.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimit } from '../../src/concurrency.js';
import { mirrorImages } from '../../src/mirror/index.js';
import { uniqueName } from '../registry/helpers/env.js';
import { seedImage } from '../registry/helpers/oci.js';
import { mirrorCli } from './helpers.js';
import { type OwnRegistry, startOwnRegistry } from './registry.js';

const exec = promisify(execFile);
let source: OwnRegistry;
let dest: OwnRegistry;
const name = uniqueName('repo');
const versions = Array.from({ length: 45 }, (_, i) => `v1.${i}.0`);
const others = ['latest', 'stable', 'v2.0.0-rc.1', '3.9', 'edge'];
const tags = [...versions, ...others];
let repo: string;
let sigTag: string;

async function crane(...args: string[]): Promise<string> {
  return (await exec('crane', [...args], { maxBuffer: 1 << 24 })).stdout.trim();
}
async function digestsAt(base: string, list: readonly string[]): Promise<string[]> {
  return mapLimit(list, 8, (tag) => crane('digest', '--insecure', `${base}:${tag}`));
}

beforeAll(async () => {
  source = await startOwnRegistry();
  dest = await startOwnRegistry();
  repo = `${source.host}/${name}/app`;
  // Five distinct images sharing a base layer's size class; the other tags name one of them.
  const pushed: string[] = [];
  for (let i = 0; i < 5; i++)
    pushed.push(await seedImage(`${repo}:${tags[i]}`, `${name}-${i}`, { platforms: 2 }));
  await mapLimit(tags.slice(5), 4, (tag) =>
    crane('tag', '--insecure', `${repo}:${tags[tags.indexOf(tag) % 5]}`, tag),
  );
  // A tag shaped like cosign's signature of v1.0.0: not an image of its own, it goes with its subject.
  sigTag = `${pushed[0]!.replace(':', '-')}.sig`;
  await crane('tag', '--insecure', `${repo}:${tags[1]}`, sigTag);
}, 300_000);
afterAll(async () => {
  await source?.close();
  await dest?.close();
});

describe('mirror --repo', () => {
  it('--dry-run lists every image tag with its size and writes nothing', async () => {
    const run = await mirrorCli(['--to', `${dest.host}/dry`, '--repo', repo, '--dry-run', '-o', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.results.map((r) => r.target.split(':').pop()).sort()).toEqual([...tags].sort());
    expect(run.results.filter((r) => r.status !== 'would-copy' || r.size === 0)).toEqual([]);
    // Five distinct images: the blobs they share are counted once.
    const copied = run.results.reduce((sum, r) => sum + r.copiedBytes, 0);
    expect(copied).toBeGreaterThan(0);
    expect(copied).toBeLessThan(run.results.reduce((sum, r) => sum + r.size, 0) / 5);
    await expect(crane('ls', '--insecure', `${dest.host}/dry/${name}/app`)).rejects.toThrow();
  });

  it('takes the repositories from the config file when the command line names none', async () => {
    const config = join(tmpdir(), `${name}-regshift.yaml`);
    await writeFile(config, `repos:\n  - ${repo}\n`);
    const run = await mirrorCli([
      '--to',
      `${dest.host}/cfg`,
      '--config',
      config,
      '--dry-run',
      '--latest',
      '2',
      '-o',
      'json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.results.map((r) => r.target.split(':').pop())).toEqual(['3.9', 'v1.44.0']);
  });

  it('--tags, --semver and --latest choose tags', async () => {
    const regex = await mirrorCli([
      '--to',
      `${dest.host}/regex`,
      '--repo',
      repo,
      '--tags',
      'v1\\.1\\d\\.0',
      '-o',
      'json',
    ]);
    expect(regex.results.map((r) => r.target.split(':').pop()).sort()).toEqual(
      versions.filter((v) => /^v1\.1\d\.0$/.test(v)).sort(),
    );
    const latest = await mirrorCli([
      '--to',
      `${dest.host}/latest`,
      '--repo',
      repo,
      '--semver',
      '>=1.40.0 <2',
      '--latest',
      '3',
      '-o',
      'json',
    ]);
    expect(latest.code).toBe(0);
    expect(latest.results.map((r) => r.target.split(':').pop())).toEqual(['v1.44.0', 'v1.43.0', 'v1.42.0']);
    expect(latest.results.every((r) => r.status === 'copied')).toBe(true);
  });

  it('a run cut off part way is completed by the next; a third costs nothing', async () => {
    const to = `${dest.host}/full`;
    const stop = new AbortController();
    const cut = await mirrorImages({
      images: [],
      repos: [repo],
      to,
      jobs: 2,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.imagesDone >= 8) stop.abort(new Error('cut off'));
      },
    });
    const done = cut.results.filter((r) => r.status === 'copied').length;
    expect(done).toBeGreaterThanOrEqual(8);
    expect(done).toBeLessThan(tags.length);

    const again = await mirrorCli(['--to', to, '--repo', repo, '-o', 'json']);
    expect(again.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.results).toHaveLength(tags.length);
    const target = `${to}/${name}/app`;
    expect((await crane('ls', '--insecure', target)).split('\n').sort()).toEqual([...tags, sigTag].sort());
    expect(await digestsAt(target, tags)).toEqual(await digestsAt(repo, tags));
    expect(again.results.find((r) => r.target.endsWith(':v1.0.0'))?.referrers).toBe(1);

    const third = await mirrorCli(['--to', to, '--repo', repo, '-o', 'json']);
    expect(third.results.every((r) => r.status === 'up-to-date' && r.copiedBlobs === 0)).toBe(true);
  });

  it('a repository that cannot be listed is a failed row; a bad filter is an error', async () => {
    const missing = await mirrorCli([
      '--to',
      `${dest.host}/x`,
      '--repo',
      `${source.host}/${name}/nope`,
      '-o',
      'json',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.results[0]).toMatchObject({ source: `${source.host}/${name}/nope`, status: 'failed' });
    const bad = await mirrorCli(['--to', `${dest.host}/x`, '--repo', repo, '--semver', 'nonsense']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a version range/);
    const noRepo = await mirrorCli(['--to', `${dest.host}/x`, 'a/b:c', '--tags', 'x']);
    expect(noRepo.code).toBe(2);
    const tagged = await mirrorCli(['--to', `${dest.host}/x`, '--repo', `${repo}:v1.0.0`]);
    expect(tagged.code).toBe(2);
    expect(tagged.stderr).toMatch(/is not a repository name/);
  });
});
