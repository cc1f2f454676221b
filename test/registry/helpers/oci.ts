/** Test images made here, no network: an OCI layout written to disk, pushed to a real registry with crane. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const run = promisify(execFile);

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A one-file ustar archive: enough for a layer every tool accepts. */
function tarOf(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}

interface Blob {
  digest: string;
  size: number;
  bytes: Buffer;
}

function blob(bytes: Buffer): Blob {
  return { digest: sha256(bytes), size: bytes.length, bytes };
}

export interface BuiltImage {
  dir: string;
  /** Digest of the top manifest (an index when there are several platforms). */
  digest: string;
}

/** Write an OCI layout whose content depends only on `seed`; `platforms` > 1 makes an index. */
export async function buildLayout(seed: string, platforms = 1, layerBytes = 1024): Promise<BuiltImage> {
  const dir = await mkdtemp(join(tmpdir(), 'regshift-oci-'));
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const blobs: Blob[] = [];
  const arches = ['amd64', 'arm64', 's390x'].slice(0, platforms);
  const manifests: { desc: object; arch: string }[] = [];
  for (const arch of arches) {
    const content = Buffer.alloc(layerBytes);
    for (let i = 0; i < layerBytes; i++)
      content[i] = createHash('sha256')
        .update(`${seed}/${arch}/${i >> 5}`)
        .digest()[i & 31]!;
    const layer = blob(gzipSync(tarOf('data.bin', content)));
    const config = blob(
      Buffer.from(
        JSON.stringify({
          architecture: arch,
          os: 'linux',
          rootfs: { type: 'layers', diff_ids: [sha256(tarOf('data.bin', content))] },
          config: { Labels: { seed } },
        }),
      ),
    );
    const manifest = blob(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            digest: config.digest,
            size: config.size,
          },
          layers: [
            {
              mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
              digest: layer.digest,
              size: layer.size,
            },
          ],
        }),
      ),
    );
    blobs.push(layer, config, manifest);
    manifests.push({
      arch,
      desc: {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: manifest.digest,
        size: manifest.size,
        platform: { os: 'linux', architecture: arch },
      },
    });
  }
  let top: { mediaType: string; digest: string; size: number };
  if (platforms === 1) {
    top = manifests[0]!.desc as typeof top;
  } else {
    const index = blob(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: manifests.map((m) => m.desc),
        }),
      ),
    );
    blobs.push(index);
    top = { mediaType: 'application/vnd.oci.image.index.v1+json', digest: index.digest, size: index.size };
  }
  for (const b of blobs) await writeFile(join(dir, 'blobs', 'sha256', b.digest.slice(7)), b.bytes);
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [{ ...top, mediaType: top.mediaType }] }),
  );
  return { dir, digest: top.digest };
}

export interface PushOptions {
  /** DOCKER_CONFIG directory holding credentials for the registry. */
  dockerConfig?: string;
  /** CA to trust (crane is Go: SSL_CERT_FILE). */
  caFile?: string;
}

/** Push a layout to `ref` (host:port/repo:tag) with crane; loopback registries are plain HTTP or TLS. */
export async function pushLayout(image: BuiltImage, ref: string, options: PushOptions = {}): Promise<void> {
  const env = { ...process.env };
  if (options.dockerConfig) env['DOCKER_CONFIG'] = options.dockerConfig;
  if (options.caFile) env['SSL_CERT_FILE'] = options.caFile;
  const insecure = options.caFile ? [] : ['--insecure'];
  await run('crane', ['push', ...insecure, image.dir, ref], { env });
}

/** Build and push; returns the top manifest digest. */
export async function seedImage(
  ref: string,
  seed: string,
  options: PushOptions & { platforms?: number; layerBytes?: number } = {},
): Promise<string> {
  const image = await buildLayout(seed, options.platforms ?? 1, options.layerBytes ?? 1024);
  await pushLayout(image, ref, options);
  return image.digest;
}
