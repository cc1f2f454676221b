// `npm run bench -- scan [--rounds N] [--profile] [--large [--keep]]`: regshift scan vs ripgrep.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultMonorepo, generateMonorepo, type Manifest } from './gen/monorepo.js';
import { benchDir, buildProblem, cachedTree, paramsHash, writeResult } from './lib/paths.js';
import { mib, ms, table } from './lib/table.js';
import { interleave, requireGnuTime, requireProgram } from './lib/timing.js';
import { regshiftVariant, rgVariant } from './scan/commands.js';
import { runLarge } from './scan/large.js';
import { printProfile, profileScan } from './scan/profile.js';
import { compareSets, printSanity, readFileSets } from './scan/sanity.js';

/** The target: regshift within 1.5x of ripgrep's wall time. */
const targetRatio = 1.5;
const log = (line: string) => console.error(`bench scan: ${line}`);

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      rounds: { type: 'string', default: '5' },
      profile: { type: 'boolean', default: false },
      large: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  requireProgram('rg', 'ripgrep');
  requireGnuTime();
  const problem = buildProblem();
  if (problem?.includes('missing')) throw new Error(problem);
  if (problem) log(`warning: ${problem}`);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds ${values.rounds}: give a whole number ≥ 1`);
  if (values.large) return runLarge({ rounds: Math.min(rounds, 3), keep: values.keep, log });

  const name = `monorepo-${paramsHash(defaultMonorepo)}`;
  const tree = await cachedTree(
    name,
    (dir) => {
      const manifest = generateMonorepo(dir, defaultMonorepo);
      writeFileSync(`${dir}.manifest.json`, JSON.stringify(manifest));
    },
    log,
  );
  const manifest = JSON.parse(readFileSync(`${tree}.manifest.json`, 'utf8')) as Manifest;
  log(
    `tree: ${manifest.files} files, ${(manifest.bytes / 1024 / 1024).toFixed(0)} MiB ` +
      `(${manifest.ignoredFiles} git-ignored, ${manifest.binaries} binary)`,
  );
  const outDir = join(benchDir, 'results', 'scan-output');
  mkdirSync(outDir, { recursive: true });
  const variants = [regshiftVariant(tree, outDir), rgVariant(tree, outDir), rgVariant(tree, outDir, 1)];
  const results = await interleave(variants, rounds, log);

  const [regshift, rg, rgSingle] = results as [(typeof results)[0], (typeof results)[0], (typeof results)[0]];
  const ratio = regshift.medianWallMs / rg.medianWallMs;
  const rows = results.map((r) => [
    r.name,
    ms(r.medianWallMs),
    `${ms(Math.min(...r.runs.map((x) => x.wallMs)))}–${ms(Math.max(...r.runs.map((x) => x.wallMs)))}`,
    mib(r.medianPeakRssMiB),
    (r.medianWallMs / rg.medianWallMs).toFixed(2),
  ]);
  console.log(
    `\nscan benchmark: ${manifest.files} files, ${rounds} interleaved rounds after one warm-up each`,
  );
  console.log(table(['tool', 'median wall', 'range', 'peak RSS', 'vs rg'], rows));
  console.log(
    `\nregshift / rg = ${ratio.toFixed(2)}x (target ≤ ${targetRatio}x: ${ratio <= targetRatio ? 'met' : 'not met'}); ` +
      `regshift / rg -j1 = ${(regshift.medianWallMs / rgSingle.medianWallMs).toFixed(2)}x`,
  );

  const sanity = compareSets(
    readFileSets(join(outDir, 'regshift.json'), join(outDir, 'rg.json')),
    manifest.planted,
  );
  console.log('');
  printSanity(sanity, (line) => console.log(line));

  const profile = values.profile ? await profileScan(tree, outDir) : undefined;
  if (profile) printProfile(profile, (line) => console.log(line));

  const file = writeResult('scan', {
    benchmark: 'scan',
    date: new Date().toISOString(),
    tree: { path: tree, params: defaultMonorepo, files: manifest.files, bytes: manifest.bytes },
    rounds,
    peakRssSource: 'GNU time %M (ru_maxrss of the child)',
    variants: results.map(({ name, runs, medianWallMs, medianPeakRssMiB, maxPeakRssMiB }) => ({
      name,
      medianWallMs,
      medianPeakRssMiB,
      maxPeakRssMiB,
      wallMs: runs.map((r) => r.wallMs),
    })),
    ratio,
    targetRatio,
    sanity,
    profile,
  });
  console.log(`\nresults: ${file}`);
}
