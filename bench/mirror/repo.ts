// `npm run bench -- mirror --repo [ROUNDS]`: one repository of 100 two-platform tags sharing their base
// layers, every tag signed with cosign (offline key, no transparency log; stored as the referrers tag
// schema on docker-registry), copied into a fresh registry per run by `regshift mirror --repo`, `crane copy
// --all-tags` and `skopeo sync` of the repository's image tags. Every run's image tags are checked
// digest-exact, and whether `cosign verify` passes against one mirrored tag is reported per tool.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mapLimit } from '../../src/concurrency.js';
import { type OwnRegistry, startOwnRegistry } from '../../test/mirror/registry.js';
import { type Cosign, cosignWithKey } from '../../test/mirror/signing.js';
import { benchDir, regshiftBin, repoRoot } from '../lib/paths.js';
import { mib, ms, table } from '../lib/table.js';
import { median, type RunResult, runMeasured } from '../lib/timing.js';
import { seedShared } from './seed.js';

const exec = promisify(execFile);
const log = (line: string) => process.stderr.write(`[bench mirror --repo] ${line}\n`);
const dir = join(benchDir, 'mirror-repo');
const repo = 'bench-repo';
const tags = 100;
const offline = ['--use-signing-config=false', '--tlog-upload=false', '--allow-http-registry'];

export interface Tool {
  name: string;
  command: (src: string, dst: string) => [string, string[]];
}

export const toolList = (crane: string): Tool[] => [
  {
    name: 'regshift mirror --repo',
    command: (s, d) => [
      process.execPath,
      [regshiftBin, 'mirror', '--to', `${d}/mirror`, '--repo', `${s}/${repo}`, '-o', 'json'],
    ],
  },
  {
    name: 'crane copy --all-tags',
    command: (s, d) => [crane, ['copy', '--insecure', '--all-tags', `${s}/${repo}`, `${d}/mirror/${repo}`]],
  },
  {
    // skopeo sync of the whole repository stops at the first tag-schema index (it would have to convert
    // it, which --preserve-digests forbids), so it gets the image tags only: its copies carry no signatures.
    name: 'skopeo sync (image tags)',
    command: (s, d) => {
      const yaml = join(dir, 'sync.yaml');
      writeFileSync(yaml, `${s}:\n  tls-verify: false\n  images-by-tag-regex:\n    ${repo}: '^v'\n`);
      return [
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
      ];
    },
  },
];

async function digests(crane: string, base: string, names: readonly string[]): Promise<string[]> {
  return mapLimit(names, 8, async (t) =>
    (await exec(crane, ['digest', '--insecure', `${base}:${t}`])).stdout.trim(),
  );
}

export async function once(
  tool: Tool,
  source: string,
  crane: string,
  cosign: Cosign,
  expected: string[],
  names: string[],
) {
  const dest: OwnRegistry = await startOwnRegistry();
  try {
    const [cmd, args] = tool.command(source, dest.host);
    const result = await runMeasured({ cmd, args, cwd: repoRoot, stdoutPath: join(dir, 'stdout') });
    if (result.exitCode !== 0)
      throw new Error(`${tool.name} exited ${result.exitCode}: ${result.stderr.slice(-2000)}`);
    const got = await digests(crane, `${dest.host}/mirror/${repo}`, names);
    if (got.join() !== expected.join()) throw new Error(`${tool.name}: some tags differ from the source`);
    const verified = await cosign.run([
      'verify',
      '--key',
      cosign.publicKey,
      '--insecure-ignore-tlog=true',
      '--allow-http-registry',
      `${dest.host}/mirror/${repo}:${names[0]}`,
    ]);
    return { result, verified: verified.ok, referrers: referrerModes(tool) };
  } finally {
    await dest.close();
  }
}

/** regshift's own account of the referrers it copied and how (from its JSON), for the report. */
function referrerModes(tool: Tool): string | undefined {
  if (!tool.name.startsWith('regshift')) return undefined;
  const { results } = JSON.parse(readFileSync(join(dir, 'stdout'), 'utf8')) as {
    results: { referrers: number; referrersFrom: string | null; referrersTo: string | null }[];
  };
  const modes = new Set(results.map((r) => `read via ${r.referrersFrom}, written via ${r.referrersTo}`));
  return `${results.reduce((n, r) => n + r.referrers, 0)} referrers (per image, counted with each tag), ${[...modes].join('; ')}`;
}

/** regshift's wall time over each other tool's in one round. */
function ratios(variants: readonly Tool[], runs: Map<string, RunResult[]>, index: number): string {
  const ours = runs.get(variants[0]!.name)![index]!.wallMs;
  return variants
    .slice(1)
    .map((v) => `regshift / ${v.name.split(' ')[0]} ${(ours / runs.get(v.name)![index]!.wallMs).toFixed(2)}`)
    .join(', ');
}

/** The seeded source: 100 signed tags, their names and digests. */
export interface SeededRepo {
  source: OwnRegistry;
  cosign: Cosign;
  names: string[];
  expected: string[];
  close(): Promise<void>;
}

export async function seedRepo(crane: string): Promise<SeededRepo> {
  const source = await startOwnRegistry();
  const cosign = await cosignWithKey();
  const close = async () => {
    await cosign.close();
    await source.close();
  };
  try {
    log(`seeding ${tags} two-platform tags of one repository (2 MiB shared base per platform, 256 KiB own)`);
    const refs = await seedShared(join(dir, 'layouts'), source.host, crane, {
      images: tags,
      baseBytes: 2 << 20,
      ownBytes: 256 << 10,
      repo,
    });
    const names = refs.map((r) => r.split(':')[1]!);
    const expected = await digests(crane, `${source.host}/${repo}`, names);
    log('signing every tag with cosign');
    // cosign's default 3-minute deadline covers all 100 signatures, too short on a loaded machine.
    const signed = await cosign.run([
      'sign',
      '--key',
      'cosign.key',
      '--timeout=30m',
      ...offline,
      ...expected.map((d) => `${source.host}/${repo}@${d}`),
    ]);
    if (!signed.ok) throw new Error(`cosign sign: ${signed.output.slice(-2000)}`);
    return { source, cosign, names, expected, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function repoBench(rounds: number, crane: string): Promise<void> {
  const seeded = await seedRepo(crane);
  const { source, cosign, names, expected } = seeded;
  try {
    const variants = toolList(crane);
    const runs = new Map<string, RunResult[]>(variants.map((v) => [v.name, []]));
    const verifies = new Map<string, boolean>();
    let modes: string | undefined;
    for (let round = 0; round <= rounds; round++) {
      for (const tool of round % 2 === 1 ? variants : [...variants].reverse()) {
        const { result, verified, referrers } = await once(tool, source.host, crane, cosign, expected, names);
        verifies.set(tool.name, verified);
        modes ??= referrers;
        log(
          `${round === 0 ? 'warm-up' : `round ${round}`} ${tool.name}: ${ms(result.wallMs)}, signature ${verified ? 'verifies' : 'does not verify'}`,
        );
        if (round > 0) runs.get(tool.name)!.push(result);
      }
      if (round > 0) log(`round ${round} ratios: ${ratios(variants, runs, round - 1)}`);
    }
    if (modes) log(`regshift: ${modes}`);
    const medianMs = (name: string) => median(runs.get(name)!.map((r) => r.wallMs));
    const ours = medianMs(variants[0]!.name);
    const rows = variants.map((v) => [
      v.name,
      ms(medianMs(v.name)),
      mib(median(runs.get(v.name)!.map((r) => r.peakRssKiB)) / 1024),
      verifies.get(v.name) ? 'yes' : 'no',
      v === variants[0] ? '' : (ours / medianMs(v.name)).toFixed(2),
    ]);
    console.log(
      `\nmirror --repo: ${tags} signed two-platform tags of one repository, ${rounds} interleaved rounds, medians, every tag checked digest-exact`,
    );
    console.log(table(['tool', 'wall', 'peak RSS', 'cosign verify at mirror', 'regshift / tool'], rows));
    console.log('targets: regshift / skopeo ≤ 0.50, regshift / crane ≤ 1.00, signatures verify');
  } finally {
    await seeded.close();
  }
}
