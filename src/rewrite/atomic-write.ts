import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

export type WriteOutcome = { ok: true } | { ok: false; code: string; message: string };

/**
 * Replace a file's content atomically: a temporary file in the same directory (so rename is atomic),
 * written and synced, given the original mode, then renamed over the original. Refuses when the file on disk
 * is no longer `expected` (it changed since it was read). An interruption leaves the original or the new
 * file, never a partial one.
 */
export function replaceFileAtomically(given: string, expected: Buffer, content: Buffer): WriteOutcome {
  let mode: number;
  let owner: { uid: number; gid: number };
  let path: string;
  try {
    // Write through a symlink to its target, so the link stays a link.
    path = realpathSync(given);
    const stats = statSync(path);
    mode = stats.mode & 0o7777;
    owner = { uid: stats.uid, gid: stats.gid };
  } catch (error) {
    return {
      ok: false,
      code: 'FILE_CHANGED',
      message: `the file disappeared before it could be written (${(error as NodeJS.ErrnoException).code})`,
    };
  }
  if ((mode & 0o222) === 0) {
    return {
      ok: false,
      code: 'FILE_READ_ONLY',
      message: 'the file is read-only; make it writable (chmod u+w) and re-run, or exclude it',
    };
  }
  const temporary = join(dirname(path), `.${basename(path)}.regshift-${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', 0o600);
    writeSync(fd, content);
    if (process.getuid?.() === 0) fchownSync(fd, owner.uid, owner.gid);
    fchmodSync(fd, mode);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    // Last look before the swap: a file edited since it was read is refused, never overwritten.
    if (!readFileSync(path).equals(expected)) {
      unlinkSync(temporary);
      return {
        ok: false,
        code: 'FILE_CHANGED',
        message: 'the file changed while regshift was working; re-run regshift fix',
      };
    }
    renameSync(temporary, path);
    return { ok: true };
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temporary);
    } catch {
      // The temporary file was never created, or is already gone.
    }
    const err = error as NodeJS.ErrnoException;
    const hint =
      err.code === 'EACCES' || err.code === 'EPERM'
        ? '; regshift needs write access to the directory to replace the file atomically'
        : '';
    return { ok: false, code: 'WRITE_FAILED', message: `cannot write: ${err.code ?? err.message}${hint}` };
  }
}
