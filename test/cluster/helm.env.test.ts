// Helm releases as the real helm leaves them: the ConfigMap driver, failed upgrades (a rejected
// manifest, a failing post-upgrade hook), a failed install, and a release installed for a Flux HelmRelease.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCluster } from '../../src/cluster/index.js';
import type { ClusterReport } from '../../src/cluster-report.js';
import { run } from '../env/exec.js';
import { testEnv } from '../env/index.js';
import { kube } from './helpers/kube.js';

const env = testEnv();
const { kubectl } = kube(env);
const scratch = mkdtempSync(join(tmpdir(), 'regshift-helm-'));
const id = randomBytes(3).toString('hex');
const nss = {
  cm: `hcm-${id}`,
  bad: `hbad-${id}`,
  hook: `hhook-${id}`,
  install: `hinst-${id}`,
  flux: `hflux-${id}`,
};
const chart = join(scratch, 'app');
const scans: Record<string, ClusterReport> = {};

/** `app`: a Deployment whose image is the value `image`; `bad` adds an object the apiserver rejects, `hook` a post-upgrade hook it rejects. */
function writeChart(): void {
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
  writeFileSync(join(chart, 'values.yaml'), 'image: k8s.gcr.io/pause:3.2\nflux: false\n');
  writeFileSync(
    join(chart, 'templates', 'deploy.yaml'),
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  {{- if .Values.flux }}
  # As helm-controller's post-renderer labels what it installs.
  labels:
    helm.toolkit.fluxcd.io/name: podinfo
    helm.toolkit.fluxcd.io/namespace: flux-system
  {{- end }}
spec:
  replicas: 0
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec: {containers: [{name: app, image: "{{ .Values.image }}"}]}
`,
  );
  const rejected = (when: string, annotations: string) =>
    `{{- if .Values.${when} }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_A_Name\n${annotations}data: {a: b}\n{{- end }}\n`;
  writeFileSync(join(chart, 'templates', 'bad.yaml'), rejected('bad', ''));
  writeFileSync(
    join(chart, 'templates', 'hook.yaml'),
    rejected('hook', '  annotations: {"helm.sh/hook": post-upgrade}\n'),
  );
}

const helm = (ns: string, args: string[], driver = 'secret') =>
  run(env.bin.helm, ['--kubeconfig', env.kubeconfig, '-n', ns, ...args], {
    env: { ...env.toolEnv, HELM_DRIVER: driver },
  });
const fails = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('helm was expected to fail');
    },
    () => undefined,
  );

/** Storage objects as helm left them: `v1 deployed`… */
async function revisions(ns: string, kind = 'secret'): Promise<string[]> {
  const out = await kubectl(
    '-n',
    ns,
    'get',
    kind,
    '-l',
    'owner=helm',
    '-o',
    'jsonpath={range .items[*]}{.metadata.labels.version} {.metadata.labels.status}{"\\n"}{end}',
  );
  return out.stdout
    .trim()
    .split('\n')
    .map((l) => `v${l}`)
    .sort();
}

beforeAll(async () => {
  writeChart();
  for (const ns of Object.values(nss)) await kubectl('create', 'namespace', ns);
  await helm(nss.cm, ['install', 'cm', chart], 'configmap');
  await helm(nss.bad, ['install', 'app', chart]);
  await fails(
    helm(nss.bad, ['upgrade', 'app', chart, '--set', 'bad=true', '--set', 'image=k8s.gcr.io/pause:3.9']),
  );
  await helm(nss.hook, ['install', 'app', chart]);
  await fails(
    helm(nss.hook, ['upgrade', 'app', chart, '--set', 'hook=true', '--set', 'image=k8s.gcr.io/pause:3.9']),
  );
  await fails(helm(nss.install, ['install', 'app', chart, '--set', 'bad=true']));
  // What Flux's helm-controller installs for HelmRelease flux-system/podinfo with targetNamespace set.
  await helm(nss.flux, ['install', `${nss.flux}-podinfo`, chart, '--set', 'flux=true']);
  for (const [key, ns] of Object.entries(nss))
    scans[key] = await scanCluster({ kubeconfig: env.kubeconfig, namespace: ns });
});

afterAll(async () => {
  for (const ns of Object.values(nss))
    await kubectl('delete', 'namespace', ns, '--wait=false').catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

/** Sorted by object: the report's own order depends on the random namespace names. */
const rows = (key: keyof typeof nss) =>
  scans[key]!.findings.map((f) => [
    `${f.object.kind}/${f.object.name.replace(/^app-[a-z0-9]+$/, 'app-RS')}`,
    f.image,
    f.fieldPath,
    f.fixAt.replaceAll(nss[key], 'NS').replace(/ReplicaSet app-[a-z0-9]+/, 'ReplicaSet app-RS'),
  ]).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
const values = (release = 'app') =>
  `Change \`image\` in the values of Helm release NS/${release}, then helm upgrade it.`;
const live = 'spec.template.spec.containers[0].image';

describe('Helm releases', () => {
  it('decodes a release stored in a ConfigMap (HELM_DRIVER=configmap) like one stored in a Secret', async () => {
    expect(await revisions(nss.cm, 'configmap')).toEqual(['v1 deployed']);
    expect(rows('cm')).toEqual([
      ['ConfigMap/sh.helm.release.v1.cm.v1', 'k8s.gcr.io/pause:3.2', 'chart.values.image', values('cm')],
      ['Deployment/app', 'k8s.gcr.io/pause:3.2', live, values('cm')],
    ]);
    expect([scans['cm']!.summary.helmReleases, scans['cm']!.errors]).toEqual([1, []]);
  });

  it('after an upgrade the apiserver rejected, scans the revision still deployed', async () => {
    expect(await revisions(nss.bad)).toEqual(['v1 deployed', 'v2 failed']);
    expect(rows('bad')).toEqual([
      ['Deployment/app', 'k8s.gcr.io/pause:3.2', live, values()],
      ['Secret/sh.helm.release.v1.app.v1', 'k8s.gcr.io/pause:3.2', 'chart.values.image', values()],
    ]);
  });

  it('after a failed post-upgrade hook, names the value of the failed revision the live objects already run', async () => {
    expect(await revisions(nss.hook)).toEqual(['v1 deployed', 'v2 failed']);
    expect(rows('hook')).toEqual([
      ['Deployment/app', 'k8s.gcr.io/pause:3.9', live, values()],
      // The Deployment's first ReplicaSet, kept for rollbacks: folded into the Deployment.
      [
        'Deployment/app',
        'k8s.gcr.io/pause:3.2',
        live,
        'Nothing to change in Deployment NS/app: only its revision 1 (ReplicaSet app-RS) names the image; a rollback to it would bring the image back.',
      ],
      ['Secret/sh.helm.release.v1.app.v1', 'k8s.gcr.io/pause:3.2', 'chart.values.image', values()],
    ]);
    expect(scans['hook']!.summary.helmReleases).toBe(1);
  });

  it('scans a release whose install failed (no deployed revision) from its newest revision', async () => {
    expect(await revisions(nss.install)).toEqual(['v1 failed']);
    expect(rows('install')).toEqual([
      ['Deployment/app', 'k8s.gcr.io/pause:3.2', live, values()],
      ['Secret/sh.helm.release.v1.app.v1', 'k8s.gcr.io/pause:3.2', 'chart.values.image', values()],
    ]);
  });

  it('names spec.values.<path> of the Flux HelmRelease whose helm-controller installed the release', () => {
    const flux =
      'Set `spec.values.image` of Flux HelmRelease flux-system/podinfo; a live edit is reverted at the next reconcile.';
    expect(rows('flux')).toEqual([
      ['Deployment/app', 'k8s.gcr.io/pause:3.2', live, flux],
      [
        `Secret/sh.helm.release.v1.${nss.flux}-podinfo.v1`,
        'k8s.gcr.io/pause:3.2',
        'chart.values.image',
        flux,
      ],
    ]);
    expect(scans['flux']!.findings.map((f) => f.managedBy)).toEqual(
      Array(2).fill({
        tool: 'flux',
        name: 'podinfo',
        namespace: 'flux-system',
        kind: 'HelmRelease',
        evidence: 'label helm.toolkit.fluxcd.io/name',
      }),
    );
  });
});
