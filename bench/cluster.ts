// `npm run bench -- cluster` (or `npx tsx bench/cluster.ts`): regshift cluster vs kubectl get on the same
// apiserver, seeded by cluster-seed.ts. Needs the test environment up (`npm run testenv:up`, then
// `. .testenv/env.sh`): KUBECONFIG and kubectl on PATH. Runs interleaved, reports medians and peak RSS.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientsFromKubeconfig } from '../src/cluster/kubeconfig.js';
import { seed } from './cluster-seed.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string) => process.stderr.write(`[bench cluster] ${line}\n`);

interface Run {
  wallMs: number;
  rssKiB: number;
  code: number;
  out: string;
}

function measure(cmd: string, args: string[], out: string): Promise<Run> {
  const stats = join(tmpdir(), `regshift-bench-cluster-${process.pid}`);
  const fd = openSync(out, 'w');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M', '-o', stats, cmd, ...args], { stdio: ['ignore', fd, 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      closeSync(fd);
      const rssKiB = Number(readFileSync(stats, 'utf8').trim().split('\n').at(-1));
      rmSync(stats, { force: true });
      resolve({ wallMs, rssKiB, code: code ?? -1, out });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function run(args: string[]): Promise<void> {
  const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
  if (!process.env['KUBECONFIG']) throw new Error('KUBECONFIG is not set: run `npm run testenv:up` and `. .testenv/env.sh` first');
  const [client] = await clientsFromKubeconfig({ connections: 24 });
  const pods = await seed(client!, log);
  await client!.close?.();
  log('building regshift (dist/)');
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const dir = join(tmpdir(), 'regshift-bench-cluster');
  spawnSync('mkdir', ['-p', dir]);
  const variants = [
    { name: 'regshift cluster -o json', cmd: process.execPath, args: [join(repo, 'bin/regshift.js'), 'cluster', '-o', 'json'], ok: [0, 1] },
    {
      name: 'kubectl get … -A -o json',
      cmd: 'kubectl',
      args: ['get', 'pods,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs', '-A', '-o', 'json'],
      ok: [0],
    },
  ];
  const runs = new Map<string, Run[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round <= rounds; round++) {
    const order = round % 2 ? [...variants].reverse() : variants;
    for (const v of order) {
      const r = await measure(v.cmd, v.args, join(dir, `${v.name.split(' ')[0]}.json`));
      if (!v.ok.includes(r.code)) throw new Error(`${v.name} exited ${r.code}`);
      log(`${round === 0 ? 'warm-up' : `round ${round}`} ${v.name}: ${r.wallMs.toFixed(0)} ms, ${(r.rssKiB / 1024).toFixed(0)} MiB`);
      if (round > 0) runs.get(v.name)!.push(r);
    }
  }
  const report = JSON.parse(readFileSync(join(dir, 'regshift.json'), 'utf8'));
  const items = JSON.parse(readFileSync(join(dir, 'kubectl.json'), 'utf8')).items.length;
  if (report.summary.pods < pods) throw new Error(`regshift read ${report.summary.pods} pods, expected ${pods}`);
  const [ours, theirs] = variants.map((v) => runs.get(v.name)!);
  const mOurs = median(ours!.map((r) => r.wallMs));
  const mTheirs = median(theirs!.map((r) => r.wallMs));
  const rss = (rs: Run[]) => (Math.max(...rs.map((r) => r.rssKiB)) / 1024).toFixed(0);
  console.log(`cluster: ${report.summary.pods} pods, ${report.summary.objects} workload objects, ${report.summary.helmReleases} Helm releases`);
  console.log(`  regshift: ${report.summary.findings} findings; kubectl: ${items} items`);
  console.log(`  regshift cluster -o json     median ${mOurs.toFixed(0)} ms, peak RSS ${rss(ours!)} MiB`);
  console.log(`  kubectl get … -A -o json     median ${mTheirs.toFixed(0)} ms, peak RSS ${rss(theirs!)} MiB`);
  console.log(`  ratio regshift/kubectl: ${(mOurs / mTheirs).toFixed(2)} (${rounds} interleaved rounds after a warm-up)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run(process.argv.slice(2)).catch((error: Error) => {
    console.error(`bench cluster: ${error.message}`);
    process.exitCode = 2;
  });
}
