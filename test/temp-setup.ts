// Global setup of the unit and browser projects: every temporary file a test (or a CLI it starts) makes
// goes under the run's directory (test/temp-dir.ts, the project's TMPDIR), removed when the run ends,
// whatever a test forgot or a failure skipped.
import { chmodSync, lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/** Tests make directories unreadable on purpose: open them up again so they can be removed. */
function openUp(dir: string): void {
  try {
    chmodSync(dir, 0o700);
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) openUp(join(dir, e.name));
  } catch {
    // Gone already, or not ours to change: rmSync says what is left.
  }
}

export default function setup(project: TestProject): () => void {
  const dir = project.config.env['TMPDIR'];
  if (!dir?.includes('regshift-tests-'))
    throw new Error(`TMPDIR of project ${project.name} is not a run directory`);
  try {
    // Readable by all: some tests run the CLI as an unprivileged user. Never a path someone else made.
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
  } catch (error) {
    const made = lstatSync(dir);
    if (
      (error as NodeJS.ErrnoException).code !== 'EEXIST' ||
      !made.isDirectory() ||
      made.uid !== process.getuid?.()
    )
      throw error;
  }
  return () => {
    openUp(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}
