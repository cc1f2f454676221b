// Global setup of the unit and browser projects: every temporary file a test (or a CLI it starts) makes
// goes under this run's directory (test/temp-dir.ts), removed when the run ends, whatever a test forgot
// or a failure skipped.
import { chmodSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runTempDir } from './temp-dir.js';

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
  mkdirSync(runTempDir, { recursive: true });
  return () => {
    openUp(runTempDir);
    rmSync(runTempDir, { recursive: true, force: true });
  };
}
