// The memory check: peak RSS of regshift scan on a ~1 GiB tree (target under 300 MB), ripgrep alongside.
import { mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLarge, generateLarge } from '../gen/large.js';
import { benchDir, cachedTree, paramsHash, removeTree, writeResult } from '../lib/paths.js';
import { mib, ms, table } from '../lib/table.js';
import { interleave } from '../lib/timing.js';
import { regshiftVariant, rgVariant } from './commands.js';

const targetMB = 300;

export async function runLarge(options: {
  rounds: number;
  keep: boolean;
  log: (line: string) => void;
}): Promise<void> {
  mkdirSync(benchDir, { recursive: true });
  const free = statfsSync(benchDir);
  const freeGiB = (free.bavail * free.bsize) / 1024 ** 3;
  if (freeGiB < 3)
    throw new Error(`only ${freeGiB.toFixed(1)} GiB free under ${benchDir}; the 1 GiB tree needs 3`);
  let info: { files: number; bytes: number; withHits: string[] } | undefined;
  const tree = await cachedTree(
    `large-${paramsHash(defaultLarge)}`,
    (dir) => {
      info = generateLarge(dir, defaultLarge);
    },
    options.log,
  );
  try {
    const outDir = join(benchDir, 'results', 'scan-output');
    mkdirSync(outDir, { recursive: true });
    const results = await interleave(
      [regshiftVariant(tree, outDir), rgVariant(tree, outDir)],
      options.rounds,
      options.log,
    );
    const [regshift, rg] = results as [(typeof results)[0], (typeof results)[0]];
    const peakMB = (regshift.maxPeakRssMiB * 1024 * 1024) / 1e6;
    console.log(
      `\nmemory check: ${tree}${info ? ` (${info.files} files, ${(info.bytes / 1024 ** 3).toFixed(2)} GiB)` : ''}`,
    );
    console.log(
      table(
        ['tool', 'median wall', 'median peak RSS', 'max peak RSS'],
        results.map((r) => [r.name, ms(r.medianWallMs), mib(r.medianPeakRssMiB), mib(r.maxPeakRssMiB)]),
      ),
    );
    console.log(
      `\nregshift peak RSS ${peakMB.toFixed(0)} MB (target < ${targetMB} MB: ${peakMB < targetMB ? 'met' : 'not met'}); ` +
        `wall ${(regshift.medianWallMs / rg.medianWallMs).toFixed(2)}x rg`,
    );
    const file = writeResult('scan-large', {
      benchmark: 'scan --large',
      date: new Date().toISOString(),
      tree: { params: defaultLarge, ...(info ? { files: info.files, bytes: info.bytes } : {}) },
      peakRssSource: 'GNU time %M (ru_maxrss of the child)',
      variants: results.map(({ name, runs, medianWallMs, medianPeakRssMiB, maxPeakRssMiB }) => ({
        name,
        medianWallMs,
        medianPeakRssMiB,
        maxPeakRssMiB,
        wallMs: runs.map((r) => r.wallMs),
      })),
      regshiftPeakMB: peakMB,
      targetMB,
    });
    console.log(`results: ${file}`);
  } finally {
    if (!options.keep) {
      removeTree(tree);
      options.log(`deleted ${tree} (pass --keep to keep it)`);
    }
  }
}
