// The migration drill, end to end on the environment's real node (needs it: containerd + kubelet).
// An "old registry" answers like k8s.gcr.io today: /v2/ works, manifests and blobs 307 to a host the node
// cannot reach. That front is a stub because no real registry redirects across hosts on loopback; the
// "new registry" and the private mirror are the environment's real registries. Workloads on the old
// registry fail to pull for real; regshift finds it, mirrors, rewrites and patches; every Pod then runs
// from the mirror. The README's "The migration drill" walks through the same steps by hand.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterReport } from '../../src/cluster-report.js';
import { runCli } from '../cli/run.js';
import { kube, until } from '../cluster/helpers/kube.js';
import { run } from '../env/exec.js';
import { requireNode, testEnv, trustRegistry } from '../env/index.js';
import type { Front } from '../registry/stubs/fronts.js';
import { startOldRegistry } from './old-front.js';
import { applyDenyAndMutate, type DrillPolicy, refusalOf } from './policy.js';
import { type DrillPod, podsOf, seedNewRegistry, writeWorkloads } from './workloads.js';

const env = testEnv();
const node = requireNode(env);
const { kubectl } = kube(env);
const id = randomBytes(3).toString('hex');
const ns = `drill-${id}`;
const scratch = mkdtempSync(join(tmpdir(), 'regshift-drill-'));
const newRegistry = `${env.registries.plain}/drill-${id}`;
const mirror = `${env.registries.tls}/drill-${id}`;
const images = ['app', 'agent', 'chart-app', 'job'];
let front: Front;
/** Where the old registry redirects: a loopback address on which nothing listens (the restricted network). */
let blocked: string;
let old: (name: string) => string;
let rule: string;
let policy: DrillPolicy | undefined;

const cli = (...args: string[]) => runCli([...args], { cwd: scratch, env: { HOME: scratch } });
const kc = ['--kubeconfig', env.kubeconfig];
const clusterReport = async (...args: string[]) => {
  const result = await cli('cluster', ...kc, '-n', ns, '--rule', rule, '-o', 'json', ...args);
  return { code: result.code, report: JSON.parse(result.stdout) as ClusterReport };
};

beforeAll(async () => {
  ({ front, blocked } = await startOldRegistry());
  old = (name) => `${front.host}/${name}:1`;
  rule = `${front.host}=${newRegistry}`;
  trustRegistry(node.hostsDir, front.host, { plainHttp: true });
  await seedNewRegistry(env, node, newRegistry, images, id);
  await writeWorkloads({ env, ns, dir: scratch, image: old });
  // The manifest as it was, for step 4 to apply again once fix has rewritten it.
  copyFileSync(join(scratch, 'manifests', 'web.yaml'), join(scratch, 'old-web.yaml'));
}, 120_000);

afterAll(async () => {
  await policy?.remove().catch(() => undefined);
  await front?.close();
  await kubectl('delete', 'namespace', ns, '--wait=false').catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

describe('the migration drill', () => {
  it("1-2. scaling a Deployment and a CronJob's Job on the old registry fail to pull for real", async () => {
    await kubectl('-n', ns, 'scale', 'deployment', 'web', '--replicas=2');
    await kubectl('-n', ns, 'create', 'job', 'batch-1', '--from=cronjob/batch');
    const failing = await until(
      'ImagePullBackOff on every Pod',
      async () => {
        const pods = await podsOf(kubectl, ns);
        const waiting = pods.filter((p) => /ErrImagePull|ImagePullBackOff/.test(p.waiting ?? ''));
        return pods.length >= 5 && waiting.length === pods.length ? pods : undefined;
      },
      90_000,
    );
    expect(failing.map((p) => p.owner).sort()).toEqual(['agent', 'batch', 'chart', 'web', 'web']);
    const events = JSON.parse((await kubectl('-n', ns, 'get', 'events', '-o', 'json')).stdout) as {
      items: { reason: string; message: string }[];
    };
    const pullFailures = events.items.filter((e) => e.reason === 'Failed' && e.message.includes(blocked));
    expect(pullFailures.length).toBeGreaterThan(0);
  }, 120_000);

  it('3a. cluster reports the live failures with the hosts involved', async () => {
    const { code, report } = await clusterReport();
    expect(code).toBe(1);
    const failed = report.pullFailures.filter((f) => f.from === 'status');
    expect(new Set(failed.map((f) => f.image))).toEqual(new Set(images.map(old)));
    for (const f of failed) {
      expect(f.oldRegistry).toBe(true);
      expect(f.hosts).toEqual(expect.arrayContaining([front.host, blocked]));
    }
    expect(new Set(report.findings.map((f) => f.image))).toEqual(new Set(images.map(old)));
    // Every failure reported names its hosts: the kubelet's bare "Error: ErrImagePull" echoes are left out.
    expect(report.pullFailures.filter((f) => f.hosts.length === 0)).toEqual([]);
  }, 60_000);

  it('3b. check names the unreachable redirect host and says to mirror', async () => {
    const result = await cli('check', '--registry', front.host, '--probe', old('app'), '--timeout', '3s');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(blocked);
    expect(result.stdout).toContain('regshift mirror');
  }, 60_000);

  it('3c. mirror copies the images into the private registry, read from their new location', async () => {
    const result = await cli(
      'mirror',
      '--to',
      mirror,
      '--rule',
      rule,
      '--ca-file',
      env.caFile,
      ...images.map(old),
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const name of images) {
      const { stdout } = await run(env.bin.crane, ['digest', `${mirror}/${name}:1`], { env: env.toolEnv });
      const source = await run(env.bin.crane, ['digest', '--insecure', `${newRegistry}/${name}:1`]);
      expect(stdout).toBe(source.stdout);
    }
  }, 60_000);

  it('3d. fix --to rewrites the manifests and the chart to the mirror', async () => {
    const result = await cli('fix', '--to', mirror, '--rule', rule, 'manifests', 'chart');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const rewritten = [
      'manifests/web.yaml',
      'manifests/agent.yaml',
      'manifests/batch.yaml',
      'chart/values.yaml',
    ].map((f) => readFileSync(join(scratch, f), 'utf8'));
    for (const text of rewritten) {
      expect(text).not.toContain(front.host);
      expect(text).toContain(mirror);
    }
  });

  it('3e. patch --apply patches the live owners; helm upgrade takes the fixed chart', async () => {
    const result = await cli(
      'patch',
      ...kc,
      '-n',
      ns,
      '--rule',
      `${front.host}=${mirror}`,
      '--apply',
      '-o',
      'json',
    );
    const patches = (
      JSON.parse(result.stdout) as {
        patches: { object: { kind: string; name: string }; outcome: string; warnings: string[] }[];
      }
    ).patches;
    const patched = patches
      .filter((p) => p.outcome === 'applied')
      .map((p) => `${p.object.kind}/${p.object.name}`);
    expect(patched.sort()).toEqual(['CronJob/batch', 'DaemonSet/agent', 'Deployment/web']);
    // The Job that ran keeps its template (it cannot change): patch says so, and a new Job takes the fix.
    const cronJob = patches.find((p) => p.object.kind === 'CronJob');
    expect(cronJob?.warnings.join('\n')).toMatch(
      /Jobs this CronJob already created keep the old image and are not patched/,
    );
    const template = await kubectl(
      '-n',
      ns,
      'get',
      'cronjob',
      'batch',
      '-o',
      'jsonpath={.spec.jobTemplate.spec.template.spec.containers[0].image}',
    );
    expect(template.stdout).toBe(`${mirror}/job:1`);
    await kubectl('-n', ns, 'delete', 'job', 'batch-1', '--wait=false');
    await kubectl('-n', ns, 'create', 'job', 'batch-2', '--from=cronjob/batch');
    // The Helm-managed Deployment is left to helm (patch says so): the fixed chart goes through helm upgrade.
    await run(env.bin.helm, [...kc, '-n', ns, 'upgrade', 'chart', join(scratch, 'chart')]);
  }, 60_000);

  it('3f. after the rollout every Pod runs from the mirror, and cluster is clean', async () => {
    const pods = await until(
      'every Pod Running from the mirror',
      async () => {
        const all = await podsOf(kubectl, ns);
        const done = all.length === 5 && all.every((p) => p.running && p.imageID.startsWith(`${mirror}/`));
        return done ? all : undefined;
      },
      120_000,
    );
    expect(pods.map((p: DrillPod) => p.imageID.split('@')[0]).sort()).toEqual([
      `${mirror}/agent`,
      `${mirror}/app`,
      `${mirror}/app`,
      `${mirror}/chart-app`,
      `${mirror}/job`,
    ]);
    const job = pods.find((p) => p.owner === 'batch');
    expect(job?.name).toMatch(/^batch-2-/);
    // Clean once the Deployment controller has removed the old ReplicaSets (revisionHistoryLimit: 0).
    let last: ClusterReport | undefined;
    const clean = async () => {
      const { code, report } = await clusterReport();
      last = report;
      return code === 0 ? report : undefined;
    };
    await until('a clean cluster report', clean, 30_000).catch(() => undefined);
    expect([last?.findings, last?.pullFailures, last?.summary.pods]).toEqual([[], [], 5]);
  }, 180_000);

  it('4. policy in Deny mode refuses the old manifest; with --mutate a new old-image Pod runs from the mirror', async () => {
    policy = await applyDenyAndMutate({
      cli,
      kubectl,
      dir: scratch,
      name: `regshift-drill-${id}`,
      rule: `${front.host}=${mirror}`,
      probe: { ns, image: old('app'), rewritten: `${mirror}/app:1` },
    });
    const refusal = await refusalOf(kubectl, ns, join(scratch, 'old-web.yaml'));
    expect(refusal).toContain(`uses ${old('app')}, which moved: use ${mirror}/app:1`);
    await expect(kubectl('-n', ns, 'apply', '-f', join(scratch, 'old-web.yaml'))).rejects.toThrow(
      new RegExp(`ValidatingAdmissionPolicy 'regshift-drill-${id}' .* denied request`),
    );
    await kubectl(
      '-n',
      ns,
      'run',
      'rewritten',
      `--image=${old('app')}`,
      '--restart=Never',
      '--',
      'rewritten',
    );
    await kubectl('-n', ns, 'wait', '--for=condition=Ready', 'pod/rewritten', '--timeout=60s');
    const started = await kubectl(
      '-n',
      ns,
      'get',
      'pod',
      'rewritten',
      '-o',
      'jsonpath={.spec.containers[0].image} {.status.containerStatuses[0].imageID}',
    );
    const [image, imageID] = started.stdout.split(' ');
    expect([image, imageID?.split('@')[0]]).toEqual([`${mirror}/app:1`, `${mirror}/app`]);
    expect((await kubectl('-n', ns, 'logs', 'rewritten')).stdout).toBe('rewritten\n');
  }, 120_000);

  it('5. cluster --check-pull pulls on the node: the mirror works, the old registry fails at the blocked host', async () => {
    // It pulls the old image on purpose: step 4's policy would rewrite that Pod too.
    await policy?.remove();
    policy = undefined;
    type Check = { outcome: string; node: string; message: string };
    const checkPull = async (image: string) => {
      const result = await cli(
        'cluster',
        ...kc,
        '--check-pull',
        image,
        '--check-namespace',
        ns,
        '-o',
        'json',
      );
      return { code: result.code, check: (JSON.parse(result.stdout) as { checks: Check[] }).checks[0] };
    };
    const [ok, fail] = [await checkPull(`${mirror}/app:1`), await checkPull(old('app'))];
    const [good, bad] = [ok.check, fail.check];
    expect([ok.code, good?.outcome, good?.node]).toEqual([0, 'running', node.name]);
    expect([fail.code, bad?.outcome]).toEqual([1, 'pull-failed']);
    expect(bad?.message).toContain(blocked);
  }, 180_000);
});
