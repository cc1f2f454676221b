// `npm run bench -- cluster [ROUNDS]`: regshift cluster vs kubectl get on the same apiserver, and the
// patch plan (server-side dry-runs) vs the cluster scan it starts from; seeded by cluster-seed.ts. curl
// fetching the same lists raw (cluster-floor.ts) is the floor under both; the scan and the plan's own
// dry-runs sent from time zero side by side (cluster-dry-runs.mjs) is the floor under the plan. Needs the test environment up
// (`npm run testenv:up`, then `. .testenv/env.sh`): KUBECONFIG and kubectl on PATH, and curl.
// Interleaved rounds; medians and peak RSS from the shared harness.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientsFromKubeconfig } from '../src/cluster/kubeconfig.js';
import { patchDefaults } from '../src/patch/index.js';
import { curlCredentials, curlFloor } from './cluster-floor.js';
import { seed } from './cluster-seed.js';
import { benchDir, repoRoot } from './lib/paths.js';
import { stealMeter } from './lib/steal.js';
import { interleave, requireGnuTime, requireProgram, type Variant } from './lib/timing.js';

const log = (line: string) => process.stderr.write(`[bench cluster] ${line}\n`);

export async function run(args: string[]): Promise<void> {
  const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
  requireGnuTime();
  requireProgram('curl', 'curl');
  if (!process.env['KUBECONFIG'])
    throw new Error('KUBECONFIG is not set: run `npm run testenv:up` and `. .testenv/env.sh` first');
  const [client] = await clientsFromKubeconfig({ connections: 24 });
  const pods = await seed(client!, log);
  await client!.close?.();
  log('building regshift (dist/)');
  if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' }).status !== 0)
    throw new Error('build failed');
  const dir = join(benchDir, 'cluster');
  mkdirSync(dir, { recursive: true });
  const ours = join(dir, 'regshift.json');
  const theirs = join(dir, 'kubectl.json');
  const plan = join(dir, 'patch-plan.json');
  const credentials = await curlCredentials(join(dir, 'curl'));
  const variants: Variant[] = [
    {
      name: 'regshift cluster -o json',
      command: {
        cmd: process.execPath,
        args: [join(repoRoot, 'bin/regshift.js'), 'cluster', '-o', 'json'],
        cwd: repoRoot,
        stdoutPath: ours,
      },
      okExitCodes: [0, 1],
      validate: () => {
        const read = JSON.parse(readFileSync(ours, 'utf8')).summary.pods;
        return read >= pods ? undefined : `read ${read} pods, expected ${pods}`;
      },
    },
    {
      name: 'kubectl get … -A -o json',
      command: {
        cmd: 'kubectl',
        args: [
          'get',
          'pods,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs',
          '-A',
          '-o',
          'json',
        ],
        cwd: repoRoot,
        stdoutPath: theirs,
      },
    },
    {
      name: 'regshift patch (plan) -o json',
      command: {
        cmd: process.execPath,
        args: [join(repoRoot, 'bin/regshift.js'), 'patch', '-o', 'json'],
        cwd: repoRoot,
        stdoutPath: plan,
      },
      okExitCodes: [0, 1],
      validate: () => {
        const s = JSON.parse(readFileSync(plan, 'utf8')).summary;
        return s.planned > 0 ? undefined : `planned ${s.planned} patches`;
      },
    },
    {
      // After the plan variant: its first run writes the patches this floor dry-runs.
      name: 'floor: cluster ∥ dry-runs',
      command: {
        cmd: 'sh',
        args: [
          '-c',
          // Both from time zero; the exit code is regshift's (1: findings).
          'node bench/cluster-dry-runs.mjs "$@" & node bin/regshift.js cluster -o json; s=$?; wait $! || exit 9; exit $s',
          'sh',
          credentials.server,
          ...credentials.files,
          plan,
          String(patchDefaults.concurrency),
        ],
        cwd: repoRoot,
        stdoutPath: join(dir, 'floor-cluster.json'),
      },
      okExitCodes: [0, 1],
    },
    {
      name: 'floor: curl JSON',
      command: curlFloor(credentials, 'application/json', join(dir, 'curl.json'), repoRoot),
    },
    {
      name: 'floor: curl protobuf',
      command: curlFloor(
        credentials,
        'application/vnd.kubernetes.protobuf',
        join(dir, 'curl.protobuf'),
        repoRoot,
      ),
    },
  ];
  const steal = stealMeter();
  const [a, b, c, f, d, e] = await interleave(variants, rounds, log);
  const stolen = steal();
  const report = JSON.parse(readFileSync(ours, 'utf8'));
  const items = JSON.parse(readFileSync(theirs, 'utf8')).items.length;
  const s = report.summary;
  console.log(`cluster: ${s.pods} pods, ${s.objects} workload objects, ${s.helmReleases} Helm releases`);
  console.log(`  regshift: ${s.findings} findings; kubectl: ${items} items`);
  const planned = JSON.parse(readFileSync(plan, 'utf8')).summary;
  console.log(`  patch plan: ${planned.planned} dry-run patches, ${planned.instead} to change elsewhere`);
  for (const v of [a!, b!, c!, f!, d!, e!])
    console.log(
      `  ${v.name.padEnd(30)} median ${v.medianWallMs.toFixed(0)} ms, peak RSS median ${v.medianPeakRssMiB.toFixed(0)} MiB, max ${v.maxPeakRssMiB.toFixed(0)} MiB`,
    );
  console.log(
    `  ratio regshift/kubectl: ${(a!.medianWallMs / b!.medianWallMs).toFixed(2)} (${rounds} interleaved rounds after a warm-up)`,
  );
  console.log(
    `  ratio patch plan/regshift cluster: ${(c!.medianWallMs / a!.medianWallMs).toFixed(2)}; its floor, cluster ∥ dry-runs: ${(f!.medianWallMs / a!.medianWallMs).toFixed(2)}`,
  );
  console.log(
    `  floor ratios to kubectl: curl JSON ${(d!.medianWallMs / b!.medianWallMs).toFixed(2)}, curl protobuf ${(e!.medianWallMs / b!.medianWallMs).toFixed(2)}; regshift/curl protobuf ${(a!.medianWallMs / e!.medianWallMs).toFixed(2)}`,
  );
  // Each round's own ratio too: on a shared machine one slow kubectl run moves a median less than a mean.
  const perRound = (x: typeof a, y: typeof a) =>
    x!.runs.map((r, i) => (r.wallMs / y!.runs[i]!.wallMs).toFixed(2)).join(' ');
  if (stolen !== undefined)
    console.log(
      `  CPU time the hypervisor gave to others during the rounds (steal): ${(stolen * 100).toFixed(0)}%`,
    );
  console.log(`  regshift/kubectl per round: ${perRound(a, b)}`);
  console.log(`  patch plan/regshift cluster per round: ${perRound(c, a)}`);
  console.log(`  floor (cluster ∥ dry-runs)/regshift cluster per round: ${perRound(f, a)}`);
}
