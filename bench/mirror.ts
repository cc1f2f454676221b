// `npm run bench -- mirror [ROUNDS] [--large | --repo]` (--repo: bench/mirror/repo.ts): regshift mirror vs `skopeo sync --all --preserve-digests`
// vs `crane copy` per image, copying 20 two-platform images (~60 MiB, one base layer per platform shared
// by all) from a real registry (Debian docker-registry) into a fresh one for every run. Rounds interleave
// the tools (order reversed on alternate rounds) after one warm-up each; every result is checked byte-exact.
// Medians, ratios and peak RSS from the shared harness. `--large`: one image with a 1 GiB layer, peak RSS.
// A fresh destination per run is why this drives runMeasured itself instead of `interleave`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type OwnRegistry, startOwnRegistry } from '../test/mirror/registry.js';
import { benchDir, regshiftBin, repoRoot } from './lib/paths.js';
import { mib, ms, table } from './lib/table.js';
import { median, type RunResult, requireGnuTime, requireProgram, runMeasured } from './lib/timing.js';
import { repoBench } from './mirror/repo.js';
import { countRequests } from './mirror/requests.js';
import { seedLarge, seedShared } from './mirror/seed.js';
import { verifyCopy } from './mirror/verify.js';

const log = (line: string) => process.stderr.write(`[bench mirror] ${line}\n`);
const dir = join(benchDir, 'mirror');

interface Tool {
  name: string;
  /** The command copying from `src` into `dst` (host:port each), under `dst/mirror/`. */
  args: (src: string, dst: string) => [string, string[]];
}

/** Run `tool` into a fresh registry, then check every image byte-exact there. */
async function once(tool: Tool, source: string, refs: string[], crane: string): Promise<RunResult> {
  const dest: OwnRegistry = await startOwnRegistry();
  try {
    const [cmd, args] = tool.args(source, dest.host);
    const result = await runMeasured({ cmd, args, cwd: repoRoot, stdoutPath: join(dir, 'stdout') });
    if (result.exitCode !== 0)
      throw new Error(`${tool.name} exited ${result.exitCode}: ${result.stderr.slice(-2000)}`);
    for (const ref of refs) {
      const problem = await verifyCopy(source, dest.host, ref, crane);
      if (problem) throw new Error(`${tool.name}: ${problem}`);
    }
    return result;
  } finally {
    await dest.close();
  }
}

function tools(source: string, refs: string[], crane: string): Tool[] {
  const list = join(dir, 'images.txt');
  writeFileSync(list, refs.map((r) => `${source}/${r}`).join('\n'));
  const yaml = join(dir, 'sync.yaml');
  const repos = refs.map((r) => `    ${r.split(':')[0]}: [${r.split(':')[1]}]`).join('\n');
  writeFileSync(yaml, `${source}:\n  tls-verify: false\n  images:\n${repos}\n`);
  const loop = join(dir, 'crane-copy.sh');
  writeFileSync(
    loop,
    `set -e\nfor r in ${refs.join(' ')}; do "${crane}" copy --insecure "$1/$r" "$2/mirror/$r"; done\n`,
  );
  return [
    {
      name: 'regshift mirror',
      args: (_, d) => [
        process.execPath,
        [regshiftBin, 'mirror', '--to', `${d}/mirror`, '--from', list, '-o', 'json'],
      ],
    },
    {
      name: 'skopeo sync',
      args: (_, d) => [
        'skopeo',
        [
          'sync',
          '--all',
          '--preserve-digests',
          '--src',
          'yaml',
          '--dest',
          'docker',
          '--dest-tls-verify=false',
          yaml,
          `${d}/mirror`,
        ],
      ],
    },
    { name: 'crane copy (per image)', args: (s, d) => ['sh', [loop, s, d]] },
  ];
}

async function shared(rounds: number, crane: string): Promise<void> {
  const source = await startOwnRegistry();
  try {
    log('seeding 20 two-platform images (10 MiB base per platform, 1 MiB own layer per image and platform)');
    const refs = await seedShared(join(dir, 'layouts'), source.host, crane, {
      images: 20,
      baseBytes: 10 << 20,
      ownBytes: 1 << 20,
    });
    const variants = tools(source.host, refs, crane);
    const runs = new Map<string, RunResult[]>(variants.map((v) => [v.name, []]));
    for (let round = 0; round <= rounds; round++) {
      for (const tool of round % 2 === 1 ? variants : [...variants].reverse()) {
        const result = await once(tool, source.host, refs, crane);
        log(
          `${round === 0 ? 'warm-up' : `round ${round}`} ${tool.name}: ${ms(result.wallMs)}, ${mib(result.peakRssKiB / 1024)}, verified`,
        );
        if (round > 0) runs.get(tool.name)!.push(result);
      }
    }
    const medianMs = (name: string) => median(runs.get(name)!.map((r) => r.wallMs));
    const ours = medianMs(variants[0]!.name);
    const rows = variants.map((v) => [
      v.name,
      ms(medianMs(v.name)),
      mib(median(runs.get(v.name)!.map((r) => r.peakRssKiB)) / 1024),
      v === variants[0] ? '' : (ours / medianMs(v.name)).toFixed(2),
    ]);
    console.log(
      `\nmirror: 20 two-platform images (~62 MiB), ${rounds} interleaved rounds, medians, each run verified byte-exact`,
    );
    console.log(table(['tool', 'wall', 'peak RSS', 'regshift / tool'], rows));
    console.log('targets: regshift / skopeo ≤ 0.50, regshift / crane ≤ 1.00');
  } finally {
    await source.close();
  }
}

async function large(crane: string): Promise<void> {
  const [source, dest] = await Promise.all([startOwnRegistry(), startOwnRegistry()]);
  try {
    log('seeding one image with a 1 GiB layer');
    const ref = await seedLarge(join(dir, 'large'), source.host, crane, 1 << 30);
    const result = await runMeasured({
      cmd: process.execPath,
      args: [regshiftBin, 'mirror', '--to', `${dest.host}/mirror`, `${source.host}/${ref}`, '-o', 'json'],
      cwd: repoRoot,
      stdoutPath: join(dir, 'stdout'),
    });
    if (result.exitCode !== 0)
      throw new Error(`regshift exited ${result.exitCode}: ${result.stderr.slice(-2000)}`);
    const problem = await verifyCopy(source.host, dest.host, ref, crane);
    if (problem) throw new Error(problem);
    console.log(
      `\nmirror --large: one 1 GiB layer in ${ms(result.wallMs)}, peak RSS ${mib(result.peakRssKiB / 1024)} (target < 200 MiB), verified`,
    );
  } finally {
    await Promise.all([source.close(), dest.close()]);
  }
}

export async function run(args: string[]): Promise<void> {
  const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
  requireGnuTime();
  requireProgram('skopeo', 'skopeo');
  requireProgram('docker-registry', 'docker-registry');
  const crane = spawnSync('sh', ['-c', 'command -v crane']).stdout.toString().trim();
  if (!crane) throw new Error('crane is not on PATH: run `npm run testenv:up` and `. .testenv/env.sh` first');
  mkdirSync(dir, { recursive: true });
  log('building regshift (dist/)');
  if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' }).status !== 0)
    throw new Error('build failed');
  if (args.includes('--large')) await large(crane);
  else if (args.includes('--repo') && args.includes('--requests')) await countRequests(crane);
  else if (args.includes('--repo')) await repoBench(rounds, crane);
  else await shared(rounds, crane);
}
