// `npm run bench -- mirror` (or `npx tsx bench/mirror.ts`): regshift mirror vs `skopeo sync --all
// --preserve-digests` vs `crane copy` per image, copying 20 two-platform images (~60 MiB, a base layer
// shared per platform) from a real registry into a fresh one; interleaved rounds, medians, ratios, each
// result checked byte-exact. `--large`: peak RSS of regshift copying one image with a 1 GiB layer.
// Self-contained: the shared harness (bench/lib) was not on main when this was written.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OwnRegistry, startOwnRegistry } from '../test/mirror/registry.js';
import { seedLarge, seedShared } from './mirror/seed.js';
import { verifyCopy } from './mirror/verify.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, '.bench', 'mirror');
const log = (line: string) => process.stderr.write(`${line}\n`);

function tool(name: string, fallbacks: string[]): string {
  for (const dir of (process.env['PATH'] ?? '').split(':'))
    if (existsSync(join(dir, name))) return join(dir, name);
  const found = fallbacks.find((f) => existsSync(f));
  if (!found)
    throw new Error(`${name} not found: run \`npm run testenv:up\` (builds crane) or install skopeo`);
  return found;
}

interface Measured {
  ms: number;
  rssMiB: number;
}

/** Wall time around the process, peak RSS from GNU time (ru_maxrss of the child, and of its children). */
function measure(cmd: string, args: string[]): Promise<Measured> {
  const stats = join(tmpdir(), `regshift-bench-mirror-${process.pid}`);
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M', '-o', stats, cmd, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const lines = readFileSync(stats, 'utf8').trim().split('\n');
      rmSync(stats, { force: true });
      if (code !== 0)
        fail(new Error(`${cmd} ${args.slice(0, 3).join(' ')} … exited ${code}: ${err.slice(-2000)}`));
      else done({ ms, rssMiB: Number(lines[lines.length - 1]) / 1024 });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

type Variant = { name: string; command: (src: string, dst: string) => [string, string[]] };

async function shared(rounds: number, crane: string, skopeo: string): Promise<void> {
  const source = await startOwnRegistry();
  try {
    log('seeding 20 two-platform images …');
    const refs = await seedShared(join(work, 'layouts'), source.host, crane, {
      images: 20,
      baseBytes: 10 << 20,
      ownBytes: 1 << 20,
    });
    const list = join(work, 'images.txt');
    writeFileSync(list, refs.map((r) => `${source.host}/${r}`).join('\n'));
    const yaml = join(work, 'sync.yaml');
    const byRepo = refs.map((r) => `    ${r.split(':')[0]}: [${r.split(':')[1]}]`).join('\n');
    writeFileSync(yaml, `${source.host}:\n  tls-verify: false\n  images:\n${byRepo}\n`);
    const craneLoop = join(work, 'crane-copy.sh');
    writeFileSync(
      craneLoop,
      `set -e\nfor r in ${refs.join(' ')}; do "${crane}" copy --insecure "$1/$r" "$2/mirror/$r"; done\n`,
    );
    const variants: Variant[] = [
      {
        name: 'regshift mirror',
        command: (_, d) => [
          process.execPath,
          [join(root, 'bin/regshift.js'), 'mirror', '--to', `${d}/mirror`, '--from', list, '-o', 'json'],
        ],
      },
      {
        name: 'skopeo sync',
        command: (_, d) => [
          skopeo,
          [
            'sync',
            '--all',
            '--preserve-digests',
            '--src',
            'yaml',
            '--dest',
            'docker',
            '--dest-tls-verify=false',
            '--retry-times',
            '0',
            yaml,
            `${d}/mirror`,
          ],
        ],
      },
      { name: 'crane copy', command: (s, d) => ['sh', [craneLoop, s, d]] },
    ];
    const times = new Map<string, Measured[]>(variants.map((v) => [v.name, []]));
    for (let round = 0; round <= rounds; round++) {
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      for (const v of order) {
        const dest: OwnRegistry = await startOwnRegistry();
        try {
          const [cmd, args] = v.command(source.host, dest.host);
          const m = await measure(cmd, args);
          for (const ref of refs) {
            const problem = await verifyCopy(source.host, dest.host, ref, crane);
            if (problem) throw new Error(`${v.name}: ${problem}`);
          }
          log(
            `${round === 0 ? 'warm-up' : `round ${round}`} ${v.name}: ${m.ms.toFixed(0)} ms, ${m.rssMiB.toFixed(0)} MiB, verified`,
          );
          if (round > 0) times.get(v.name)!.push(m);
        } finally {
          await dest.close();
        }
      }
    }
    const med = (name: string) => median(times.get(name)!.map((m) => m.ms));
    const ours = med('regshift mirror');
    console.log(`\nmirror: 20 two-platform images, ${rounds} rounds (medians; byte-exact verified each run)`);
    for (const v of variants) {
      const rss = median(times.get(v.name)!.map((m) => m.rssMiB));
      console.log(
        `  ${v.name.padEnd(16)} ${(med(v.name) / 1000).toFixed(2).padStart(6)} s  peak ${rss.toFixed(0)} MiB  ${v.name === 'regshift mirror' ? '' : `regshift/${v.name.split(' ')[0]} = ${(ours / med(v.name)).toFixed(2)}`}`,
      );
    }
    console.log('  targets: regshift/skopeo ≤ 0.50, regshift/crane ≤ 1.00');
  } finally {
    await source.close();
  }
}

async function large(crane: string): Promise<void> {
  const source = await startOwnRegistry();
  const dest = await startOwnRegistry();
  try {
    log('seeding one image with a 1 GiB layer …');
    const ref = await seedLarge(join(work, 'large'), source.host, crane, 1 << 30);
    const m = await measure(process.execPath, [
      join(root, 'bin/regshift.js'),
      'mirror',
      '--to',
      `${dest.host}/mirror`,
      `${source.host}/${ref}`,
      '-o',
      'json',
    ]);
    const problem = await verifyCopy(source.host, dest.host, ref, crane);
    if (problem) throw new Error(problem);
    console.log(
      `\nmirror --large: 1 GiB layer in ${(m.ms / 1000).toFixed(1)} s, peak RSS ${m.rssMiB.toFixed(0)} MiB (target < 200 MiB), verified`,
    );
  } finally {
    await Promise.all([source.close(), dest.close()]);
  }
}

export async function run(args: string[]): Promise<void> {
  const rounds = Number(args[args.indexOf('--rounds') + 1] ?? 3) || 3;
  const home = process.env['HOME'] ?? '';
  const crane = tool('crane', [join(home, '.cache/regshift/testenv/crane-v0.22.1/crane')]);
  const skopeo = tool('skopeo', ['/usr/bin/skopeo']);
  if (!existsSync('/usr/bin/time')) throw new Error('GNU time is missing: apt-get install -y time');
  if (!existsSync(join(root, 'dist/cli/main.js'))) throw new Error('build first: npm run build');
  await mkdir(work, { recursive: true });
  if (args.includes('--large')) await large(crane);
  else await shared(args.includes('--rounds') ? rounds : 3, crane, skopeo);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  run(process.argv.slice(2)).catch((error: Error) => {
    log(`bench mirror: ${error.message}`);
    process.exitCode = 2;
  });
}
