// Kubernetes-shaped files of one app: manifests, Helm chart, kustomization, CI workflow.
import type { FileTemplate } from './app.js';
import { repeat } from './text.js';

function container(
  name: string,
  image: string,
  indent: string,
  rng: import('../lib/prng.js').Random,
): string {
  return (
    `${indent}- name: ${name}\n` +
    `${indent}  image: ${image}\n` +
    `${indent}  imagePullPolicy: IfNotPresent\n` +
    `${indent}  ports:\n${indent}    - containerPort: ${rng.int(3000, 9000)}\n` +
    `${indent}  resources:\n${indent}    requests: { cpu: ${rng.int(50, 500)}m, memory: ${rng.int(64, 512)}Mi }\n` +
    `${indent}    limits:\n${indent}      memory: ${rng.int(256, 2048)}Mi\n` +
    `${indent}  env:\n` +
    repeat(rng.int(2, 8), (i) => `${indent}    - name: VAR_${i}\n${indent}      value: "${rng.hex(12)}"\n`)
  );
}

export const deployment: FileTemplate = ({ rng, app, domain, im }) => {
  const sidecars = rng.int(0, 2);
  let out =
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\n  namespace: ${domain}\n` +
    `  labels:\n    app.kubernetes.io/name: ${app}\n    app.kubernetes.io/part-of: ${domain}\n` +
    `spec:\n  replicas: ${rng.int(1, 6)}\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${app}\n` +
    `  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: ${app}\n    spec:\n` +
    `      serviceAccountName: ${app}\n      containers:\n` +
    container(app, im.img().full, '        ', rng) +
    repeat(sidecars, (i) => container(`sidecar-${i}`, im.img().full, '        ', rng));
  out +=
    `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\n  namespace: ${domain}\n` +
    `spec:\n  selector:\n    app.kubernetes.io/name: ${app}\n  ports:\n    - port: 80\n      targetPort: http\n`;
  if (rng.chance(0.4))
    out +=
      `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${app}-config\ndata:\n` +
      repeat(rng.int(3, 12), (i) => `  key_${i}: "${rng.hex(16)}"\n`);
  return out;
};

export const cronjob: FileTemplate = ({ rng, app, im }) =>
  `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: ${app}-cleanup\nspec:\n` +
  `  schedule: "${rng.int(0, 59)} ${rng.int(0, 23)} * * *"\n  jobTemplate:\n    spec:\n      template:\n` +
  `        spec:\n          restartPolicy: OnFailure\n          containers:\n` +
  `            - name: cleanup\n              image: "${im.img().full}"\n` +
  `              args: ["--older-than=${rng.int(1, 30)}d", "--dry-run=false"]\n`;

export const chartYaml: FileTemplate = ({ rng, app }) =>
  `apiVersion: v2\nname: ${app}\ndescription: A Helm chart for ${app}\ntype: application\n` +
  `version: 0.${rng.int(1, 30)}.${rng.int(0, 9)}\nappVersion: "1.${rng.int(0, 40)}.0"\n`;

export const valuesYaml: FileTemplate = ({ rng, app, im }) => {
  const main = im.img();
  const extra = im.img();
  return (
    `replicaCount: ${rng.int(1, 5)}\n\nimage:\n  registry: ${main.registry}\n  repository: ${main.repository}\n` +
    `  tag: "${main.tag}"\n  pullPolicy: IfNotPresent\n\n` +
    `metrics:\n  enabled: ${rng.chance(0.5)}\n  image:\n    registry: ${extra.registry}\n` +
    `    repository: ${extra.repository}\n    tag: ${extra.tag}\n\n` +
    `service:\n  type: ClusterIP\n  port: 80\n\ningress:\n  enabled: false\n  hosts:\n` +
    `    - host: ${app}.example.com\n      paths: ["/"]\n\n` +
    `resources:\n  limits:\n    memory: ${rng.int(128, 1024)}Mi\n\nnodeSelector: {}\ntolerations: []\n`
  );
};

export const helmTemplate: FileTemplate = ({ app }) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "${app}.fullname" . }}\n` +
  `spec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n` +
  `        - name: {{ .Chart.Name }}\n` +
  `          image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n` +
  `          {{- with .Values.resources }}\n          resources: {{- toYaml . | nindent 12 }}\n          {{- end }}\n`;

export const helpersTpl: FileTemplate = ({ app }) =>
  `{{- define "${app}.fullname" -}}\n{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}\n{{- end }}\n`;

export const kustomization: FileTemplate = ({ rng, app, domain, im }) => {
  const image = im.img();
  return (
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${domain}\n` +
    `resources:\n  - deployment.yaml\n${rng.chance(0.3) ? '  - cronjob.yaml\n' : ''}` +
    `images:\n  - name: ${app}\n    newName: ${image.registry}/${image.repository}\n    newTag: "${image.tag}"\n` +
    `commonLabels:\n  team: ${domain}\n`
  );
};

export const workflow: FileTemplate = ({ app, im }) =>
  `name: ci\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n` +
  `    container: ${im.img().full}\n    steps:\n      - uses: actions/checkout@v4\n` +
  `      - run: make test APP=${app}\n      - run: docker build -t ${app} .\n`;
