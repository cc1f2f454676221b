// The memory check's tree: about 1 GiB in fewer, larger files (some near 10 MiB), mostly without hits.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../lib/prng.js';
import { FileImages } from './images.js';
import { deployment } from './k8s-files.js';
import { words } from './text.js';

export interface LargeParams {
  generator: number;
  seed: number;
  /** Files just under the 10 MiB default --max-file-size, so they are read, not skipped. */
  huge: number;
  medium: number;
}

export const defaultLarge: LargeParams = { generator: 1, seed: 7, huge: 40, medium: 1300 };

type Kind = 'yaml' | 'json' | 'log';

/** A pool of chunks per kind; files are assembled from them, so 1 GiB generates in seconds. */
function chunkPools(rng: Random): Record<Kind, { clean: string[]; legacy: string[] }> {
  const yaml = (legacy: boolean) =>
    deployment({
      rng,
      app: `${words(rng, 1)}-${rng.hex(4)}`,
      domain: 'prod',
      im: new FileImages(rng, 'x', legacy),
    });
  const json = (legacy: boolean) => {
    const im = new FileImages(rng, 'x', legacy);
    return JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${rng.hex(8)}`, labels: { app: words(rng, 1) } },
      spec: { containers: [{ name: 'main', image: im.img().full, args: words(rng, 8).split(' ') }] },
    });
  };
  const log = (legacy: boolean) => {
    const im = new FileImages(rng, 'x', legacy);
    let out = '';
    for (let i = 0; i < 30; i++) {
      const image = i === 15 ? im.img().full : 'docker.io/library/nginx:1.25.3';
      out += `2024-03-0${rng.int(1, 9)}T12:${rng.int(10, 59)}:00Z INFO kubelet pulled ${image} ${words(rng, 8)}\n`;
    }
    return out;
  };
  const make = (f: (legacy: boolean) => string) => ({
    clean: Array.from({ length: 200 }, () => f(false)),
    legacy: Array.from({ length: 20 }, () => f(true)),
  });
  return { yaml: make(yaml), json: make(json), log: make(log) };
}

function assemble(
  rng: Random,
  pool: { clean: string[]; legacy: string[] },
  kind: Kind,
  size: number,
  hits: number,
) {
  const parts: string[] = [];
  let bytes = 0;
  const separator = kind === 'yaml' ? '---\n' : kind === 'json' ? ',\n' : '';
  while (bytes < size) {
    const chunk = rng.chance(hits / 2000) ? rng.pick(pool.legacy) : rng.pick(pool.clean);
    parts.push(chunk);
    bytes += chunk.length + separator.length;
  }
  if (hits > 0) parts[rng.int(0, parts.length - 1)] = rng.pick(pool.legacy);
  const body = parts.join(separator);
  return kind === 'json' ? `{"apiVersion":"v1","kind":"List","items":[\n${body}\n]}\n` : body;
}

/** Returns the number of bytes written and the paths planted with legacy references. */
export function generateLarge(
  root: string,
  params: LargeParams,
): { files: number; bytes: number; withHits: string[] } {
  const rng = new Random(params.seed);
  const pools = chunkPools(rng);
  const withHits: string[] = [];
  let bytes = 0;
  let files = 0;
  const write = (dir: string, index: number, size: number, hitChance: number) => {
    const kind = rng.pick<Kind>(['yaml', 'json', 'log']);
    const hits = rng.chance(hitChance) ? rng.int(1, 20) : 0;
    const content = assemble(rng, pools[kind], kind, size, hits);
    const path = `${dir}/${kind}-${String(index).padStart(4, '0')}.${kind}`;
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, path), content);
    files++;
    bytes += content.length;
    if (hits > 0) withHits.push(path);
  };
  const mib = 1024 * 1024;
  for (let i = 0; i < params.huge; i++)
    write('rendered', i, rng.int(Math.floor(9 * mib), Math.floor(9.9 * mib)), 0.25);
  for (let i = 0; i < params.medium; i++) write(`data/part-${i % 20}`, i, rng.int(100 * 1024, mib), 0.08);
  return { files, bytes, withHits };
}
