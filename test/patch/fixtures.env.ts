// What the patch env tests put into the apiserver: every patchable kind, a Job, a Helm release installed
// by the real helm, Argo CD and Flux marked objects, a plain object with a bare instance label, a pod
// whose status runs an image its spec no longer names, and a second namespace a token may not patch.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kube, until } from '../cluster/helpers/kube.js';
import { run } from '../env/exec.js';
import type { TestEnv } from '../env/index.js';

export const digest = `sha256:${'d'.repeat(64)}`;

const deployment = (name: string, image: string, meta = '') => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}${meta}}
spec:
  replicas: 0
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: ${image}}]}
---`;

export const workloads = (ns: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers: [{name: init, image: "k8s.gcr.io/busybox@${digest}"}]
      containers: [{name: web, image: k8s.gcr.io/pause:3.2}, {name: side, image: registry.k8s.io/pause:3.10}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 0
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
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: solo}
spec:
  replicas: 0
  selector: {matchLabels: {app: solo}}
  template:
    metadata: {labels: {app: solo}}
    spec: {containers: [{name: echo, image: k8s.gcr.io/echoserver:1.10}]}
---
apiVersion: v1
kind: ReplicationController
metadata: {name: rc}
spec:
  replicas: 0
  selector: {app: rc}
  template:
    metadata: {labels: {app: rc}}
    spec: {containers: [{name: pause, image: k8s.gcr.io/pause:3.1}]}
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
apiVersion: batch/v1
kind: Job
metadata: {name: ran}
spec:
  suspend: true
  template:
    spec:
      restartPolicy: Never
      containers: [{name: once, image: k8s.gcr.io/busybox:1.28}]
---
apiVersion: v1
kind: Pod
metadata: {name: bare}
spec:
  initContainers: [{name: init, image: k8s.gcr.io/busybox:1.28}]
  containers: [{name: main, image: k8s.gcr.io/pause:3.2}]
---
apiVersion: v1
kind: Pod
metadata: {name: moved}
spec:
  containers: [{name: main, image: registry.k8s.io/pause:3.2}]
---
${deployment('argo-app', 'k8s.gcr.io/echoserver:1.10', `, annotations: {argocd.argoproj.io/tracking-id: "${ns}_guestbook:apps/Deployment:${ns}/argo-app"}`)}
${deployment('labelled', 'k8s.gcr.io/echoserver:1.10', ', labels: {app.kubernetes.io/instance: tracked}')}
${deployment('flux-app', 'k8s.gcr.io/coredns/coredns:v1.8.6', ', labels: {kustomize.toolkit.fluxcd.io/name: apps, kustomize.toolkit.fluxcd.io/namespace: flux-system}')}
${deployment('plain', 'k8s.gcr.io/pause:3.2', ', labels: {app.kubernetes.io/instance: plain}')}
`;

/** Argo CD's Application kind (its schema is not needed) and two Applications in the namespace. */
const argoCrd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: applications.argoproj.io}
spec:
  group: argoproj.io
  scope: Namespaced
  names: {plural: applications, singular: application, kind: Application}
  versions:
    - name: v1alpha1
      served: true
      storage: true
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;
const applications = (ns: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: guestbook, namespace: ${ns}}
spec:
  source: {repoURL: "https://git.example.com/apps.git", path: guestbook, targetRevision: main}
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: tracked, namespace: ${ns}}
spec:
  source: {repoURL: "https://git.example.com/apps.git", path: tracked, targetRevision: main}
`;

export function writeChart(dir: string): void {
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
}

/** Both namespaces, their workloads, the Helm release, and the `moved` pod's kubelet-style status. */
export async function seed(env: TestEnv, ns: string, locked: string, chart: string): Promise<void> {
  const { kubectl, apply } = kube(env);
  for (const n of [ns, locked]) {
    await kubectl('create', 'namespace', n);
    await until(`the default ServiceAccount in ${n}`, () =>
      kubectl('-n', n, 'get', 'serviceaccount', 'default').then(
        () => true,
        () => undefined,
      ),
    );
  }
  await apply(argoCrd);
  await kubectl('wait', '--for=condition=Established', 'crd/applications.argoproj.io');
  await apply(applications(ns));
  await apply(workloads(ns), ns);
  await apply(deployment('locked', 'k8s.gcr.io/pause:3.2'), locked);
  writeChart(chart);
  await run(env.bin.helm, ['--kubeconfig', env.kubeconfig, 'install', 'shop', chart, '-n', ns], {
    env: env.toolEnv,
  });
  // The scans find Deployments through their ReplicaSets too (`-l` selects those): wait for the
  // controller to have made them, which a busy controller manager can take a minute to do.
  await kubectl(
    '-n',
    ns,
    'wait',
    '--for=jsonpath={.status.observedGeneration}=1',
    'deployment',
    '--all',
    '--timeout=180s',
  );
  // As a kubelet would report it: `moved` still runs the old image its spec no longer names.
  await kubectl(
    '-n',
    ns,
    'patch',
    'pod',
    'moved',
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'main',
            image: 'k8s.gcr.io/pause:3.2',
            imageID: `k8s.gcr.io/pause@${digest}`,
            ready: true,
            restartCount: 0,
            state: { running: { startedAt: '2024-01-01T00:00:00Z' } },
          },
        ],
      },
    }),
  );
}

/** A ServiceAccount `name` in `ns` bound to `rules` in each namespace of `grants`; returns its token. */
export async function account(
  env: TestEnv,
  ns: string,
  name: string,
  grants: { namespace: string; rules: string }[],
): Promise<string> {
  const { kubectl, apply } = kube(env);
  await kubectl('-n', ns, 'create', 'serviceaccount', name);
  for (const g of grants) {
    await apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ${name}, namespace: ${g.namespace}}
rules: ${g.rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${name}, namespace: ${g.namespace}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${name}}
subjects: [{kind: ServiceAccount, name: ${name}, namespace: ${ns}}]
`);
  }
  return (await kubectl('-n', ns, 'create', 'token', name)).stdout.trim();
}
