// One temporary directory per test run for the unit and browser projects: vitest.config.ts gives it to the
// test workers as TMPDIR (os.tmpdir() reads it), test/temp-setup.ts creates it and removes it at the end.
// Computed in vitest's main process, where both run, so both name the same directory; the main process's
// own TMPDIR is left alone (the env project's services keep theirs).
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const runTempDir = join(tmpdir(), `regshift-tests-${process.pid}`);
