// The cluster report made exact, against the real apiserver: pods counted once, old ReplicaSets folded
// into their Deployment, images only pod status shows, unreadable Helm storage said so, -l applied to
// Helm findings, no Argo CD guessed from a bare label, namespaces from the context when they cannot be
// listed, and --print-rbac that kubectl can apply as printed.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scanCluster } from '../../src/cluster/index.js';
import type { ClusterReport } from '../../src/cluster-report.js';
import { runCli } from '../cli/run.js';
import { run } from '../env/exec.js';
import { testEnv } from '../env/index.js';
import { account, digest, seed } from '../patch/fixtures.env.js';
import { kube, until } from './helpers/kube.js';

const env = testEnv();
const { kubectl } = kube(env);
const scratch = mkdtempSync(join(tmpdir(), 'regshift-exact-'));
const ns = `ex-${randomBytes(3).toString('hex')}`;
const locked = `${ns}-locked`;
const rbacNs = `${ns}-rbac`;
let report: ClusterReport;

/** The admin kubeconfig plus context `name` with `token`, and optionally a namespace. */
function withContext(file: string, name: string, token: string, namespace?: string): string {
  const config = parse(readFileSync(env.kubeconfig, 'utf8'));
  const cluster = config.contexts[0].context.cluster;
  config.users.push({ name, user: { token } });
  config.contexts.push({ name, context: { cluster, user: name, ...(namespace ? { namespace } : {}) } });
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return file;
}

beforeAll(async () => {
  await seed(env, ns, locked, join(scratch, 'shop'));
  // `plain` moves to the new registry: its first ReplicaSet keeps the old image at 0 replicas.
  await kubectl('-n', ns, 'set', 'image', 'deployment/plain', 'main=registry.k8s.io/pause:3.2');
  await until('two ReplicaSets of plain', async () => {
    const out = (await kubectl('-n', ns, 'get', 'replicasets', '-l', 'app=plain', '-o', 'name')).stdout;
    return out.trim().split('\n').length === 2 ? true : undefined;
  });
  report = await scanCluster({ kubeconfig: env.kubeconfig, namespace: ns });
});

afterAll(async () => {
  for (const n of [ns, locked, rbacNs, 'regshift'])
    await kubectl('delete', 'namespace', n, '--wait=false').catch(() => undefined);
  for (const kind of ['clusterrole', 'clusterrolebinding'])
    await kubectl('delete', kind, 'regshift-reader').catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

describe('the cluster report, exact', () => {
  it('counts each pod with an old image once', async () => {
    const pods = JSON.parse((await kubectl('-n', ns, 'get', 'pods', '-o', 'json')).stdout).items as unknown[];
    const old = pods.filter((p) => /"(k8s\.gcr\.io|gcr\.io\/google-containers)\//.test(JSON.stringify(p)));
    expect(old.length).toBeGreaterThanOrEqual(2);
    expect(report.summary.podsWithFindings).toBe(old.length);
    const bare = report.findings.filter((f) => f.object.name === 'bare');
    expect(bare.map((f) => f.pods)).toEqual([1, 1]);
  });

  it('folds old ReplicaSets into their Deployment, with the revision, and never names a ReplicaSet', () => {
    expect(report.findings.filter((f) => f.object.kind === 'ReplicaSet').map((f) => f.object.name)).toEqual([
      'solo',
    ]);
    const plain = report.findings.filter((f) => f.object.name === 'plain');
    expect(plain.map((f) => [f.object.kind, f.revision, f.owners, f.managedBy.tool])).toEqual([
      ['Deployment', '1', [], null],
    ]);
    expect(plain[0]!.fixAt).toMatch(
      new RegExp(
        `^Nothing to change in Deployment ${ns}/plain: only its revision 1 \\(ReplicaSet plain-[a-z0-9]+\\) names the image; a rollback to it would bring the image back\\.$`,
      ),
    );
  });

  it('reports an image only pod status shows as running-not-declared', () => {
    const moved = report.findings.filter((f) => f.object.name === 'moved');
    expect(moved.map((f) => [f.image, f.fieldPath, f.runningNotDeclared, f.imageID])).toEqual([
      ['k8s.gcr.io/pause:3.2', 'status.containerStatuses[0].image', true, `k8s.gcr.io/pause@${digest}`],
    ]);
  });

  it('takes an instance label for Argo CD only when its Application exists, and names the evidence', () => {
    const plain = report.findings.find((f) => f.object.name === 'plain')!;
    expect(plain.managedBy).toEqual({ tool: null, name: null, namespace: null });
    const labelled = report.findings.find((f) => f.object.name === 'labelled')!;
    expect(labelled.managedBy).toEqual({
      tool: 'argocd',
      name: 'tracked',
      namespace: ns,
      kind: 'Application',
      evidence: 'label app.kubernetes.io/instance, naming an existing Application (label tracking)',
    });
  });

  it('names the evidence for every manager', () => {
    const argo = report.findings.find((f) => f.object.name === 'argo-app')!;
    expect(argo.managedBy.evidence).toBe('annotation argocd.argoproj.io/tracking-id');
    const shop = report.findings.find((f) => f.object.name === 'shop')!;
    expect([shop.managedBy.tool, shop.managedBy.evidence, shop.valuePath]).toEqual([
      'helm',
      'annotation meta.helm.sh/release-name',
      'image.registry',
    ]);
  });

  it('has no file fields in its JSON findings, and no cluster name in any path', async () => {
    const r = await runCli(['cluster', '--kubeconfig', env.kubeconfig, '-n', ns, '-o', 'json'], {
      cwd: scratch,
    });
    const doc = JSON.parse(r.stdout) as { findings: Record<string, unknown>[]; errors: { path: string }[] };
    for (const key of ['path', 'line', 'column', 'endLine', 'endColumn', 'format', 'context'])
      expect(doc.findings.filter((f) => key in f)).toEqual([]);
    expect(doc.errors.filter((e) => e.path.includes('regshift-test'))).toEqual([]);
  });

  it('applies -l to Helm findings too', async () => {
    const r = await scanCluster({ kubeconfig: env.kubeconfig, namespace: ns, selector: 'app=web' });
    expect([...new Set(r.findings.map((f) => `${f.object.kind}/${f.object.name}`))]).toEqual([
      'Deployment/web',
    ]);
  });

  it('says a Helm release could not be read when its Secrets are refused, and what RBAC it needs', async () => {
    const token = await account(env, ns, 'nosecrets', [
      {
        namespace: ns,
        rules:
          '[{apiGroups: [apps, batch], resources: ["*"], verbs: [get, list]}, {apiGroups: [""], resources: [pods, configmaps, events, replicationcontrollers], verbs: [get, list]}]',
      },
    ]);
    const file = withContext(join(scratch, 'nosecrets'), 'nosecrets', token);
    const r = await scanCluster({ kubeconfig: file, context: 'nosecrets', namespace: ns });
    const shop = r.findings.find((f) => f.object.name === 'shop')!;
    expect(shop.fixAt).toBe(
      `Change the image in Helm release ${ns}/shop's values or chart, then helm upgrade it: the release could not be read (regshift needs list on secrets in namespace ${ns}), so which value sets it is unknown.`,
    );
    expect(r.errors.map((e) => [e.code, e.resource, e.path])).toEqual([
      ['FORBIDDEN', 'secrets', `${ns}/secrets`],
    ]);
  });

  it('falls back to the context namespace when it may not list namespaces, and says so', async () => {
    const token = await account(env, ns, 'nsonly', [
      { namespace: ns, rules: '[{apiGroups: ["", apps, batch], resources: ["*"], verbs: [get, list]}]' },
    ]);
    const file = withContext(join(scratch, 'nsonly'), 'nsonly', token, ns);
    const r = await scanCluster({ kubeconfig: file, context: 'nsonly' });
    expect(new Set(r.findings.map((f) => f.namespace))).toEqual(new Set([ns]));
    expect(r.findings.length).toBe(report.findings.length);
    const fallback = r.errors.find((e) => e.code === 'NAMESPACES_FALLBACK')!;
    expect([fallback.message, fallback.hint]).toEqual([
      `not allowed to list namespaces, so only namespace ${ns} (the namespace of context nsonly) was read`,
      'Pass --namespaces A,B to read others.',
    ]);
  });

  it('prints RBAC that kubectl applies as printed, with the check-pull Role in --check-namespace', async () => {
    await kubectl('create', 'namespace', rbacNs);
    const printed = await runCli(['cluster', '--print-rbac', '--check-namespace', rbacNs], { cwd: scratch });
    await run(env.bin.kubectl, ['--kubeconfig', env.kubeconfig, 'apply', '-f', '-'], {
      input: printed.stdout,
    });
    const can = async (...args: string[]) =>
      (
        await run(env.bin.kubectl, [
          '--kubeconfig',
          env.kubeconfig,
          'auth',
          'can-i',
          '--as',
          'system:serviceaccount:regshift:regshift',
          ...args,
        ]).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? 'no' }))
      ).stdout.trim();
    expect(await can('list', 'deployments.apps', '-A')).toBe('yes');
    expect(await can('create', 'pods', '-n', rbacNs)).toBe('yes');
    expect(await can('patch', 'deployments.apps', '-n', ns)).toBe('no');
  });
});
