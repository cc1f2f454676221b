// `npm run bench -- fix [--rounds N] [--keep]`: regshift fix vs regshift scan on fresh copies of the scan
// benchmark's monorepo, plus checks that the fixed tree is right and that the dry-run diff applies.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { flush, freshCopy, removeWorkDir, workDir } from './fix/copies.js';
import { patchFile, runDryRun } from './fix/dry-run.js';
import { type CopyVariant, interleaveOnCopies } from './fix/rounds.js';
import {
  type FixJson,
  plainEnv,
  runRegshift,
  type ScanJson,
  type Verification,
  verifyFix,
} from './fix/verify.js';
import { defaultMonorepo, generateMonorepo, type Manifest } from './gen/monorepo.js';
import { benchDir, buildProblem, cachedTree, paramsHash, regshiftBin, writeResult } from './lib/paths.js';
import { mib, ms, table } from './lib/table.js';
import { requireGnuTime, requireProgram } from './lib/timing.js';

/** The issue's target: fix within 2x of scan's wall time on the same tree. */
const targetRatio = 2;
const log = (line: string) => console.error(`bench fix: ${line}`);

function readJson<T>(path: string, what: string, stderr: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new Error(`${what} output is not JSON (${(error as Error).message}): ${stderr.slice(0, 2000)}`);
  }
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      rounds: { type: 'string', default: '5' },
      keep: { type: 'boolean', default: false },
    },
  });
  requireGnuTime();
  requireProgram('git', 'git');
  requireProgram('diff', 'diffutils');
  const problem = buildProblem();
  if (problem?.includes('missing')) throw new Error(problem);
  if (problem) log(`warning: ${problem}`);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds ${values.rounds}: give a whole number ≥ 1`);

  // The scan benchmark's tree, shared through the same cache entry.
  const name = `monorepo-${paramsHash(defaultMonorepo)}`;
  const pristine = await cachedTree(
    name,
    (dir) => {
      const manifest = generateMonorepo(dir, defaultMonorepo);
      writeFileSync(`${dir}.manifest.json`, JSON.stringify(manifest));
    },
    log,
  );
  const manifest = JSON.parse(readFileSync(`${pristine}.manifest.json`, 'utf8')) as Manifest;
  log(
    `tree: ${manifest.files} files, ${(manifest.bytes / 1024 / 1024).toFixed(0)} MiB; copies in ${workDir}`,
  );
  const outDir = join(benchDir, 'results', 'fix-output');
  mkdirSync(outDir, { recursive: true });

  const fixCopy = join(workDir, 'fix');
  const scanCopy = join(workDir, 'scan');
  const fixOut = join(outDir, 'fix.json');
  const scanOut = join(outDir, 'scan.json');
  const verifications: { label: string; verification: Verification }[] = [];
  let lastScan: ScanJson | undefined;

  const fixVariant: CopyVariant = {
    prepare: () => freshCopy(pristine, fixCopy),
    variant: {
      name: 'fix',
      command: {
        cmd: process.execPath,
        args: [regshiftBin, 'fix', '-o', 'json', '.'],
        cwd: fixCopy,
        stdoutPath: fixOut,
        env: plainEnv(),
      },
      okExitCodes: [0, 1],
    },
    after: (label, result) => {
      // Scan's output of a round is a scan of the same unfixed tree; the first round has none yet.
      const before =
        lastScan ??
        (JSON.parse(
          runRegshift(freshCopy(pristine, scanCopy), ['scan', '-o', 'json', '.']).stdout,
        ) as ScanJson);
      const fix = readJson<FixJson>(fixOut, 'fix', result.stderr);
      const verification = verifyFix(pristine, fixCopy, fix, before);
      verifications.push({ label, verification });
      log(
        `${label} verify: ${verification.edits} edits in ${verification.filesWritten} files, ` +
          `${verification.filesChanged} files changed on disk, ${verification.problems.length} problems`,
      );
    },
  };
  const scanVariant: CopyVariant = {
    prepare: () => freshCopy(pristine, scanCopy),
    variant: {
      name: 'scan',
      command: {
        cmd: process.execPath,
        args: [regshiftBin, 'scan', '-o', 'json', '.'],
        cwd: scanCopy,
        stdoutPath: scanOut,
        env: plainEnv(),
      },
      okExitCodes: [0, 1],
    },
    after: (_label, result) => {
      lastScan = readJson<ScanJson>(scanOut, 'scan', result.stderr);
      if (!lastScan.summary.files) throw new Error('scan saw no files (is the tree git-ignored?)');
    },
  };

  let results: Awaited<ReturnType<typeof interleaveOnCopies>>;
  let dryRun: Awaited<ReturnType<typeof runDryRun>>;
  let rerun: { exit: number; edits: number; files: number };
  try {
    // scan first in odd rounds: then fix's checks in the warm-up already have a scan of the unfixed tree.
    results = await interleaveOnCopies([scanVariant, fixVariant], rounds, flush, log);

    const written = verifications.at(-1)?.verification.filesWritten ?? 0;
    log('dry run …');
    dryRun = await runDryRun(pristine, join(workDir, 'dry-run'), fixCopy, patchFile(outDir), written);
    log(`dry run: ${dryRun.wallMs.toFixed(0)} ms, ${dryRun.problems.length} problems`);

    // Running fix twice changes nothing the second time.
    const again = runRegshift(fixCopy, ['fix', '-o', 'json', '.']);
    const second = JSON.parse(again.stdout) as FixJson;
    rerun = { exit: again.status, edits: second.edits.length, files: second.files.length };
  } finally {
    if (values.keep) log(`kept the copies in ${workDir}`);
    else removeWorkDir();
  }

  const [scanResult, fixResult] = results as [(typeof results)[0], (typeof results)[0]];
  const ratio = fixResult.medianWallMs / scanResult.medianWallMs;
  const rows = results.map((r) => [
    r.name,
    ms(r.medianWallMs),
    `${ms(Math.min(...r.runs.map((x) => x.wallMs)))}–${ms(Math.max(...r.runs.map((x) => x.wallMs)))}`,
    mib(r.medianPeakRssMiB),
    mib(r.maxPeakRssMiB),
    (r.medianWallMs / scanResult.medianWallMs).toFixed(2),
  ]);
  rows.push([
    'fix --dry-run (1 run)',
    ms(dryRun.wallMs),
    '',
    mib(dryRun.peakRssMiB),
    mib(dryRun.peakRssMiB),
    (dryRun.wallMs / scanResult.medianWallMs).toFixed(2),
  ]);
  console.log(
    `\nfix benchmark: ${manifest.files} files, fresh copy per run, ${rounds} interleaved rounds after one warm-up each`,
  );
  console.log(table(['command', 'median wall', 'range', 'peak RSS', 'max RSS', 'vs scan'], rows));
  console.log(
    `\nfix / scan = ${ratio.toFixed(2)}x (target ≤ ${targetRatio}x: ${ratio <= targetRatio ? 'met' : 'not met'})`,
  );

  const last = verifications.at(-1)?.verification;
  if (last) {
    const left = Object.entries(last.left)
      .map(([reason, n]) => `${n} ${reason}`)
      .join(', ');
    console.log(
      `\nfix: ${last.edits} edits in ${last.filesWritten} files written, ${last.filesFailed} failed, ` +
        `left ${left || 'none'}, ${last.errors} errors; ${last.filesChanged} files changed on disk; ` +
        `scan --fail-on image afterwards: exit ${last.postScanExit}, ${last.postScanImageFindings} image/registry findings`,
    );
  }
  const allProblems = new Map<string, string[]>();
  for (const { label, verification } of verifications)
    for (const p of verification.problems) allProblems.set(p, [...(allProblems.get(p) ?? []), label]);
  console.log(
    `verification of ${verifications.length} fix runs: ${allProblems.size === 0 ? 'no mismatches' : `${allProblems.size} distinct mismatches`}`,
  );
  for (const [p, labels] of [...allProblems].slice(0, 40))
    console.log(`  ${p}${labels.length < verifications.length ? ` (${labels.join(', ')})` : ''}`);
  if (allProblems.size > 40) console.log(`  … ${allProblems.size - 40} more`);
  console.log(
    `dry run: exit ${dryRun.exitCode}, diff of ${dryRun.patchFiles} files (${(dryRun.patchBytes / 1024).toFixed(0)} KiB); ` +
      `wrote nothing: ${dryRun.touched.length === 0 ? 'yes' : `no, ${dryRun.touched.length} files`}; ` +
      `git apply --check: ${dryRun.gitApplyCheck.ok ? 'ok' : 'FAILED'}; ` +
      `applied tree equals fix's: ${dryRun.gitApplyCheck.ok ? (dryRun.differsFromFix.length === 0 ? 'yes' : `no, ${dryRun.differsFromFix.length} files`) : 'not tried'}`,
  );
  for (const p of dryRun.problems.slice(0, 20)) console.log(`  ${p}`);
  console.log(
    `fix run twice: second run exit ${rerun.exit}, ${rerun.edits} edits in ${rerun.files} files ` +
      `(${rerun.edits === 0 && rerun.files === 0 ? 'idempotent' : 'NOT idempotent'})`,
  );

  const file = writeResult('fix', {
    benchmark: 'fix',
    date: new Date().toISOString(),
    tree: { path: pristine, params: defaultMonorepo, files: manifest.files, bytes: manifest.bytes },
    rounds,
    peakRssSource: 'GNU time %M (ru_maxrss of the child)',
    method: 'fresh cp -a copy per run (untimed, then sync); scan and fix on identical unfixed copies',
    variants: results.map(({ name, runs, medianWallMs, medianPeakRssMiB, maxPeakRssMiB }) => ({
      name,
      medianWallMs,
      medianPeakRssMiB,
      maxPeakRssMiB,
      wallMs: runs.map((r) => r.wallMs),
    })),
    ratio,
    targetRatio,
    verifications,
    dryRun,
    rerun,
  });
  console.log(`\nresults: ${file}`);
}
