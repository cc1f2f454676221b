// The unit project's global setup: tests that run the installed binary (bin/regshift.js, which loads the
// bundle) get a bundle built from the sources under test, not whatever an earlier build left in dist/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');

function newestChange(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((e) =>
      e.isDirectory() ? newestChange(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
    ),
  );
}

function bundleTime(): number {
  try {
    return statSync(join(repo, 'dist/regshift.js')).mtimeMs;
  } catch {
    return -1;
  }
}

export default function setup(): void {
  const sources = Math.max(newestChange(join(repo, 'src')), statSync(join(repo, 'package.json')).mtimeMs);
  if (bundleTime() >= sources) return;
  mkdirSync(join(repo, 'dist'), { recursive: true });
  execFileSync(process.execPath, [join(repo, 'scripts/bundle.mjs')], { cwd: repo, stdio: 'inherit' });
}
