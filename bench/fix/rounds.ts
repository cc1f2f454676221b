// Interleaved rounds like lib/timing.ts's `interleave`, but every run gets a fresh copy of the tree first
// (untimed): fix changes the tree it runs on, and scan must see the same unfixed tree as fix does.
import { median, type RunResult, runMeasured, type Variant } from '../lib/timing.js';

export interface CopyVariant {
  /** The command to time; its cwd is the copy made by `prepare`. */
  variant: Variant;
  /** Make the fresh copy this variant runs on (not timed). */
  prepare: () => void;
  /** Checks after the round (not timed), given the run's label and result. */
  after?: (label: string, result: RunResult) => void;
}

export interface VariantSummary {
  name: string;
  runs: RunResult[];
  medianWallMs: number;
  medianPeakRssMiB: number;
  maxPeakRssMiB: number;
}

/**
 * One warm-up each, then `rounds` rounds in which every variant runs once, the order reversed on alternate
 * rounds. Before each round all variants' copies are made and flushed to disk, so both commands start
 * from the same state: a just-written, fully synced copy with a warm page cache.
 */
export async function interleaveOnCopies(
  variants: readonly CopyVariant[],
  rounds: number,
  flush: () => void,
  log: (line: string) => void,
): Promise<VariantSummary[]> {
  const runs = new Map<string, RunResult[]>(variants.map((v) => [v.variant.name, []]));
  const once = async (entry: CopyVariant, label: string): Promise<RunResult> => {
    const { variant } = entry;
    const result = await runMeasured(variant.command);
    const ok = variant.okExitCodes ?? [0];
    if (!ok.includes(result.exitCode))
      throw new Error(`${variant.name} exited ${result.exitCode}: ${result.stderr.slice(0, 2000)}`);
    const problem = variant.validate?.(result);
    if (problem) throw new Error(`${variant.name}: ${problem}`);
    log(
      `${label} ${variant.name}: ${result.wallMs.toFixed(0)} ms, ${(result.peakRssKiB / 1024).toFixed(0)} MiB`,
    );
    return result;
  };
  const round = async (order: readonly CopyVariant[], label: string): Promise<RunResult[]> => {
    for (const entry of order) entry.prepare();
    flush();
    const results: RunResult[] = [];
    for (const entry of order) results.push(await once(entry, label));
    // Checks run after the round's timed runs, so they never sit between two of them.
    order.forEach((entry, i) => {
      entry.after?.(label, results[i]!);
    });
    return results;
  };
  await round(variants, 'warm-up');
  for (let r = 1; r <= rounds; r++) {
    const order = r % 2 === 1 ? variants : [...variants].reverse();
    const results = await round(order, `round ${r}`);
    order.forEach((entry, i) => {
      runs.get(entry.variant.name)!.push(results[i]!);
    });
  }
  return variants.map(({ variant }) => {
    const list = runs.get(variant.name)!;
    return {
      name: variant.name,
      runs: list,
      medianWallMs: median(list.map((r) => r.wallMs)),
      medianPeakRssMiB: median(list.map((r) => r.peakRssKiB)) / 1024,
      maxPeakRssMiB: Math.max(...list.map((r) => r.peakRssKiB)) / 1024,
    };
  });
}
