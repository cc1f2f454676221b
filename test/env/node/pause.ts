// The node's pause image (also the drill's workload image): test/env/go/pause built as a static
// binary, cached by the hash of its source, and pushed as a one-layer image to the environment's
// own registry, so the node never pulls from the internet.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../exec.js';
import { cacheRoot, goModulesDir } from '../paths.js';

const source = join(goModulesDir, 'pause');

export async function pauseBinary(): Promise<string> {
  const hash = createHash('sha256')
    .update(readFileSync(join(source, 'main.go')))
    .digest('hex')
    .slice(0, 12);
  const dir = join(cacheRoot(), `pause-${hash}`);
  const binary = join(dir, 'pause');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const scratch = mkdtempSync(join(dir, '.build-'));
  try {
    await run('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', join(scratch, 'pause'), '.'], {
      cwd: source,
      env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' },
    });
    renameSync(join(scratch, 'pause'), binary);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return binary;
}

/** Pushes the image to `ref` (a plain-HTTP registry) and returns its digest. */
export async function pushPauseImage(crane: string, ref: string, workDir: string): Promise<string> {
  const binary = await pauseBinary();
  mkdirSync(workDir, { recursive: true });
  const layer = join(workDir, 'pause-layer.tar');
  await run('tar', [
    '--owner=0',
    '--group=0',
    '--mode=0755',
    '-C',
    join(binary, '..'),
    '-cf',
    layer,
    'pause',
  ]);
  await run(crane, ['append', '--insecure', '--oci-empty-base', '-f', layer, '-t', ref]);
  const { stdout } = await run(crane, [
    'mutate',
    '--insecure',
    '--entrypoint=/pause',
    `--set-platform=linux/${process.arch === 'x64' ? 'amd64' : process.arch}`,
    '-t',
    ref,
    ref,
  ]);
  return stdout.trim().split('@')[1] ?? '';
}
