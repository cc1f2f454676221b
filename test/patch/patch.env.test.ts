// regshift patch against the real apiserver: plan (server-side dry-run, diff), apply at the root owner,
// a precondition that refuses an object changed since the scan, a 403 as a diagnostic, the exact helm
// upgrade (run with the real helm), and undo back to specs equal byte for byte.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clientsFromKubeconfig, type KubeClient, scanCluster } from '../../src/cluster/index.js';
import { EarlyDryRuns, type PatchEntry, planPatches } from '../../src/patch/index.js';
import { runCli } from '../cli/run.js';
import { kube } from '../cluster/helpers/kube.js';
import { run } from '../env/exec.js';
import { testEnv } from '../env/index.js';
import { account, digest, seed } from './fixtures.env.js';

const env = testEnv();
const { kubectl } = kube(env);
const scratch = mkdtempSync(join(tmpdir(), 'regshift-patch-'));
const ns = `pt-${randomBytes(3).toString('hex')}`;
const locked = `${ns}-locked`;
const chart = join(scratch, 'shop');
const kc = join(scratch, 'kubeconfig');
const scope = ['--kubeconfig', kc, '--context', 'patcher', '--namespaces', `${ns},${locked}`];

/** The admin kubeconfig plus context `patcher`, authenticating with `token`. */
function withContext(file: string, token: string): void {
  const config = parse(readFileSync(env.kubeconfig, 'utf8'));
  const cluster = config.contexts[0].context.cluster;
  config.users.push({ name: 'patcher', user: { token } });
  config.contexts.push({ name: 'patcher', context: { cluster, user: 'patcher' } });
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}

const cli = (...args: string[]) => runCli(args, { cwd: scratch });
const json = (out: string) =>
  JSON.parse(out) as {
    patches: PatchEntry[];
    errors: { code: string; path: string }[];
    summary: Record<string, number>;
  };
const row = (e: PatchEntry) =>
  `${e.namespace === ns ? '' : 'locked:'}${e.object.kind}/${e.object.name} ${e.action} ${e.outcome}`;
const spec = async (kind: string, name: string, n = ns) =>
  JSON.stringify(JSON.parse((await kubectl('-n', n, 'get', kind, name, '-o', 'json')).stdout).spec);
const patchable = [
  ['deployment', 'web'],
  ['deployment', 'plain'],
  ['daemonset', 'agent'],
  ['replicaset', 'solo'],
  ['replicationcontroller', 'rc'],
  ['cronjob', 'nightly'],
  ['pod', 'bare'],
] as const;

beforeAll(async () => {
  await seed(env, ns, locked, chart);
  // May read and patch everything in `ns`; may only read in `locked`.
  const rw =
    '[{apiGroups: ["", apps, batch], resources: ["*"], verbs: [get, list, patch]}, {apiGroups: [argoproj.io], resources: [applications], verbs: [get, list]}]';
  const ro = '[{apiGroups: ["", apps, batch], resources: ["*"], verbs: [get, list]}]';
  withContext(
    kc,
    await account(env, ns, 'patcher', [
      { namespace: ns, rules: rw },
      { namespace: locked, rules: ro },
    ]),
  );
});

afterAll(async () => {
  for (const n of [ns, locked])
    await kubectl('delete', 'namespace', n, '--wait=false').catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

describe('regshift patch', () => {
  let plan: ReturnType<typeof json>;

  it('plans: patch, skip or instead per root, a dry-run diff, and writes nothing', async () => {
    const before = await spec('deployment', 'web');
    const r = await cli('patch', ...scope, '-o', 'json');
    expect(r.code).toBe(1);
    plan = json(r.stdout);
    expect(plan.patches.map(row).sort()).toEqual([
      'CronJob/nightly patch planned',
      'DaemonSet/agent patch planned',
      'Deployment/argo-app instead null',
      'Deployment/flux-app instead null',
      'Deployment/labelled instead null',
      'Deployment/plain patch planned',
      'Deployment/shop instead null',
      'Deployment/web patch planned',
      'Job/ran skip null',
      'Pod/bare patch planned',
      'Pod/moved skip null',
      'ReplicaSet/solo patch planned',
      'ReplicationController/rc patch planned',
      'StatefulSet/db patch planned',
      'locked:Deployment/locked patch failed',
    ]);
    const web = plan.patches.find((e) => e.object.name === 'web')!;
    expect(web.changes.map((c) => [c.container, c.path, c.from, c.to])).toEqual([
      ['web', '/spec/template/spec/containers/0/image', 'k8s.gcr.io/pause:3.2', 'registry.k8s.io/pause:3.2'],
      [
        'init',
        '/spec/template/spec/initContainers/0/image',
        `k8s.gcr.io/busybox@${digest}`,
        `registry.k8s.io/busybox@${digest}`,
      ],
    ]);
    expect(web.diff).toMatch(/^-\s+(- )?image: k8s\.gcr\.io\/pause:3\.2$/m);
    expect(web.diff).toMatch(/^\+\s+(- )?image: registry\.k8s\.io\/pause:3\.2$/m);
    expect(web.diff).toContain(`image: registry.k8s.io/busybox@${digest}\n`);
    expect(web.diff.match(/^[-+] /gm)?.length).toBe(4);
    expect(await spec('deployment', 'web')).toBe(before);
    const forbidden = plan.errors.find((e) => e.code === 'FORBIDDEN')!;
    expect(forbidden.path).toBe(`${locked}/deployment/locked`);
    expect((forbidden as { hint?: string }).hint).toBe(
      'Grant "patch" on it, or leave it to someone who may.',
    );
    const job = plan.patches.find((e) => e.object.name === 'ran')!;
    expect(job.reason).toContain("a Job's pod template cannot change");
    const argo = plan.patches.find((e) => e.object.name === 'argo-app')!;
    expect(argo.source).toBe(
      `Application ${ns}/guestbook renders https://git.example.com/apps.git path guestbook at main`,
    );
    const labelled = plan.patches.find((e) => e.object.name === 'labelled')!;
    expect([labelled.managedBy?.evidence, labelled.source]).toEqual([
      'label app.kubernetes.io/instance, naming an existing Application (label tracking)',
      `Application ${ns}/tracked renders https://git.example.com/apps.git path tracked at main`,
    ]);
    const moved = plan.patches.find((e) => e.object.name === 'moved')!;
    expect(moved.reason).toMatch(/^Running, not declared: Pod .*\/moved still runs this image/);
  });

  it('dry-runs each root while the scan still lists, once, and plans exactly what a plan from the findings does', async () => {
    const [real] = await clientsFromKubeconfig({ kubeconfig: kc, context: 'patcher' });
    let scanning = true;
    const patches: { path: string; duringScan: boolean }[] = [];
    const client: KubeClient = {
      name: real!.name,
      server: real!.server,
      request: (method, path, options) => {
        if (method === 'PATCH') patches.push({ path, duringScan: scanning });
        return real!.request(method, path, options);
      },
    };
    try {
      const early = new EarlyDryRuns([client], { concurrency: 4 });
      const report = await scanCluster({
        clients: [client],
        namespaces: [ns, locked],
        events: false,
        onRootFindings: (found) => early.start(found),
      });
      scanning = false;
      const started = patches.length;
      const withEarly = await planPatches(report.findings, { clients: [client], early });
      const sent = patches.length;
      const fromFindings = await planPatches(report.findings, { clients: [client] });
      // Every root the plan dry-runs was read on its own page: all were sent during the scan, none twice.
      const dryRun = withEarly.patches.filter((e) => e.action === 'patch');
      expect(started).toBe(dryRun.length);
      expect(sent).toBe(started);
      expect(patches.slice(0, started).every((p) => p.duringScan)).toBe(true);
      const view = (r: typeof withEarly) => ({
        rows: r.patches.map((e) => `${e.object.kind}/${e.object.name} ${e.action} ${e.outcome}`).sort(),
        diffs: r.patches.map((e) => e.diff).sort(),
        errors: r.errors.map((e) => `${e.code} ${e.path}`).sort(),
      });
      expect(view(withEarly)).toEqual(view(fromFindings));

      // An early answer is taken only for the very same patch: a plan that asks another sends its own.
      const web = report.findings.filter((f) => f.object.name === 'web');
      const early2 = new EarlyDryRuns([client], { concurrency: 4 });
      early2.start(web.map((f) => ({ ...f, replacement: 'mirror.example.com/pause:3.2' })));
      const before = patches.length;
      const own = await planPatches(web, { clients: [client], early: early2 });
      expect(patches.length - before).toBe(2);
      expect(own.patches[0]!.diff).toMatch(/^\+\s+(- )?image: registry\.k8s\.io\/pause:3\.2$/m);
      expect(own.patches[0]!.diff).not.toContain('mirror.example.com');
    } finally {
      await real!.close?.();
    }
  });

  it('gives the Helm release the exact helm upgrade, which the real helm runs to the new image', async () => {
    const shop = plan.patches.find((e) => e.object.name === 'shop')!;
    expect(shop.command).toEqual([
      'helm',
      'upgrade',
      'shop',
      'CHART',
      '--namespace',
      ns,
      '--reuse-values',
      '--set',
      'image.registry=registry.k8s.io',
    ]);
    const args = shop.command!.slice(1).map((a) => (a === 'CHART' ? chart : a));
    await run(env.bin.helm, ['--kubeconfig', env.kubeconfig, ...args], { env: env.toolEnv });
    const manifest = (
      await run(env.bin.helm, ['--kubeconfig', env.kubeconfig, 'get', 'manifest', 'shop', '-n', ns], {
        env: env.toolEnv,
      })
    ).stdout;
    expect(manifest).toContain('image: "registry.k8s.io/ingress-nginx/controller:v1.2.0"');
    expect(manifest).not.toContain('k8s.gcr.io');
    // and the live object follows
    expect(await spec('deployment', 'shop')).toContain('registry.k8s.io/ingress-nginx/controller:v1.2.0');
  });

  it('patches a managed object only with --force, and warns', async () => {
    const r = await cli('patch', ...scope, '-l', 'app=argo-app', '--force', '-o', 'json');
    const argo = json(r.stdout).patches.find((e) => e.object.name === 'argo-app')!;
    expect([argo.action, argo.outcome, argo.forced]).toEqual(['patch', 'planned', true]);
    expect(argo.warnings[0]).toMatch(/^--force: argocd manages this object and will put the old image back/);
  });

  it('applies from a scan file, refuses what changed since, reports the 403, and undoes exactly', async () => {
    const scan = await cli('cluster', ...scope, '-o', 'json');
    writeFileSync(join(scratch, 'c.json'), scan.stdout);
    const specs = new Map<string, string>();
    for (const [kind, name] of patchable) specs.set(`${kind}/${name}`, await spec(kind, name));
    // Someone edits the StatefulSet after the scan: the patch must not overwrite it.
    await kubectl('-n', ns, 'set', 'image', 'statefulset/db', 'etcd=k8s.gcr.io/etcd:3.5.1-0');
    const dbEdited = await spec('statefulset', 'db');

    const r = await cli(
      'patch',
      '--kubeconfig',
      kc,
      '--from',
      'c.json',
      '--apply',
      '--record',
      'undo.json',
      '-o',
      'json',
    );
    expect(r.code).toBe(1);
    const applied = json(r.stdout);
    expect(
      applied.patches
        .filter((e) => e.action === 'patch')
        .map(row)
        .sort(),
    ).toEqual([
      'CronJob/nightly patch applied',
      'DaemonSet/agent patch applied',
      'Deployment/plain patch applied',
      'Deployment/web patch applied',
      'Pod/bare patch applied',
      'ReplicaSet/solo patch applied',
      'ReplicationController/rc patch applied',
      'StatefulSet/db patch refused',
      'locked:Deployment/locked patch failed',
    ]);
    expect(applied.errors.map((e) => e.code).sort()).toEqual(['CHANGED_SINCE_PLAN', 'FORBIDDEN']);
    expect(await spec('statefulset', 'db')).toBe(dbEdited);
    expect(await spec('deployment', 'locked', locked)).toContain('k8s.gcr.io/pause:3.2');
    const cron = JSON.parse(await spec('cronjob', 'nightly'));
    expect(cron.jobTemplate.spec.template.spec.initContainers[0].image).toBe('registry.k8s.io/busybox:1.28');
    const managed = JSON.parse(
      (await kubectl('-n', ns, 'get', 'deployment', 'web', '-o', 'json', '--show-managed-fields')).stdout,
    ).metadata.managedFields as { manager: string }[];
    expect(managed.some((m) => m.manager === 'regshift')).toBe(true);

    // Only managed and unpatchable roots are left (and the edited StatefulSet, and web's old revision).
    const after = await scanCluster({ kubeconfig: env.kubeconfig, namespace: ns });
    const left = [
      ...new Set(
        after.findings.map((f) => `${f.object.kind}/${f.object.name}${f.revision ? ` r${f.revision}` : ''}`),
      ),
    ].sort();
    expect(left).toEqual([
      'Deployment/argo-app',
      'Deployment/flux-app',
      'Deployment/labelled',
      'Deployment/plain r1',
      'Deployment/shop r1',
      'Deployment/web r1',
      'Job/ran',
      'Pod/moved',
      'StatefulSet/db',
    ]);

    const undo = await cli('patch', '--kubeconfig', kc, '--undo', 'undo.json', '-o', 'json');
    expect(undo.code).toBe(0);
    expect(json(undo.stdout).summary.restored).toBe(7);
    for (const [kind, name] of patchable)
      expect([name, await spec(kind, name)]).toEqual([name, specs.get(`${kind}/${name}`)]);
    // The same record again: every precondition now fails, nothing is written.
    const again = await cli('patch', '--kubeconfig', kc, '--undo', 'undo.json', '-o', 'json');
    expect(again.code).toBe(1);
    expect(json(again.stdout).summary.refused).toBe(7);
  });

  it('explains itself to a newcomer: help, wrong flags, a missing file', async () => {
    expect((await cli('patch', '--help')).stdout).toContain('regshift patch --undo FILE');
    const wrong = await cli('patch', '--udno', 'x');
    expect(wrong.code).toBe(2);
    const missing = await cli('patch', '--kubeconfig', kc, '--from', 'nope.json');
    expect([missing.code, missing.stderr]).toEqual([
      2,
      expect.stringContaining('--from nope.json: no such file'),
    ]);
  });
});
