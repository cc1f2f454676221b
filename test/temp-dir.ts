// One temporary directory per test run for the unit and browser projects: vitest.config.ts gives it to the
// test workers as TMPDIR (os.tmpdir() reads it); test/temp-setup.ts makes it and removes it at the end.
// Named here, when the config is read, unguessably; the main process's own TMPDIR is left alone (the env
// project's services keep theirs).
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const runTempDir = join(tmpdir(), `regshift-tests-${randomBytes(8).toString('hex')}`);
