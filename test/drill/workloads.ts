// The drill's workloads, as a user keeps them: plain manifests (a Deployment, a DaemonSet, a CronJob) and
// a Helm chart whose values name the image; all on the old registry. Its namespace opts in to the node.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kube, until } from '../cluster/helpers/kube.js';
import { run } from '../env/exec.js';
import { nodeNamespaceAnnotations, type TestEnv, type TestNode } from '../env/index.js';

type Kubectl = ReturnType<typeof kube>['kubectl'];

function podTemplate(app: string, image: string, extra = '', indent = ''): string {
  // The pause binary prints its first argument (kubectl logs shows it) and waits for SIGTERM.
  return `    metadata:
      labels: { drill: ${app} }
    spec:
      terminationGracePeriodSeconds: 1${extra}
      containers:
        - name: ${app}
          image: ${image}
          args: [${app}]`.replaceAll(/^/gm, indent);
}

// Suspended: its Jobs are the ones the drill creates from it (`kubectl create job --from=cronjob/batch`,
// which sets the CronJob as their owner), so none appears on the schedule's whim.
const cronJob = (image: string) => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: batch
spec:
  schedule: '0 3 * * *'
  suspend: true
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
${podTemplate('batch', image, '\n      restartPolicy: Never', '    ')}
`;

const deployment = (name: string, image: string, replicas: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  # No old revisions kept: after the move nothing names the old registry, not even a rollback target.
  revisionHistoryLimit: 0
  selector: { matchLabels: { drill: ${name.startsWith('{{') ? 'chart' : name} } }
  template:
${podTemplate(name.startsWith('{{') ? 'chart' : name, image)}
`;

/**
 * The new registry serves the images the old one can no longer deliver: the pause binary, each with its
 * own label and this run's id, so each is its own image on the node (its imageID names where it came
 * from, and a node that ran the drill before holds none of them).
 */
export async function seedNewRegistry(
  env: TestEnv,
  node: TestNode,
  newRegistry: string,
  images: readonly string[],
  id: string,
): Promise<void> {
  for (const name of images) {
    const label = `--label=regshift.test/drill=${name}-${id}`;
    await run(env.bin.crane, [
      'mutate',
      '--insecure',
      label,
      '-t',
      `${newRegistry}/${name}:1`,
      node.pauseImage,
    ]);
  }
}

export async function writeWorkloads(input: {
  env: TestEnv;
  ns: string;
  dir: string;
  image: (name: string) => string;
}): Promise<void> {
  const { env, ns, dir, image } = input;
  const { kubectl, apply } = kube(env);
  const manifests = join(dir, 'manifests');
  const chart = join(dir, 'chart');
  mkdirSync(manifests, { recursive: true });
  mkdirSync(join(chart, 'templates'), { recursive: true });
  // Scaled up by the drill: the image is on no node yet, so new Pods must pull it.
  writeFileSync(join(manifests, 'web.yaml'), deployment('web', image('app'), '0'));
  writeFileSync(
    join(manifests, 'agent.yaml'),
    `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector: { matchLabels: { drill: agent } }
  template:
${podTemplate(
  'agent',
  image('agent'),
  // As node agents do: the DaemonSet controller matches the node's taints against the template itself,
  // not against what the namespace's default tolerations add to each Pod.
  '\n      tolerations: [{ operator: Exists }]',
)}
`,
  );
  writeFileSync(join(manifests, 'batch.yaml'), cronJob(image('job')));
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: drill\nversion: 0.1.0\n');
  writeFileSync(join(chart, 'values.yaml'), `image: ${image('chart-app')}\n`);
  writeFileSync(
    join(chart, 'templates', 'deployment.yaml'),
    deployment('{{ .Release.Name }}', '{{ .Values.image }}', '1'),
  );

  const annotations = Object.entries(nodeNamespaceAnnotations).map(([k, v]) => `    ${k}: '${v}'`);
  await apply(
    `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  annotations:\n${annotations.join('\n')}\n`,
  );
  await until('the default ServiceAccount', () =>
    kubectl('-n', ns, 'get', 'serviceaccount', 'default').then(
      () => true,
      () => undefined,
    ),
  );
  await kubectl('-n', ns, 'apply', '-f', manifests);
  await run(env.bin.helm, ['--kubeconfig', env.kubeconfig, '-n', ns, 'install', 'chart', chart]);
}

export interface DrillPod {
  name: string;
  /** The drill label: web, agent, batch or chart. */
  owner: string;
  waiting: string | null;
  running: boolean;
  imageID: string;
}

export async function podsOf(kubectl: Kubectl, ns: string): Promise<DrillPod[]> {
  const list = JSON.parse((await kubectl('-n', ns, 'get', 'pods', '-l', 'drill', '-o', 'json')).stdout) as {
    items: {
      metadata: { name: string; labels: Record<string, string>; deletionTimestamp?: string };
      status: {
        containerStatuses?: { imageID: string; state: { running?: object; waiting?: { reason?: string } } }[];
      };
    }[];
  };
  return list.items
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => {
      const status = p.status.containerStatuses?.[0];
      return {
        name: p.metadata.name,
        owner: p.metadata.labels['drill'] ?? '',
        waiting: status?.state.waiting?.reason ?? null,
        running: status?.state.running !== undefined,
        imageID: status?.imageID ?? '',
      };
    });
}
