// The scan benchmark's tree: ~20,000 files in 2,000 apps, a git-ignored node_modules/, binary files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Random } from '../lib/prng.js';
import { generateApp } from './app.js';
import type { Planted } from './images.js';
import { paragraph, repeat, words } from './text.js';

export interface MonorepoParams {
  /** Bump when the generator's output changes, so cached trees are regenerated. */
  generator: number;
  seed: number;
  apps: number;
  domains: number;
  nodeModulesPackages: number;
}

export const defaultMonorepo: MonorepoParams = {
  generator: 1,
  seed: 20230403,
  apps: 2000,
  domains: 40,
  nodeModulesPackages: 400,
};

/** What was generated, written next to the tree (not inside it, so it is not scanned). */
export interface Manifest {
  files: number;
  bytes: number;
  binaries: number;
  ignoredFiles: number;
  ignoredWithLegacy: number;
  planted: Record<Exclude<Planted, 'none'>, string[]>;
}

class TreeWriter {
  private readonly dirs = new Set<string>();
  files = 0;
  bytes = 0;

  constructor(private readonly root: string) {}

  write(path: string, content: string | Buffer): void {
    const absolute = join(this.root, path);
    const dir = dirname(absolute);
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    writeFileSync(absolute, content);
    this.files++;
    this.bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  }
}

/** A binary file: a real magic number, NULs early (as both tools detect binaries), random bytes. */
function binary(rng: Random, kind: 'png' | 'tgz', withLegacy: boolean): Buffer {
  const magic =
    kind === 'png'
      ? Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
      : Buffer.from('1f8b0800000000000003', 'hex');
  const parts = [magic, rng.bytes(rng.int(2_000, 60_000))];
  // A tarball of manifests really does contain the old host as plain bytes.
  if (withLegacy) parts.push(Buffer.from('image: k8s.gcr.io/pause:3.2\n'), rng.bytes(1000));
  return Buffer.concat(parts);
}

function nodeModules(rng: Random, out: TreeWriter, base: string, packages: number): number {
  let withLegacy = 0;
  for (let p = 0; p < packages; p++) {
    const name = `${rng.pick(['kube', 'yaml', 'http', 'log', 'cli', 'fs', 'stream'])}-${rng.hex(6)}`;
    const dir = `${base}/node_modules/${name}`;
    const legacy = rng.chance(0.05);
    if (legacy) withLegacy++;
    out.write(`${dir}/package.json`, `{"name":"${name}","version":"${rng.int(0, 9)}.${rng.int(0, 30)}.0"}\n`);
    out.write(`${dir}/README.md`, `# ${name}\n\n${paragraph(rng)}\n`);
    for (let f = rng.int(4, 12); f > 0; f--) {
      const body = repeat(
        rng.int(5, 40),
        () => `exports.${words(rng, 1)}${rng.hex(4)} = () => ${rng.int(0, 99)};\n`,
      );
      out.write(`${dir}/lib/${rng.hex(8)}.js`, body);
    }
    if (legacy)
      out.write(`${dir}/test/fixtures/pod.yaml`, `spec:\n  containers:\n    - image: k8s.gcr.io/pause:3.1\n`);
  }
  return withLegacy;
}

export function generateMonorepo(root: string, params: MonorepoParams): Manifest {
  const rng = new Random(params.seed);
  const out = new TreeWriter(root);
  const planted: Manifest['planted'] = { rewritable: [], mention: [], decoy: [] };
  let binaries = 0;
  out.write('.gitignore', 'node_modules/\ndist/\n*.log\n.terraform/\n');
  out.write('README.md', `# acme monorepo\n\n${paragraph(rng)}\n`);
  out.write('Makefile', 'build:\n\t./scripts/build-all.sh\n');
  for (let a = 0; a < params.apps; a++) {
    const domain = `team-${String(a % params.domains).padStart(2, '0')}`;
    const app = `${words(rng, 1)}-${rng.hex(4)}-svc`;
    const base = `apps/${domain}/${app}`;
    for (const file of generateApp(rng, domain, app)) {
      const path = `${base}/${file.path}`;
      out.write(path, file.content);
      if (file.planted !== 'none') planted[file.planted].push(path);
    }
    if (rng.chance(0.1)) {
      out.write(`${base}/assets/logo.png`, binary(rng, 'png', false));
      binaries++;
    }
    if (rng.chance(0.05)) {
      out.write(`${base}/release/${app}.tar.gz`, binary(rng, 'tgz', rng.chance(0.5)));
      binaries++;
    }
  }
  const before = out.files;
  let ignoredWithLegacy = nodeModules(rng, out, '.', params.nodeModulesPackages);
  for (let a = 0; a < 20; a++)
    ignoredWithLegacy += nodeModules(rng, out, `apps/team-${String(a).padStart(2, '0')}/tools`, 5);
  const ignoredFiles = out.files - before;
  for (const list of Object.values(planted)) list.sort();
  return { files: out.files, bytes: out.bytes, binaries, ignoredFiles, ignoredWithLegacy, planted };
}
