// Node images and static pods against the real apiserver. There is no kubelet: Nodes are created with
// kubectl and their status patched through the status subresource, as a kubelet reports it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCluster } from '../../src/cluster/index.js';
import type { ClusterReport } from '../../src/cluster-report.js';
import { testEnv } from '../env/index.js';
import { kube } from './helpers/kube.js';

const env = testEnv();
const { kubectl, apply } = kube(env);
const id = randomBytes(3).toString('hex');
const [a, b] = [`node-a-${id}`, `node-b-${id}`];
const ns = `nodes-${id}`;
const sha = (c: string) => `sha256:${c.repeat(64)}`;
let report: ClusterReport;

async function node(name: string, runtime: string, images: string[][]): Promise<string> {
  await apply(`apiVersion: v1\nkind: Node\nmetadata: {name: ${name}}\n`);
  const status = {
    nodeInfo: { containerRuntimeVersion: runtime, kubeletVersion: 'v1.37.2' },
    images: images.map((names) => ({ names, sizeBytes: 300_000 })),
  };
  await kubectl(
    'patch',
    'node',
    name,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status }),
  );
  return (await kubectl('get', 'node', name, '-o', 'jsonpath={.metadata.uid}')).stdout.trim();
}

/** A mirror pod, as the kubelet creates one for each static pod manifest: owned by its Node. */
const staticPod = (nodeName: string, uid: string) => `apiVersion: v1
kind: Pod
metadata:
  name: etcd-${nodeName}
  annotations: {kubernetes.io/config.mirror: "x", kubernetes.io/config.source: file}
  ownerReferences: [{apiVersion: v1, kind: Node, name: ${nodeName}, uid: ${uid}, controller: true}]
spec:
  nodeName: ${nodeName}
  containers: [{name: etcd, image: k8s.gcr.io/etcd:3.5.0-0}]
`;

beforeAll(async () => {
  const uidA = await node(a, 'containerd://1.7.24', [
    [`k8s.gcr.io/pause@${sha('1')}`, 'k8s.gcr.io/pause:3.6'],
    // Pulled under both names: reported once, under the old one, though the new one comes first.
    [
      `registry.k8s.io/coredns/coredns@${sha('2')}`,
      'registry.k8s.io/coredns/coredns:v1.8.6',
      'k8s.gcr.io/coredns/coredns:v1.8.6',
    ],
    [`k8s.gcr.io/kube-proxy@${sha('3')}`],
    ['registry.k8s.io/pause:3.10'],
    ['k8s.gcr.io/pause:3.6', 'k8s.gcr.io/pause:latest'],
  ]);
  const uidB = await node(b, 'cri-o://1.30.0', [[`k8s.gcr.io/pause@${sha('1')}`, 'k8s.gcr.io/pause:3.6']]);
  await kubectl('create', 'namespace', ns);
  await apply(`${staticPod(a, uidA)}---\n${staticPod(b, uidB)}`, ns);
  report = await scanCluster({ kubeconfig: env.kubeconfig });
});

afterAll(async () => {
  await kubectl('delete', 'namespace', ns, '--wait=false').catch(() => undefined);
  await kubectl('delete', 'node', a, b).catch(() => undefined);
});

describe('node images', () => {
  it('reports each old name a node holds once, and names the runtime config that sets the pause image', () => {
    const rows = report.findings
      .filter((f) => f.source === 'node' && [a, b].includes(f.object.name))
      .map((f) => [f.object.name.slice(0, 6), f.image, f.replacement, f.fieldPath, f.imageID, f.fixAt]);
    const nothing = (n: string) =>
      `Nothing to change on node ${n} itself: the image is cached there; change the workloads or node config that pull it.`;
    // In report order: by fixAt, so one node's findings fall into the groups of what to change.
    expect(rows).toEqual([
      [
        'node-a',
        'k8s.gcr.io/coredns/coredns:v1.8.6',
        'registry.k8s.io/coredns/coredns:v1.8.6',
        'status.images[1].names',
        `registry.k8s.io/coredns/coredns@${sha('2')}`,
        nothing(a),
      ],
      [
        'node-a',
        `k8s.gcr.io/kube-proxy@${sha('3')}`,
        `registry.k8s.io/kube-proxy@${sha('3')}`,
        'status.images[2].names',
        `k8s.gcr.io/kube-proxy@${sha('3')}`,
        nothing(a),
      ],
      [
        'node-b',
        'k8s.gcr.io/pause:3.6',
        'registry.k8s.io/pause:3.6',
        'status.images[0].names',
        `k8s.gcr.io/pause@${sha('1')}`,
        `Set pause_image in node ${b}'s CRI-O config (/etc/crio/crio.conf) to registry.k8s.io/pause:3.6 and restart CRI-O; kubelet --pod-infra-container-image, if set, to the same.`,
      ],
      [
        'node-a',
        'k8s.gcr.io/pause:3.6',
        'registry.k8s.io/pause:3.6',
        'status.images[0].names',
        `k8s.gcr.io/pause@${sha('1')}`,
        `Set sandbox_image in node ${a}'s containerd config (/etc/containerd/config.toml) to registry.k8s.io/pause:3.6 and restart containerd; kubelet --pod-infra-container-image, if set, to the same.`,
      ],
      [
        'node-a',
        'k8s.gcr.io/pause:latest',
        'registry.k8s.io/pause:latest',
        'status.images[4].names',
        null,
        `Set sandbox_image in node ${a}'s containerd config (/etc/containerd/config.toml) to registry.k8s.io/pause:latest and restart containerd; kubelet --pod-infra-container-image, if set, to the same.`,
      ],
    ]);
    const f = report.findings.find((x) => x.source === 'node' && x.object.name === a)!;
    expect([f.cluster, f.namespace, f.object, f.owners, f.managedBy, f.pods, f.container]).toEqual([
      'regshift-test',
      null,
      { apiVersion: 'v1', kind: 'Node', name: a },
      [],
      { tool: null, name: null, namespace: null },
      0,
      null,
    ]);
    expect(report.summary.nodes).toBeGreaterThanOrEqual(2);
  });

  it('points each static pod (a mirror pod owned by its Node) at that node’s manifest directory', () => {
    const rows = report.findings
      .filter((f) => f.namespace === ns)
      .map((f) => [f.object.name, f.container, f.pods, f.owners, f.fixAt]);
    expect(rows).toEqual(
      [a, b].map((n) => [
        `etcd-${n}`,
        'etcd',
        1,
        [{ apiVersion: 'v1', kind: 'Node', name: n }],
        `Edit the static pod manifest of Pod ${ns}/etcd-${n} in the kubelet's manifest directory on node ${n} (usually /etc/kubernetes/manifests).`,
      ]),
    );
  });
});
