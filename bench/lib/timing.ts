// Timing helpers shared by every benchmark: run a command with wall time and peak RSS, interleave variants.
//
// Peak RSS comes from GNU time (`/usr/bin/time -f %M`, Debian package `time`): it reads the child's
// ru_maxrss from wait4(), so it sees the true high-water mark of the process, which polling /proc would miss.
// Wall time is measured here around the spawn; GNU time's own fork adds about a millisecond to every variant.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const gnuTime = '/usr/bin/time';

export interface RunResult {
  wallMs: number;
  /** Peak resident set size of the command, in KiB. */
  peakRssKiB: number;
  exitCode: number;
  stderr: string;
}

export interface Command {
  cmd: string;
  args: readonly string[];
  cwd: string;
  /** Where stdout goes: a real file, because ripgrep stops at the first match when it sees /dev/null. */
  stdoutPath: string;
  env?: NodeJS.ProcessEnv;
}

/** Throw with the install command when a required program is missing. */
export function requireProgram(program: string, debianPackage: string): void {
  const found = program.startsWith('/') ? existsSync(program) : spawnSync('which', [program]).status === 0;
  if (!found)
    throw new Error(
      `${program} is not installed: run \`apt-get update && apt-get install -y ${debianPackage}\` and try again`,
    );
}

export function requireGnuTime(): void {
  requireProgram(gnuTime, 'time');
}

/** Run one command to completion, measuring wall time and peak RSS. */
export function runMeasured(command: Command): Promise<RunResult> {
  const statsPath = join(tmpdir(), `regshift-bench-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const out = openSync(command.stdoutPath, 'w');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(gnuTime, ['-f', '%M', '-o', statsPath, command.cmd, ...command.args], {
      cwd: command.cwd,
      env: command.env ?? process.env,
      stdio: ['ignore', out, 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      closeSync(out);
      let peakRssKiB = Number.NaN;
      try {
        // The last line is %M; earlier lines are GNU time's notes such as "Command exited with non-zero status".
        const lines = readFileSync(statsPath, 'utf8').trim().split('\n');
        peakRssKiB = Number(lines[lines.length - 1]);
        rmSync(statsPath, { force: true });
      } catch {}
      resolve({ wallMs, peakRssKiB, exitCode: code ?? -1, stderr });
    });
  });
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Variant {
  name: string;
  command: Command;
  /** Exit codes that count as success (grep-like tools exit 1 on "found"). */
  okExitCodes?: readonly number[];
  /** A problem with the run's output (a crash also exits 1), or undefined when it looks right. */
  validate?: (result: RunResult) => string | undefined;
}

export interface VariantRuns {
  name: string;
  runs: RunResult[];
  medianWallMs: number;
  medianPeakRssMiB: number;
  maxPeakRssMiB: number;
}

/**
 * One warm-up each (page cache, disk), then `rounds` rounds in which every variant runs once, the order
 * reversed on alternate rounds so a drift in machine load falls on all variants alike.
 */
export async function interleave(
  variants: readonly Variant[],
  rounds: number,
  log: (line: string) => void,
): Promise<VariantRuns[]> {
  const runs = new Map<string, RunResult[]>(variants.map((v) => [v.name, []]));
  const once = async (variant: Variant, label: string): Promise<RunResult> => {
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
  for (const variant of variants) await once(variant, 'warm-up');
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? variants : [...variants].reverse();
    for (const variant of order) runs.get(variant.name)!.push(await once(variant, `round ${round}`));
  }
  return variants.map((v) => {
    const list = runs.get(v.name)!;
    return {
      name: v.name,
      runs: list,
      medianWallMs: median(list.map((r) => r.wallMs)),
      medianPeakRssMiB: median(list.map((r) => r.peakRssKiB)) / 1024,
      maxPeakRssMiB: Math.max(...list.map((r) => r.peakRssKiB)) / 1024,
    };
  });
}
