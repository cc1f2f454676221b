// Where the test environment keeps things: binaries in a per-user cache (built once), state per run.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const envDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(envDir, '..', '..');
export const goModulesDir = join(envDir, 'go');

/** The state directory `npm run testenv:up` uses; global setup reuses it when it is up. */
export const defaultStateDir = join(repoRoot, '.testenv');

/** Built binaries live outside the repository so that only the first run pays for the Go builds. */
export function cacheRoot(): string {
  const override = process.env['REGSHIFT_TESTENV_CACHE'];
  if (override) return resolve(override);
  const xdg = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(xdg, 'regshift', 'testenv');
}
