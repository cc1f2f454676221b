// Where regshift scan's time goes: run it once under `node --cpu-prof` and charge samples to phases.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CallFrame, type Share, summariseProfile } from '../lib/cpuprofile.js';
import { repoRoot } from '../lib/paths.js';
import { table } from '../lib/table.js';
import { runMeasured } from '../lib/timing.js';
import { regshiftVariant } from './commands.js';

const readPhases: Record<string, string> = {
  readFileChecked: 'read (open/fstat/read/close)',
  isBinary: 'binary check',
  decodeText: 'decode UTF-8',
};

/** The phase of the innermost project (dist/) or dependency frame: natives are charged to their caller. */
export function scanPhase(stack: readonly CallFrame[]): string {
  const leaf = stack[0]!.functionName;
  if (leaf === '(garbage collector)') return 'gc';
  if (leaf === '(program)' || leaf === '(idle)') return 'vm (program/idle)';
  const inLoad = stack.some((f) => f.functionName === 'loadIgnoreLayer');
  for (const frame of stack) {
    const url = frame.url;
    if (url.includes('/node_modules/ignore/')) return inLoad ? 'ignore: load files' : 'ignore: match';
    if (url.includes('/node_modules/yaml/')) return 'parse (yaml library)';
    if (!url.includes('/dist/')) continue;
    if (url.endsWith('/scan/ignore-files.js'))
      return frame.functionName === 'loadIgnoreLayer' ? 'ignore: load files' : 'ignore: match';
    if (url.endsWith('/scan/walk.js')) return 'walk (readdir, paths)';
    if (url.endsWith('/scan/needles.js')) return 'prefilter (needle search)';
    if (url.endsWith('/scan/read.js'))
      return readPhases[frame.functionName] ?? 'read (open/fstat/read/close)';
    if (url.endsWith('/scan/hits.js') || url.includes('/dist/rules/') || url.includes('/dist/reference/'))
      return 'hits + rule matching';
    if (url.includes('/scan/'))
      return url.endsWith('/scan/index.js') ? 'scan loop' : 'parse (format scanners)';
    if (url.endsWith('/findings.js')) return 'sort findings';
    if (url.includes('/dist/report/') || url.includes('/dist/cli/')) return 'output (render, write)';
    return 'other project code';
  }
  return stack.some((f) => f.url.startsWith('node:internal/modules'))
    ? 'startup (module loading)'
    : 'node internals';
}

export interface ProfileResult {
  wallMs: number;
  totalMs: number;
  phases: Share[];
  topFunctions: Share[];
}

export async function profileScan(tree: string, outDir: string): Promise<ProfileResult> {
  const dir = join(outDir, 'cpuprof');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The bundled CLI is one file: profile tsc's output (dist/cli/main.js), whose file names tell the phases.
  const entry = join(outDir, 'unbundled.mjs');
  const main = pathToFileURL(join(repoRoot, 'dist/cli/main.js')).href;
  writeFileSync(
    entry,
    `import { main } from '${main}';\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  const variant = regshiftVariant(
    tree,
    outDir,
    ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200'],
    entry,
  );
  const run = await runMeasured(variant.command);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`node --cpu-prof wrote no profile in ${dir}`);
  const summary = summariseProfile(join(dir, file), scanPhase);
  return {
    wallMs: run.wallMs,
    totalMs: summary.total,
    phases: summary.categories,
    topFunctions: summary.functions.slice(0, 15),
  };
}

export function printProfile(result: ProfileResult, print: (line: string) => void): void {
  const rows = (shares: Share[]) =>
    shares.map((s) => [s.name, `${s.ms.toFixed(0)} ms`, `${s.percent.toFixed(1)}%`]);
  print(
    `\nprofile (node --cpu-prof, one run, ${result.wallMs.toFixed(0)} ms wall, ${result.totalMs.toFixed(0)} ms sampled):`,
  );
  print(table(['phase', 'self time', 'share'], rows(result.phases)));
  print('\ntop functions by self time:');
  print(table(['function', 'self time', 'share'], rows(result.topFunctions)));
}
