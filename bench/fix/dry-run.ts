// `regshift fix --dry-run`, timed once: it must write nothing, and its diff must apply with `git apply` to a
// pristine copy and give the same tree as `fix`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { regshiftBin } from '../lib/paths.js';
import { runMeasured } from '../lib/timing.js';
import { flush, freshCopy } from './copies.js';
import { diffTrees, plainEnv } from './verify.js';

export interface DryRunResult {
  wallMs: number;
  peakRssMiB: number;
  exitCode: number;
  patchBytes: number;
  patchFiles: number;
  /** Files the dry run changed on disk (expected: none). */
  touched: string[];
  gitApplyCheck: { ok: boolean; message: string };
  /** Paths where the tree after `git apply` differs from the tree `fix` wrote (expected: none). */
  differsFromFix: string[];
  problems: string[];
}

function git(cwd: string, args: readonly string[]): { ok: boolean; message: string } {
  const child = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ok: child.status === 0, message: `${child.stdout}${child.stderr}`.trim().slice(0, 2000) };
}

export async function runDryRun(
  pristine: string,
  copy: string,
  fixedTree: string,
  patchPath: string,
  expectedFiles: number,
): Promise<DryRunResult> {
  freshCopy(pristine, copy);
  flush();
  const result = await runMeasured({
    cmd: process.execPath,
    args: [regshiftBin, 'fix', '--dry-run', '.'],
    cwd: copy,
    stdoutPath: patchPath,
    env: plainEnv(),
  });
  const problems: string[] = [];
  if (result.exitCode !== 1)
    problems.push(`fix --dry-run exited ${result.exitCode} (expected 1: changes pending): ${result.stderr}`);
  const patch = readFileSync(patchPath, 'utf8');
  const patchFiles = patch.split('\n').filter((l) => l.startsWith('+++ b/')).length;
  if (patchFiles !== expectedFiles)
    problems.push(`the dry-run diff covers ${patchFiles} files; fix wrote ${expectedFiles}`);

  const untouched = diffTrees(pristine, copy);
  const touched = [...untouched.differ, ...untouched.onlyA, ...untouched.onlyB];
  for (const p of touched) problems.push(`fix --dry-run changed ${p}`);

  const gitApplyCheck = git(copy, ['apply', '--check', patchPath]);
  if (!gitApplyCheck.ok) problems.push(`git apply --check failed: ${gitApplyCheck.message}`);
  let differsFromFix: string[] = [];
  if (gitApplyCheck.ok) {
    const applied = git(copy, ['apply', patchPath]);
    if (!applied.ok) problems.push(`git apply failed: ${applied.message}`);
    const diff = diffTrees(fixedTree, copy);
    differsFromFix = [...diff.differ, ...diff.onlyA, ...diff.onlyB];
    for (const p of differsFromFix.slice(0, 50))
      problems.push(`after git apply, differs from the tree fix wrote: ${p}`);
  }
  return {
    wallMs: result.wallMs,
    peakRssMiB: result.peakRssKiB / 1024,
    exitCode: result.exitCode,
    patchBytes: Buffer.byteLength(patch),
    patchFiles,
    touched,
    gitApplyCheck,
    differsFromFix,
    problems,
  };
}

export const patchFile = (dir: string) => join(dir, 'dry-run.patch');
