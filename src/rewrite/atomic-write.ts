import { randomBytes } from 'node:crypto';
import { open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type WriteOutcome = { ok: true } | { ok: false; code: string; message: string };

async function removeQuietly(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch {
    // The temporary file was never created, or is already gone.
  }
}

/**
 * Replace a file's content atomically: a temporary file in the same directory (so rename is atomic),
 * written and synced, given the original mode and owner, then renamed over the original. Refuses when the
 * file on disk is no longer `expected` (it changed since it was read). An interruption leaves the original
 * or the new file, never a partial one. Async so that many files' fsyncs overlap in the thread pool.
 */
export async function replaceFileAtomically(
  given: string,
  expected: Buffer,
  content: Buffer,
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
  const mode = stats.mode & 0o7777;
  if ((mode & 0o222) === 0) {
    return {
      ok: false,
      code: 'FILE_READ_ONLY',
      message: 'the file is read-only; make it writable (chmod u+w) and re-run, or exclude it',
    };
  }
  const temporary = join(dirname(path), `.${basename(path)}.regshift-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o600);
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
