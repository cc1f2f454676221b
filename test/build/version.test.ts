// The version is a constant written from package.json at build time (scripts/version.mjs), not read from
// package.json at run time: this fails when the two disagree (a version bump without a build).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../cli/run.js';

const repo = resolve(import.meta.dirname, '../..');
const packageVersion = (
  JSON.parse(readFileSync(resolve(repo, 'package.json'), 'utf8')) as { version: string }
).version;

it('`regshift --version` says package.json’s version, from the sources and from the installed binary', async () => {
  const run = await runCli(['--version'], { cwd: repo });
  expect(run.stdout).toBe(`regshift ${packageVersion}\n`);
  const installed = execFileSync(process.execPath, [resolve(repo, 'bin/regshift.js'), '--version'], {
    encoding: 'utf8',
  });
  expect(installed).toBe(`regshift ${packageVersion}\n`);
});

it('reads no package.json at run time', () => {
  expect(readFileSync(resolve(repo, 'src/version.ts'), 'utf8')).not.toMatch(
    /package\.json['"]|require\(|readFile/,
  );
});
