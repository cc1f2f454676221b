// regshift cluster against the real apiserver and controller manager: every workload kind, owners,
// managers, a real Helm release, a real pull failure on the node (needs it), a kubelet-style status and
// sandbox event, RBAC 403s and two contexts.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCluster } from '../../src/cluster/index.js';
import type { ClusterReport } from '../../src/cluster-report.js';
import { requireNode, testEnv } from '../env/index.js';
import { digest, seedNamespace } from './fixtures.env.js';
import { kube, withTokenContext } from './helpers/kube.js';

const env = testEnv();
requireNode(env);
const { kubectl, apply } = kube(env);
const scratch = mkdtempSync(join(tmpdir(), 'regshift-cluster-'));
const ns = `cl-${randomBytes(3).toString('hex')}`;
const other = `${ns}-other`;
let report: ClusterReport;

beforeAll(async () => {
  await seedNamespace(env, ns, scratch);
  report = await scanCluster({ kubeconfig: env.kubeconfig, namespace: ns });
});

afterAll(async () => {
  for (const n of [ns, other]) await kubectl('delete', 'namespace', n, '--wait=false').catch(() => undefined);
  await kubectl('delete', 'clusterrolebinding', `${ns}-reader`).catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

const row = (f: ClusterReport['findings'][number]) => [
  `${f.object.kind}/${f.object.name}`,
  f.container,
  f.image,
  f.pods,
  f.owners.map((o) => `${o.kind}/${o.name}`).join(' '),
  f.managedBy.tool,
  f.fieldPath,
  f.fixAt.replaceAll(ns, 'NS'),
];

describe('regshift cluster (one namespace)', () => {
  it('finds every reference once per root, container and image, with owners, managers and fixAt', () => {
    const helm = 'Change `image.registry` in the values of Helm release NS/shop, then helm upgrade it.';
    expect(report.findings.map(row)).toEqual([
      [
        'Deployment/shop',
        'controller',
        'k8s.gcr.io/ingress-nginx/controller:v1.2.0',
        0,
        '',
        'helm',
        'spec.template.spec.containers[0].image',
        helm,
      ],
      [
        'Secret/sh.helm.release.v1.shop.v1',
        null,
        'k8s.gcr.io/ingress-nginx/controller:v1.2.0',
        0,
        '',
        'helm',
        'chart.values.image.registry',
        helm,
      ],
      [
        'CronJob/nightly',
        'fetch',
        'k8s.gcr.io/busybox:1.28',
        0,
        '',
        null,
        'spec.jobTemplate.spec.template.spec.initContainers[0].image',
        'Change spec.jobTemplate.spec.template.spec.initContainers[0].image of CronJob NS/nightly.',
      ],
      [
        'DaemonSet/agent',
        'proxy',
        'gcr.io/google-containers/kube-proxy:v1.20.0',
        0,
        '',
        null,
        'spec.template.spec.containers[0].image',
        'Change spec.template.spec.containers[0].image of DaemonSet NS/agent.',
      ],
      [
        'Deployment/web',
        'web',
        'k8s.gcr.io/pause:3.2',
        2,
        '',
        null,
        'spec.template.spec.containers[0].image',
        'Change spec.template.spec.containers[0].image of Deployment NS/web.',
      ],
      [
        'StatefulSet/db',
        'etcd',
        'k8s.gcr.io/etcd:3.5.0-0',
        1,
        '',
        null,
        'spec.template.spec.containers[0].image',
        'Change spec.template.spec.containers[0].image of StatefulSet NS/db.',
      ],
      [
        'Deployment/orders-db',
        'db',
        'k8s.gcr.io/etcd:3.5.0-0',
        0,
        'Database/orders',
        null,
        'spec.template.spec.containers[0].image',
        'Change the image in Database NS/orders (example.com/v1): its controller writes Deployment NS/orders-db and puts the old image back.',
      ],
      [
        'Job/shop-migrate',
        null,
        'k8s.gcr.io/kube-webhook-certgen:v1.1.1',
        0,
        '',
        'helm',
        'hooks[0].manifest: spec.template.spec.containers[0].image',
        "Change the image in shop/templates/migrate.yaml of Helm release NS/shop's chart (its values do not set it), then upgrade the release.",
      ],
      [
        'Deployment/argo-app',
        'ui',
        'k8s.gcr.io/echoserver:1.10',
        0,
        '',
        'argocd',
        'spec.template.spec.containers[0].image',
        'Change the image in the source of Argo CD application guestbook; a live edit is reverted at the next sync.',
      ],
      [
        'Deployment/flux-app',
        'dns',
        'k8s.gcr.io/coredns/coredns:v1.8.6',
        0,
        '',
        'flux',
        'spec.template.spec.containers[0].image',
        'Change the image in the source of Flux Kustomization flux-system/apps; a live edit is reverted at the next reconcile.',
      ],
      [
        'Pod/debug',
        'dbg',
        'k8s.gcr.io/busybox:1.28',
        1,
        '',
        null,
        'spec.ephemeralContainers[0].image',
        'Nothing to change for ephemeral container dbg of bare Pod NS/debug: it goes away when the pod is recreated.',
      ],
      [
        'Pod/broken',
        'app',
        'k8s.gcr.io/metrics-server/metrics-server:v0.6.1',
        1,
        '',
        null,
        'spec.containers[0].image',
        'Recreate bare Pod NS/broken with the new image at spec.containers[0].image: nothing else owns it.',
      ],
      [
        'Pod/debug',
        'init',
        'k8s.gcr.io/busybox:1.28',
        1,
        '',
        null,
        'spec.initContainers[0].image',
        'Recreate bare Pod NS/debug with the new image at spec.initContainers[0].image: nothing else owns it.',
      ],
    ]);
    expect(report.summary).toEqual({
      clusters: 1,
      objects: 13,
      pods: 5,
      podsWithFindings: 5,
      nodes: 0,
      helmReleases: 1,
      findings: 13,
      pullFailures: 2,
    });
    expect(report.errors).toEqual([]);
  });

  it('marks the Deployment whose pod runs the digest pulled from the new registry', () => {
    const web = report.findings.find((f) => f.object.name === 'web')!;
    expect([web.imageID, web.runningFromNew, web.replacement]).toEqual([
      `registry.k8s.io/pause@${digest}`,
      true,
      'registry.k8s.io/pause:3.2',
    ]);
    expect(report.findings.filter((f) => f.runningFromNew).length).toBe(1);
  });

  it('reports pulls failing now: a real pull failure on the node and a sandbox event naming the pause image', () => {
    expect(
      report.pullFailures.map((p) => [
        p.object.name.replace(/-.*/, ''),
        p.container,
        p.reason,
        p.image,
        p.hosts,
        p.from,
        p.count,
      ]),
    ).toEqual([
      [
        'broken',
        'app',
        // The kubelet's own status, between two tries or during one.
        expect.stringMatching(/^(ErrImagePull|ImagePullBackOff)$/),
        'k8s.gcr.io/metrics-server/metrics-server:v0.6.1',
        // The image's host and where the node's containerd tried it (its default for unknown registries).
        ['k8s.gcr.io', '127.0.0.1:9'],
        'status',
        1,
      ],
      ['web', null, 'FailedCreatePodSandBox', 'k8s.gcr.io/pause:3.6', ['k8s.gcr.io'], 'event', 3],
    ]);
  });
});

describe('permissions and contexts', () => {
  let twoContexts: string;
  beforeAll(async () => {
    await kubectl('create', 'namespace', other);
    await kubectl('-n', ns, 'create', 'serviceaccount', 'reader');
    // Reads everything in `ns` and may list namespaces; nothing elsewhere.
    await apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: ${ns}}
rules:
  - {apiGroups: ["", apps, batch], resources: ["*"], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader, namespace: ${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: ServiceAccount, name: reader, namespace: ${ns}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${ns}-reader}
rules: [{apiGroups: [""], resources: [namespaces], verbs: [list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${ns}-reader}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${ns}-reader}
subjects: [{kind: ServiceAccount, name: reader, namespace: ${ns}}]
`);
    const token = (await kubectl('-n', ns, 'create', 'token', 'reader')).stdout.trim();
    twoContexts = join(scratch, 'kubeconfig');
    withTokenContext(env.kubeconfig, twoContexts, token);
  });

  it('turns 403s into diagnostics naming verb and resource, and still scans what it may read', async () => {
    const r = await scanCluster({ kubeconfig: twoContexts, context: 'reader' });
    expect(new Set(r.findings.map((f) => f.namespace))).toEqual(new Set([ns]));
    expect(r.findings.map(row)).toEqual(report.findings.map(row));
    const cr = r.errors.find((e) => e.resource === 'databases.example.com')!;
    expect([cr.code, cr.verb, cr.namespace]).toEqual(['FORBIDDEN', 'get', ns]);
    // Both event lists (two reasons) were refused the same way: one diagnostic, counted twice.
    expect(r.errors.find((e) => e.namespace === other && e.resource === 'events')!.count).toBe(2);
    const forbidden = r.errors
      .filter((e) => e.namespace === other)
      .map((e) => `${e.verb} ${e.resource}`)
      .sort();
    expect(forbidden).toEqual([
      'list configmaps',
      'list cronjobs.batch',
      'list daemonsets.apps',
      'list deployments.apps',
      'list events',
      'list jobs.batch',
      'list pods',
      'list replicasets.apps',
      'list replicationcontrollers',
      'list secrets',
      'list statefulsets.apps',
    ]);
    const nodes = r.errors.find((e) => e.resource === 'nodes')!;
    expect([nodes.code, nodes.message, nodes.hint]).toEqual([
      'FORBIDDEN',
      'not allowed to list nodes cluster-wide, so those were not scanned',
      'Grant "list" on "nodes" (regshift cluster --print-rbac prints a read-only role).',
    ]);
  });

  it('scans every context concurrently and labels each finding with its context', async () => {
    const r = await scanCluster({ kubeconfig: twoContexts, allContexts: true, namespace: ns });
    expect(r.clusters.map((c) => [c.name, c.reachable])).toEqual([
      ['regshift-test', true],
      ['reader', true],
    ]);
    const count = (name: string) => r.findings.filter((f) => f.cluster === name).length;
    expect([count('regshift-test'), count('reader')]).toEqual([13, 13]);
  });
});
