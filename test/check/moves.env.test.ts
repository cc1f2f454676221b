// `regshift check` against a real registry seeded to mimic a registry move like Bitnami's: the old
// organisation, the new one holding copies of most tags, and an excluded tag that was never copied.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageCheck } from '../../src/check/index.js';
import { main } from '../../src/cli/main.js';
import { captureIO, testRegistries, uniqueName } from '../registry/helpers/env.js';
import { seedImage } from '../registry/helpers/oci.js';

const env = testRegistries();
const org = uniqueName('vendor');
const old = `${env.plain}/${org}`;
const moved = `${env.plain}/${org}legacy`;
const config = join(tmpdir(), `${uniqueName('regshift')}.yaml`);

async function check(images: string[]) {
  const { io, out, err } = captureIO({ PATH: process.env['PATH'], HOME: '/nonexistent' });
  const args = ['check', ...images, '--config', config, '--no-connectivity', '-o', 'json'];
  const code = await main(args, io);
  return { code, err: err(), images: (JSON.parse(out()) as { images: ImageCheck[] }).images };
}

beforeAll(async () => {
  await writeFile(
    config,
    `rules:\n  - {from: ${old}, to: ${moved}, exceptTags: ["*-debian-10-*"], note: "copied on 2025-08-28"}\n`,
  );
  // Copied: the same bytes under the new organisation.
  await seedImage(`${old}/redis:7.2.4-debian-12-r9`, 'redis');
  await seedImage(`${moved}/redis:7.2.4-debian-12-r9`, 'redis');
  // Left behind: only at the old location.
  await seedImage(`${old}/postgresql:11.14.0-debian-10-r22`, 'postgresql');
  // Missing at the new location although the move should have copied it.
  await seedImage(`${old}/kafka:3.7.0-debian-12-r1`, 'kafka');
});

describe('check and a move with tags left behind', () => {
  it('gives same-digest for a copied tag, missing with the reason for an excluded one, missing for a lost one', async () => {
    const run = await check([
      `${old}/redis:7.2.4-debian-12-r9`,
      `${old}/postgresql:11.14.0-debian-10-r22`,
      `${old}/kafka:3.7.0-debian-12-r1`,
    ]);
    expect(run.code).toBe(1);
    const [copied, excluded, lost] = run.images;
    expect(copied).toMatchObject({ verdict: 'same-digest', target: `${moved}/redis:7.2.4-debian-12-r9` });
    expect(excluded).toMatchObject({
      verdict: 'missing',
      error: `no target: this tag (11.14.0-debian-10-r22) was not copied to ${moved}; mirror it or move to a maintained image`,
    });
    expect(lost).toMatchObject({ verdict: 'missing', target: `${moved}/kafka:3.7.0-debian-12-r1` });
    expect(lost!.error).not.toContain('was not copied');
  });
});
