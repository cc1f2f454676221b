// Fresh working copies of the cached monorepo for the fix benchmark, made outside the timed region.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { benchDir } from '../lib/paths.js';

/** Where the copies live; removed at the end of a run unless --keep. */
export const workDir = join(benchDir, 'fix-work');

/**
 * `cp -a` the pristine tree to `dest` (modes, symlinks and timestamps kept), replacing what was there.
 * `cp -a` is several times faster than fs.cpSync on 25,000 small files.
 */
export function freshCopy(pristine: string, dest: string): string {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dirname(dest), { recursive: true });
  execFileSync('cp', ['-a', pristine, dest]);
  return dest;
}

/**
 * Flush the copies' dirty pages before timing, so neither command pays for writing back the copy
 * (fix fsyncs every file it writes, and on ext4 a journal commit can wait on other dirty data).
 */
export function flush(): void {
  execFileSync('sync');
}

export function removeWorkDir(): void {
  rmSync(workDir, { recursive: true, force: true });
}
