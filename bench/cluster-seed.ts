// Seeds an apiserver for `bench cluster`: 10,000 Pods owned by 1,000 ReplicaSets of 1,000 Deployments
// (a tenth on k8s.gcr.io), 20 CronJobs and 10 Helm releases, in 10 namespaces, with concurrent POSTs.
//
// The controller manager would race us: a Deployment's controller creates its own ReplicaSet, and a
// ReplicaSet's creates Pods. So Deployments are created paused (no ReplicaSet of its own), and a
// ValidatingAdmissionPolicy refuses Pod creation by the controller manager in the bench namespaces,
// so the only Pods are ours; a ReplicaSet that already owns its 10 Pods then has nothing to do.
import { gzipSync } from 'node:zlib';
import type { KubeClient } from '../src/cluster/client.js';
import { limiter } from '../src/concurrency.js';

export const seedShape = {
  namespaces: 10,
  deploymentsPerNamespace: 100,
  podsPerReplicaSet: 10,
  cronJobs: 20,
  helmReleases: 10,
};
const label = 'regshift-bench';

interface Created {
  metadata: { name: string; uid: string };
}

async function must(
  client: KubeClient,
  method: 'POST' | 'GET',
  path: string,
  body?: unknown,
): Promise<Created> {
  const res = await client.request(method, path, body === undefined ? {} : { body });
  // Seeded by an earlier run: the object that exists (its uid) is what owners must point at.
  const name = (body as { metadata?: { name?: string } } | undefined)?.metadata?.name;
  if (res.status === 409 && method === 'POST' && name)
    return must(client, 'GET', `${path}/${encodeURIComponent(name)}`);
  if (res.status >= 300 && res.status !== 409)
    throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  return res.body as Created;
}

function podSpec(image: string) {
  return {
    containers: [
      {
        name: 'app',
        image,
        ports: [{ containerPort: 8080, name: 'http' }],
        env: [
          { name: 'MODE', value: 'bench' },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        ],
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
      },
    ],
    terminationGracePeriodSeconds: 1,
    // No scheduler takes these (the test environment runs one for its node): 10,000 Pods retried and
    // evented forever would load the apiserver under every timed run, and add 10,000 Events to read.
    schedulerName: 'regshift-bench-none',
  };
}

function helmReleaseSecret(ns: string, name: string, old: boolean) {
  const registry = old ? 'k8s.gcr.io' : 'registry.k8s.io';
  const release = {
    name,
    namespace: ns,
    version: 1,
    info: { status: 'deployed' },
    chart: {
      metadata: { name: 'bench', version: '0.1.0' },
      values: { image: { registry, repository: 'pause', tag: '3.2' } },
    },
    config: { replicaCount: 1 },
    manifest: `---\n# Source: bench/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: b\n`,
    hooks: [
      {
        name: `${name}-hook`,
        kind: 'Job',
        path: 'bench/templates/hook.yaml',
        manifest: `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}-hook\nspec:\n  template:\n    spec:\n      containers:\n        - name: hook\n          image: ${registry}/busybox:1.36\n`,
      },
    ],
  };
  const helmText = gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'helm.sh/release.v1',
    metadata: {
      name: `sh.helm.release.v1.${name}.v1`,
      labels: { owner: 'helm', name, status: 'deployed', version: '1' },
    },
    data: { release: Buffer.from(helmText).toString('base64') },
  };
}

async function admissionGuard(client: KubeClient): Promise<void> {
  const base = '/apis/admissionregistration.k8s.io/v1';
  await must(client, 'POST', `${base}/validatingadmissionpolicies`, {
    metadata: { name: 'regshift-bench-no-controller-pods' },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [
          { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
        ],
      },
      validations: [
        {
          expression:
            "request.userInfo.username != 'system:kube-controller-manager' && !request.userInfo.username.startsWith('system:serviceaccount:kube-system:')",
          message: 'bench namespaces: only the seeder creates pods',
        },
      ],
    },
  });
  await must(client, 'POST', `${base}/validatingadmissionpolicybindings`, {
    metadata: { name: 'regshift-bench-no-controller-pods' },
    spec: {
      policyName: 'regshift-bench-no-controller-pods',
      validationActions: ['Deny'],
      matchResources: { namespaceSelector: { matchLabels: { [label]: 'seed' } } },
    },
  });
}

/** Seed unless the pods are already there; returns the number of Pods in the bench namespaces. */
export async function seed(client: KubeClient, log: (line: string) => void): Promise<number> {
  const s = seedShape;
  const expected = s.namespaces * s.deploymentsPerNamespace * s.podsPerReplicaSet;
  // Counted per namespace without a selector: the apiserver leaves out remainingItemCount when one is given.
  let have = 0;
  for (let n = 0; n < s.namespaces; n++) {
    const res = await client.request('GET', `/api/v1/namespaces/bench-${n}/pods`, { query: { limit: 1 } });
    const page = (res.body as { metadata?: { remainingItemCount?: number }; items?: unknown[] }) ?? {};
    have += (page.items?.length ?? 0) + (page.metadata?.remainingItemCount ?? 0);
  }
  if (have >= expected) {
    log(`already seeded: ${have} pods`);
    return have;
  }
  const began = Date.now();
  await admissionGuard(client);
  const limit = limiter(24);
  const post = (path: string, body: unknown) => limit(() => must(client, 'POST', path, body));
  let pods = 0;
  await Promise.all(
    Array.from({ length: s.namespaces }, async (_, n) => {
      const ns = `bench-${n}`;
      await must(client, 'POST', '/api/v1/namespaces', {
        metadata: { name: ns, labels: { [label]: 'seed' } },
      });
      const jobs: Promise<unknown>[] = [];
      for (let d = 0; d < s.deploymentsPerNamespace; d++) {
        jobs.push(
          (async () => {
            const app = `app-${d}`;
            const image = d % 10 === 0 ? 'k8s.gcr.io/pause:3.2' : 'registry.k8s.io/pause:3.10';
            const labels = { app, [label]: 'pod' };
            const template = { metadata: { labels }, spec: podSpec(image) };
            const replicas = s.podsPerReplicaSet;
            const dep = await post(`/apis/apps/v1/namespaces/${ns}/deployments`, {
              metadata: { name: app, labels: { app } },
              spec: { replicas, paused: true, selector: { matchLabels: { app } }, template },
            });
            const owner = (kind: string, o: Created) => [
              {
                apiVersion: 'apps/v1',
                kind,
                name: o.metadata.name,
                uid: o.metadata.uid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ];
            const hash = `h${n}x${d}`;
            const rsLabels = { ...labels, 'pod-template-hash': hash };
            const rs = await post(`/apis/apps/v1/namespaces/${ns}/replicasets`, {
              metadata: {
                name: `${app}-${hash}`,
                labels: rsLabels,
                ownerReferences: owner('Deployment', dep),
              },
              spec: {
                replicas,
                selector: { matchLabels: { app, 'pod-template-hash': hash } },
                template: { metadata: { labels: rsLabels }, spec: podSpec(image) },
              },
            });
            await Promise.all(
              Array.from({ length: replicas }, (_, p) =>
                post(`/api/v1/namespaces/${ns}/pods`, {
                  metadata: {
                    name: `${app}-${hash}-${p}`,
                    labels: rsLabels,
                    ownerReferences: owner('ReplicaSet', rs),
                  },
                  spec: podSpec(image),
                }).then(() => {
                  if (++pods % 1000 === 0)
                    log(`${pods} pods (${((Date.now() - began) / 1000).toFixed(0)} s)`);
                }),
              ),
            );
          })(),
        );
      }
      for (let c = 0; c < s.cronJobs / s.namespaces; c++) {
        const image = c === 0 ? 'k8s.gcr.io/busybox:1.36' : 'registry.k8s.io/busybox:1.36';
        jobs.push(
          post(`/apis/batch/v1/namespaces/${ns}/cronjobs`, {
            metadata: { name: `cron-${c}` },
            spec: {
              schedule: '0 0 1 1 *',
              suspend: true,
              jobTemplate: {
                spec: {
                  template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image }] } },
                },
              },
            },
          }),
        );
      }
      for (let h = 0; h < s.helmReleases / s.namespaces; h++) {
        jobs.push(post(`/api/v1/namespaces/${ns}/secrets`, helmReleaseSecret(ns, `rel-${h}`, n % 3 === 0)));
      }
      await Promise.all(jobs);
    }),
  );
  log(`seeded ${pods} pods in ${((Date.now() - began) / 1000).toFixed(0)} s`);
  return pods;
}
