import { randomBytes } from 'node:crypto';
import { closeSync, constants, openSync, unlinkSync } from 'node:fs';
import { open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ErrorCode } from '../errors.js';

export type WriteOutcome = { ok: true } | { ok: false; code: ErrorCode; message: string };

/** Temporary files that exist right now, so an interrupted fix can remove them (removeTemporaryFiles). */
const inFlight = new Set<string>();

async function removeQuietly(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch {
    // The temporary file was never created, or is already gone.
  }
  // Only now: a signal while the unlink is still in the thread pool must find the file listed.
  inFlight.delete(path);
}

/** Remove the temporary files of writes in progress; for a SIGINT or SIGTERM handler (synchronous). */
export function removeTemporaryFiles(): void {
  for (const path of inFlight) {
    try {
      unlinkSync(path);
    } catch {
      // Renamed into place already, or never created.
    }
  }
  inFlight.clear();
}

/** Bytes a file name may have on common file systems (ext4, xfs, btrfs, apfs). */
const maxNameBytes = 255;

/** `.NAME.regshift-RANDOM.tmp`, with NAME shortened so that the whole stays a legal file name. */
export function temporaryName(name: string): string {
  const suffix = `.regshift-${randomBytes(6).toString('hex')}.tmp`;
  let stem = `.${name}`;
  while (Buffer.byteLength(stem + suffix) > maxNameBytes) stem = stem.slice(0, -1);
  // A cut through a surrogate pair would leave half a character: drop it.
  if (/[\uD800-\uDBFF]$/.test(stem)) stem = stem.slice(0, -1);
  return stem + suffix;
}

/**
 * Replace a file's content atomically: a temporary file in the same directory (so rename is atomic),
 * written and synced, given the original mode and owner, then renamed over the original. Refuses when the
 * file on disk is no longer `expected` (it changed since it was read), when the path now leads somewhere
 * else than `readFrom` (the real path it was read from: a file swapped for a symbolic link is not written
 * through), and when the file belongs to another user (replacing it would change its owner). An
 * interruption leaves the original or the new file, never a partial one. Async so that many files' fsyncs
 * overlap in the thread pool.
 */
export async function replaceFileAtomically(
  given: string,
  expected: Buffer,
  content: Buffer,
  readFrom?: string,
): Promise<WriteOutcome> {
  let path: string;
  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    // Write through a symlink to its target, so the link stays a link.
    path = await realpath(given);
    stats = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      code: 'FILE_CHANGED',
      message: `the file disappeared before it could be written (${code})`,
    };
  }
  if (readFrom !== undefined && path !== readFrom) {
    return {
      ok: false,
      code: 'FILE_CHANGED',
      message: `the path now leads to ${path}, not to the file that was read (swapped for a symbolic link?); not written`,
    };
  }
  const uid = process.getuid?.();
  if (uid !== undefined && uid !== 0 && stats.uid !== uid) {
    return {
      ok: false,
      code: 'FILE_OWNER',
      message: `the file belongs to another user (uid ${stats.uid}); replacing it would make it yours: run regshift fix as its owner`,
    };
  }
  const mode = stats.mode & 0o7777;
  if ((mode & 0o222) === 0) {
    return {
      ok: false,
      code: 'FILE_READ_ONLY',
      message: 'the file is read-only; make it writable (chmod u+w) and re-run, or exclude it',
    };
  }
  const temporary = join(dirname(path), temporaryName(basename(path)));
  try {
    inFlight.add(temporary);
    // Created on the main thread: a signal handler then finds it registered and on disk, never a
    // create still running in the thread pool that would leave it behind once the handler has looked.
    closeSync(openSync(temporary, 'wx', 0o600));
    const handle = await open(temporary, constants.O_RDWR | constants.O_NOFOLLOW);
    try {
      await handle.writeFile(content);
      if (process.getuid?.() === 0) await handle.chown(stats.uid, stats.gid);
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Last look before the swap: a file edited since it was read is refused, never overwritten.
    if (!(await readFile(path)).equals(expected)) {
      await removeQuietly(temporary);
      return {
        ok: false,
        code: 'FILE_CHANGED',
        message: 'the file changed while regshift was working; re-run regshift fix',
      };
    }
    await rename(temporary, path);
    inFlight.delete(temporary);
    return { ok: true };
  } catch (error) {
    await removeQuietly(temporary);
    const err = error as NodeJS.ErrnoException;
    const hint =
      err.code === 'EACCES' || err.code === 'EPERM'
        ? '; regshift needs write access to the directory to replace the file atomically'
        : '';
    return { ok: false, code: 'WRITE_FAILED', message: `cannot write: ${err.code ?? err.message}${hint}` };
  }
}
