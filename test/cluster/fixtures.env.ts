// What the cluster env tests put into the apiserver: every workload kind, a Helm release, managed
// objects, a custom resource owning a Deployment, a Pod whose pull fails for real on the node, and
// what no node here does: a status running the image from the new registry, and a sandbox event.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../env/exec.js';
import type { TestEnv } from '../env/index.js';
import { nodeTaint } from '../env/node/kubelet.js';
import { kube, until } from './helpers/kube.js';

export const digest = `sha256:${'a'.repeat(64)}`;

const workloads = (ns: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: k8s.gcr.io/pause:3.2}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 1
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: etcd, image: k8s.gcr.io/etcd:3.5.0-0}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: proxy, image: gcr.io/google-containers/kube-proxy:v1.20.0}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 0 1 1 *"
  suspend: true
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          initContainers: [{name: fetch, image: k8s.gcr.io/busybox:1.28}]
          containers: [{name: job, image: registry.k8s.io/busybox:1.36}]
---
apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  initContainers: [{name: init, image: k8s.gcr.io/busybox:1.28}]
  containers: [{name: main, image: registry.k8s.io/pause:3.10}]
---
apiVersion: v1
kind: Pod
metadata: {name: broken}
spec:
  # The one Pod of this namespace that goes to the node: its pull fails for real there (the node sends
  # every registry it does not know to 127.0.0.1:9, where nothing listens).
  tolerations: [{key: ${nodeTaint.key}, operator: Exists}]
  terminationGracePeriodSeconds: 1
  containers: [{name: app, image: k8s.gcr.io/metrics-server/metrics-server:v0.6.1}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: argo-app
  annotations: {argocd.argoproj.io/tracking-id: "guestbook:apps/Deployment:${ns}/argo-app"}
spec:
  replicas: 0
  selector: {matchLabels: {app: argo}}
  template:
    metadata: {labels: {app: argo}}
    spec: {containers: [{name: ui, image: k8s.gcr.io/echoserver:1.10}]}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: flux-app
  labels: {kustomize.toolkit.fluxcd.io/name: apps, kustomize.toolkit.fluxcd.io/namespace: flux-system}
spec:
  replicas: 0
  selector: {matchLabels: {app: flux}}
  template:
    metadata: {labels: {app: flux}}
    spec: {containers: [{name: dns, image: k8s.gcr.io/coredns/coredns:v1.8.6}]}
---
apiVersion: example.com/v1
kind: Database
metadata: {name: orders}
spec: {version: "3.5"}
`;

const crd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: databases.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: databases, singular: database, kind: Database}
  versions:
    - name: v1
      served: true
      storage: true
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;

function writeChart(dir: string): void {
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
  writeFileSync(
    join(dir, 'values.yaml'),
    'image:\n  registry: k8s.gcr.io\n  repository: ingress-nginx/controller\n  tag: v1.2.0\n',
  );
  writeFileSync(
    join(dir, 'templates', 'deploy.yaml'),
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: shop}
spec:
  replicas: 0
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop}}
    spec:
      containers:
        - name: controller
          image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}"
`,
  );
  writeFileSync(
    join(dir, 'templates', 'migrate.yaml'),
    `apiVersion: batch/v1
kind: Job
metadata:
  name: shop-migrate
  annotations: {"helm.sh/hook": post-install}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: migrate, image: k8s.gcr.io/kube-webhook-certgen:v1.1.1}]
`,
  );
}

type Item = { metadata: { name: string; uid: string } };

/** Create everything in `ns`; returns once the controllers made their pods. */
export async function seedNamespace(env: TestEnv, ns: string, scratch: string): Promise<void> {
  const { kubectl, apply } = kube(env);
  await kubectl('create', 'namespace', ns);
  // Pods are refused until the ServiceAccount controller made the namespace's default account.
  await until('the default ServiceAccount', () =>
    kubectl('-n', ns, 'get', 'serviceaccount', 'default').then(
      () => true,
      () => undefined,
    ),
  );
  await apply(crd);
  await kubectl('wait', '--for=condition=Established', 'crd/databases.example.com');
  await apply(workloads(ns), ns);
  const cr = JSON.parse((await kubectl('-n', ns, 'get', 'database', 'orders', '-o', 'json')).stdout) as Item;
  await apply(
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders-db
  ownerReferences: [{apiVersion: example.com/v1, kind: Database, name: orders, uid: ${cr.metadata.uid}, controller: true}]
spec:
  replicas: 0
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}}
    spec: {containers: [{name: db, image: k8s.gcr.io/etcd:3.5.0-0}]}
`,
    ns,
  );
  const chart = join(scratch, 'shop');
  writeChart(chart);
  // --no-hooks: the hook Job is stored in the release but not run (no kubelet would finish it).
  await run(
    env.bin.helm,
    ['--kubeconfig', env.kubeconfig, 'install', 'shop', chart, '-n', ns, '--no-hooks'],
    {
      env: env.toolEnv,
    },
  );
  await kubectl(
    '-n',
    ns,
    'patch',
    'pod',
    'debug',
    '--subresource=ephemeralcontainers',
    '--type=strategic',
    '-p',
    JSON.stringify({
      spec: {
        ephemeralContainers: [{ name: 'dbg', image: 'k8s.gcr.io/busybox:1.28', targetContainerName: 'main' }],
      },
    }),
  );
  const pods = await until('2 web pods and db-0', async () => {
    const list = JSON.parse((await kubectl('-n', ns, 'get', 'pods', '-o', 'json')).stdout).items as Item[];
    const web = list.filter((p) => p.metadata.name.startsWith('web-'));
    return web.length === 2 && list.some((p) => p.metadata.name === 'db-0') ? web : undefined;
  });
  // As a kubelet would: one web pod runs the image pulled from the new registry (the node here refuses
  // registry.k8s.io, which other tests rely on).
  await kubectl(
    '-n',
    ns,
    'patch',
    'pod',
    pods[0]!.metadata.name,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'web',
            image: 'k8s.gcr.io/pause:3.2',
            imageID: `registry.k8s.io/pause@${digest}`,
            ready: true,
            restartCount: 0,
            state: { running: { startedAt: '2024-01-01T00:00:00Z' } },
          },
        ],
      },
    }),
  );
  await until(
    'the pull of broken to fail on the node',
    async () => {
      const { stdout } = await kubectl(
        '-n',
        ns,
        'get',
        'pod',
        'broken',
        '-o',
        'jsonpath={.status.containerStatuses[0].state.waiting.reason}',
      );
      return /^(ErrImagePull|ImagePullBackOff)$/.test(stdout) ? stdout : undefined;
    },
    60_000,
  );
  // As a kubelet would on a node whose pause image is on the old registry (test/drill/sandbox.env.test.ts
  // makes that happen for real, on a node of its own).
  await apply(
    `apiVersion: v1
kind: Event
metadata: {name: web-sandbox}
involvedObject: {apiVersion: v1, kind: Pod, name: ${pods[1]!.metadata.name}, namespace: ${ns}}
reason: FailedCreatePodSandBox
type: Warning
count: 3
message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox image "k8s.gcr.io/pause:3.6": failed to pull image "k8s.gcr.io/pause:3.6": 403 Forbidden'
source: {component: kubelet}
`,
    ns,
  );
}
