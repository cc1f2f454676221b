// Global setup of the unit and browser projects: every temporary file a test (or a CLI it starts) makes
// goes under one directory of this run, removed when the run ends, whatever each test forgot or a failure
// skipped. os.tmpdir() reads TMPDIR, and the test workers start after this with its environment.
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Tests make directories unreadable on purpose: open them up again so they can be removed. */
function openUp(dir: string): void {
  try {
    chmodSync(dir, 0o700);
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) openUp(join(dir, e.name));
  } catch {
    // Gone already, or not ours to change: rmSync says what is left.
  }
}

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'regshift-tests-'));
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = dir;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    openUp(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}
