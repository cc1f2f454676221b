// Images for the mirror benchmark, written as OCI layouts and pushed with crane: 20 two-platform images
// that share a base layer per platform (random bytes: nothing compresses or deduplicates by accident).
import { execFile } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const layerType = 'application/vnd.oci.image.layer.v1.tar';
const manifestType = 'application/vnd.oci.image.manifest.v1+json';
const indexType = 'application/vnd.oci.image.index.v1+json';

interface Desc {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string };
}

/** Random bytes, starting with a hash of `seed` so two layers can never be equal by chance. */
function bytesFrom(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  randomFillSync(out);
  out.write(createHash('sha256').update(seed).digest('hex'), 0);
  return out;
}

class Layout {
  constructor(readonly dir: string) {}
  async add(bytes: Buffer, mediaType: string): Promise<Desc> {
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    await writeFile(join(this.dir, 'blobs', 'sha256', digest.slice(7)), bytes);
    return { mediaType, digest, size: bytes.length };
  }
  async finish(top: Desc): Promise<void> {
    await writeFile(join(this.dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    await writeFile(join(this.dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [top] }));
  }
  static async create(dir: string): Promise<Layout> {
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
    return new Layout(dir);
  }
}

async function imageManifest(layout: Layout, arch: string, layers: Desc[]): Promise<Desc> {
  const config = await layout.add(
    Buffer.from(
      JSON.stringify({
        architecture: arch,
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      }),
    ),
    'application/vnd.oci.image.config.v1+json',
  );
  const manifest = await layout.add(
    Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: manifestType, config, layers })),
    manifestType,
  );
  return { ...manifest, platform: { os: 'linux', architecture: arch } };
}

export interface SeedOptions {
  images: number;
  baseBytes: number;
  ownBytes: number;
  /** One repository with a tag per image (`REPO:v1.N.0`) instead of a repository per image. */
  repo?: string;
}

/** Push the images to `registry` as bench-app-NN:v1 (top level: skopeo sync keeps only the last path component); returns the references (without the registry). */
export async function seedShared(
  dir: string,
  registry: string,
  crane: string,
  o: SeedOptions,
): Promise<string[]> {
  const arches = ['amd64', 'arm64'];
  const bases = arches.map((a) => bytesFrom(`base-${a}`, o.baseBytes));
  const refs: string[] = [];
  for (let i = 0; i < o.images; i++) {
    const name = o.repo ? `${o.repo}:v1.${i}.0` : `bench-app-${String(i).padStart(2, '0')}:v1`;
    const layout = await Layout.create(join(dir, `app-${i}`));
    const children: Desc[] = [];
    for (const [a, arch] of arches.entries()) {
      const base = await layout.add(bases[a]!, layerType);
      const own = await layout.add(bytesFrom(`${name}-${arch}`, o.ownBytes), layerType);
      children.push(await imageManifest(layout, arch, [base, own]));
    }
    const index = await layout.add(
      Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: indexType, manifests: children })),
      indexType,
    );
    await layout.finish(index);
    await run(crane, ['push', '--insecure', layout.dir, `${registry}/${name}`]);
    await rm(layout.dir, { recursive: true, force: true });
    refs.push(name);
  }
  return refs;
}

/** One single-platform image with one layer of `size` bytes, written in 16 MiB pieces (never whole in memory). */
export async function seedLarge(dir: string, registry: string, crane: string, size: number): Promise<string> {
  const layout = await Layout.create(dir);
  const hash = createHash('sha256');
  const tmp = join(dir, 'layer.tmp');
  const out = createWriteStream(tmp);
  const piece = Buffer.alloc(16 * 1024 * 1024);
  for (let written = 0; written < size; written += piece.length) {
    const chunk = piece.subarray(0, Math.min(piece.length, size - written));
    randomFillSync(chunk);
    hash.update(chunk);
    if (!out.write(Buffer.from(chunk))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  const digest = `sha256:${hash.digest('hex')}`;
  await run('mv', [tmp, join(dir, 'blobs', 'sha256', digest.slice(7))]);
  const top = await imageManifest(layout, 'amd64', [{ mediaType: layerType, digest, size }]);
  delete top.platform;
  await layout.finish(top);
  await run(crane, ['push', '--insecure', layout.dir, `${registry}/bench-large:v1`]);
  await rm(dir, { recursive: true, force: true });
  return 'bench-large:v1';
}
