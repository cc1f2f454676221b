// Inputs for the report tests: a real scan of a small repository with hostile file names and values, the
// constructed cluster report of the renderer tests with hostile names added, and check and mirror JSON in
// today's shapes (check: {connectivity, images}; mirror: a bare array), which need a registry to produce.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderJson } from '../../src/report/json.js';
import { scan } from '../../src/scan/index.js';
import { clusterReport } from '../cluster/report-fixture.js';

export const hostile = {
  fileName: '<img src=x onerror=alert(1)>.yaml',
  /** A YAML key (it becomes the finding's context) that closes the script element. */
  key: '</script><script>alert(2)</script>',
  object: '"><svg onload=alert(3)>',
  message: '</td></tr></table><img src=x onerror=alert(4)>',
};

const files: Record<string, string> = {
  'deploy/app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: k8s.gcr.io/busybox:1.28
      containers:
        - name: web
          image: k8s.gcr.io/metrics-server/metrics-server:v0.6.1
        - name: pause
          image: k8s.gcr.io/pause:3.2
`,
  [hostile.fileName]: 'image: k8s.gcr.io/pause:3.9\n',
  'values.yaml': `"${hostile.key.replace(/"/g, '\\"')}": k8s.gcr.io/etcd:3.5.3-0\nimage:\n  registry: k8s.gcr.io\n  repository: coredns/coredns\n  tag: v1.8.6\n`,
  Dockerfile: 'FROM k8s.gcr.io/kube-proxy:v1.23.1\n',
  'docs/README.md': 'Images used to come from k8s.gcr.io until 2023.\n',
};

/** Writes the repository (optionally without some files, as after a partial fix) and returns its directory. */
export function writeRepository(omit: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'regshift-report-'));
  for (const [name, text] of Object.entries(files)) {
    if (omit.includes(name)) continue;
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** `regshift scan -o json` of that repository, parsed. */
export async function scanJson(dir: string): Promise<unknown> {
  return JSON.parse(renderJson(await scan(['.'], { cwd: dir })));
}

export function clusterJson(): unknown {
  const report = clusterReport();
  const last = report.findings.at(-1)!;
  last.object = { ...last.object, name: hostile.object };
  last.fixAt = `Change the pod template of Deployment shop/${hostile.object}`;
  report.pullFailures[0]!.message = hostile.message;
  return JSON.parse(JSON.stringify(report));
}

export function checkJson(): unknown {
  const image = (name: string, verdict: string, error: string | null = null) => ({
    image: `k8s.gcr.io/${name}`,
    target: `registry.k8s.io/${name}`,
    sourceDigest: verdict === 'source-missing' ? null : `sha256:${'a'.repeat(64)}`,
    targetDigest:
      verdict === 'missing' ? null : `sha256:${(verdict === 'digest-differs' ? 'b' : 'a').repeat(64)}`,
    verdict,
    error,
  });
  return {
    connectivity: [
      {
        registry: 'registry.k8s.io',
        ok: true,
        hops: [],
        hosts: ['registry.k8s.io', 'us-west1-docker.pkg.dev'],
        error: null,
      },
    ],
    images: [
      image('pause:3.2', 'same-digest'),
      image('busybox:1.28', 'same-digest'),
      image('etcd:3.5.3-0', 'digest-differs'),
      image('ancient:0.1', 'missing', hostile.message),
    ],
  };
}

export function mirrorJson(): unknown {
  const result = (name: string, status: string, error: unknown = null) => ({
    source: `k8s.gcr.io/${name}`,
    fetchedFrom: `registry.k8s.io/${name}`,
    target: `mirror.example/k8s/${name}`,
    digest: status === 'failed' ? null : `sha256:${'c'.repeat(64)}`,
    copiedBytes: 1000,
    copiedBlobs: 2,
    skippedBlobs: 0,
    mountedBlobs: 0,
    status,
    error,
  });
  return [
    result('pause:3.2', 'copied'),
    result('busybox:1.28', 'up-to-date'),
    result('ancient:0.1', 'failed', { code: 'MANIFEST_UNKNOWN', message: hostile.message, hint: null }),
  ];
}
