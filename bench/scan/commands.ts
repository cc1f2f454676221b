// The commands the scan benchmark compares, on the same tree with the same prefixes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { k8sLegacyPrefixes } from '../../src/rules/builtin.js';
import { regshiftBin } from '../lib/paths.js';
import type { Variant } from '../lib/timing.js';

/** The environment without tsx's loader hooks, so the measured node is plain node. */
function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  return env;
}

/** Exit code 1 means "found" but also "crashed": check the JSON really is a report of a non-empty scan. */
function checkReport(path: string, stderr: string): string | undefined {
  try {
    const report = JSON.parse(readFileSync(path, 'utf8')) as { summary?: { files?: number } };
    if (!report.summary?.files) return `scanned no files (is the tree git-ignored?) ${stderr.slice(0, 500)}`;
  } catch (error) {
    return `output is not a JSON report (${(error as Error).message}): ${stderr.slice(0, 2000)}`;
  }
  return undefined;
}

/** `entry`: the launcher to run (default the installed bin, which loads the bundled CLI). */
export function regshiftVariant(
  tree: string,
  outDir: string,
  nodeArgs: readonly string[] = [],
  entry = regshiftBin,
): Variant {
  const stdoutPath = join(outDir, 'regshift.json');
  return {
    validate: (result) => checkReport(stdoutPath, result.stderr),
    name: 'regshift',
    command: {
      cmd: process.execPath,
      args: [...nodeArgs, entry, 'scan', '-o', 'json', '.'],
      cwd: tree,
      stdoutPath,
      env: plainEnv(),
    },
    okExitCodes: [0, 1],
  };
}

/**
 * ripgrep with regshift's defaults: hidden files included (regshift scans dotfiles such as .github/),
 * .gitignore honoured (the tree is a git repository), binaries skipped, files over 10 MiB skipped.
 * `threads` 0 leaves ripgrep's default (one per core).
 */
export function rgVariant(tree: string, outDir: string, threads = 0): Variant {
  const name = threads ? `rg -j${threads}` : 'rg';
  const args = ['--no-config', '--json', '--hidden', '--max-filesize', '10M', '-F'];
  for (const prefix of k8sLegacyPrefixes) args.push('-e', prefix);
  if (threads) args.push('-j', String(threads));
  args.push('.');
  return {
    name,
    command: {
      cmd: 'rg',
      args,
      cwd: tree,
      stdoutPath: join(outDir, `${name.replace(/\W+/g, '')}.json`),
      env: plainEnv(),
    },
    okExitCodes: [0, 1],
  };
}
