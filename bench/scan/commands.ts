// The commands the scan benchmark compares, on the same tree with the same prefixes.
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

export function regshiftVariant(tree: string, outDir: string, nodeArgs: readonly string[] = []): Variant {
  return {
    name: 'regshift',
    command: {
      cmd: process.execPath,
      args: [...nodeArgs, regshiftBin, 'scan', '-o', 'json', '.'],
      cwd: tree,
      stdoutPath: join(outDir, 'regshift.json'),
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
