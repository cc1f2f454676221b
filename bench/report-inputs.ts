// Inputs for the report benchmark: the JSON of two repository scans, two clusters, a check and a mirror,
// 50,000 findings in all by default, seeded so every run and machine gets the same bytes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from './lib/prng.js';

const images = ['pause', 'etcd', 'coredns/coredns', 'kube-proxy', 'metrics-server/metrics-server', 'busybox'];
const contexts = [
  'spec.template.spec.containers[0].image',
  'spec.template.spec.initContainers[0].image',
  'image',
];

function image(random: Random): string {
  return `k8s.gcr.io/${random.pick(images)}:v1.${random.int(0, 30)}.${random.int(0, 9)}`;
}

function scan(random: Random, findings: number, perFile: number) {
  const out = [];
  for (let i = 0; i < findings; i++) {
    const file = Math.floor(i / perFile);
    const match = image(random);
    const line = 10 + (i % perFile) * 7;
    out.push({
      source: 'file',
      path: `services/team-${file % 40}/svc-${file}/deploy/${random.pick(['app', 'values', 'cronjob'])}.yaml`,
      line,
      column: 16,
      endLine: line,
      endColumn: 16 + match.length,
      match,
      kind: 'image',
      image: match,
      replacement: match.replace('k8s.gcr.io', 'registry.k8s.io'),
      rule: 'k8s.gcr.io',
      format: 'yaml',
      context: random.pick(contexts),
    });
  }
  return {
    tool: { name: 'regshift', version: 'bench' },
    findings: out,
    errors: [],
    summary: { files: findings / perFile, skipped: 0, findings },
  };
}

function cluster(random: Random, findings: number) {
  const clusters = ['prod-eu', 'prod-us'];
  const out = [];
  for (let i = 0; i < findings; i++) {
    const name = `svc-${Math.floor(i / 2)}`;
    const namespace = `team-${i % 50}`;
    const match = image(random);
    out.push({
      source: 'cluster',
      path: `${clusters[i % 2]}:${namespace}/deployment/${name}`,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      match,
      kind: 'image',
      image: match,
      replacement: match.replace('k8s.gcr.io', 'registry.k8s.io'),
      rule: 'k8s.gcr.io',
      format: 'json',
      context: null,
      cluster: clusters[i % 2],
      namespace,
      object: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-7d9f`, namespace },
      container: i % 2 ? 'sidecar' : 'app',
      fieldPath: 'spec.template.spec.containers[0].image',
      imageID: null,
      runningFromNew: false,
      owners: [{ apiVersion: 'apps/v1', kind: 'Deployment', name }],
      managedBy: { tool: null, name: null, namespace: null },
      fixAt: `Change the pod template of Deployment ${namespace}/${name}.`,
      pods: random.int(1, 5),
    });
  }
  return {
    tool: { name: 'regshift', version: 'bench' },
    clusters: clusters.map((name) => ({
      name,
      server: `https://${name}`,
      reachable: true,
      objects: findings,
      pods: findings * 3,
      nodes: 20,
      helmReleases: 0,
    })),
    findings: out,
    pullFailures: [],
    errors: [],
    summary: {},
  };
}

function check(random: Random, count: number) {
  const verdicts = ['same-digest', 'same-digest', 'same-digest', 'missing', 'digest-differs'];
  return {
    connectivity: [
      { registry: 'registry.k8s.io', ok: true, hops: [], hosts: ['registry.k8s.io'], error: null },
    ],
    images: Array.from({ length: count }, (_, i) => ({
      image: `k8s.gcr.io/img-${i}:v1`,
      target: `registry.k8s.io/img-${i}:v1`,
      sourceDigest: `sha256:${random.hex(64)}`,
      targetDigest: `sha256:${random.hex(64)}`,
      verdict: random.pick(verdicts),
      error: null,
    })),
  };
}

function mirror(random: Random, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    source: `k8s.gcr.io/img-${i}:v1`,
    fetchedFrom: `registry.k8s.io/img-${i}:v1`,
    target: `mirror.example/k8s/img-${i}:v1`,
    digest: `sha256:${random.hex(64)}`,
    copiedBytes: random.int(1000, 100_000_000),
    copiedBlobs: 3,
    skippedBlobs: 0,
    mountedBlobs: 0,
    status: random.chance(0.95) ? 'copied' : 'failed',
    error: null,
  }));
}

export interface ReportInputSizes {
  findings: number;
  images: number;
}

/** Writes the inputs into `dir` and returns their file names, in the order `report` takes them. */
export function writeReportInputs(dir: string, sizes: ReportInputSizes): string[] {
  const random = new Random(17);
  const clusterFindings = Math.round(sizes.findings * 0.1);
  const platform = Math.round((sizes.findings - clusterFindings) * (2 / 3));
  const files: Record<string, unknown> = {
    'platform.json': scan(random, platform, 10),
    'apps.json': scan(random, sizes.findings - clusterFindings - platform, 10),
    'clusters.json': cluster(random, clusterFindings),
    'check.json': check(random, sizes.images),
    'mirror.json': mirror(random, sizes.images),
  };
  for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(value));
  return Object.keys(files);
}
