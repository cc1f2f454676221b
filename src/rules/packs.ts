import { RegshiftError } from '../errors.js';
import { k8sPack } from './builtin.js';
import { packRules } from './pack-rules.js';
import type { Rule, RulePack } from './types.js';

const bitnamiNote =
  'bitnamilegacy gets no updates: use it to buy time, then move to maintained images. Bitnami charts refuse ' +
  'substituted images unless `global.security.allowInsecureImages: true` ' +
  '(https://github.com/bitnami/charts/issues/30850; `regshift fix --helm-allow-substituted-images` sets it).';

/** Every pack regshift ships, in the order `regshift rules` lists them. */
export const rulePacks: readonly RulePack[] = [
  k8sPack,
  {
    name: 'bitnami',
    title:
      "Bitnami's Docker Hub catalogue moved to docker.io/bitnamilegacy; docker.io/bitnami deleted from 2025-09-29",
    since: '2025-08-28',
    source: 'https://github.com/bitnami/containers/issues/83267',
    rules: [
      {
        from: 'docker.io/bitnami',
        to: 'docker.io/bitnamilegacy',
        action: 'rewrite',
        // Not copied: images on distros Bitnami dropped more than three years before (maintainer's answer).
        exceptTags: [
          '*-debian-8-*',
          '*-debian-8',
          '*-debian-9-*',
          '*-debian-9',
          '*-debian-10-*',
          '*-debian-10',
          '*-centos-7-*',
          '*-centos-7',
          '*-ol-7-*',
          '*-ol-7',
        ],
        // Still released on docker.io/bitnami (https://github.com/bitnami/minideb/issues/196).
        exceptRepositories: ['minideb', 'sealed-secrets-controller', 'sealed-secrets-kubeseal'],
        helmValue: 'global.security.allowInsecureImages',
        note: `${bitnamiNote} Tags on debian-8/9/10, centos-7 and ol-7 were not copied (https://github.com/bitnami/charts/issues/36229).`,
      },
    ],
  },
  {
    name: 'bitnami-ecr-public',
    title: 'Bitnami images leave Amazon ECR Public (public.ecr.aws/bitnami); pulls fail after 2026-06-10',
    since: '2026-06-10',
    source: 'https://github.com/aws/containers-roadmap/issues/2817',
    rules: [
      {
        from: 'public.ecr.aws/bitnami',
        to: null,
        action: 'report',
        note:
          'No public drop-in: mirror the images you run (`regshift mirror`) or move to maintained images; ' +
          'docker.io/bitnamilegacy holds only the Debian tags frozen on 2025-08-28 ' +
          '(https://github.com/bitnami/containers/issues/93713).',
      },
    ],
  },
  {
    name: 'kube-rbac-proxy',
    title: 'gcr.io/kubebuilder/kube-rbac-proxy is gone; kubebuilder no longer uses kube-rbac-proxy',
    since: '2025-03-18',
    source: 'https://github.com/kubernetes-sigs/kubebuilder/discussions/3907',
    overrides: ['gcr'],
    rules: [
      {
        from: 'gcr.io/kubebuilder/kube-rbac-proxy',
        to: 'quay.io/brancz/kube-rbac-proxy',
        action: 'report',
        note:
          "No drop-in: use the project's own image quay.io/brancz/kube-rbac-proxy (check the tag exists) or, as " +
          "kubebuilder now does, protect metrics with controller-runtime's WithAuthenticationAndAuthorization. " +
          'Announced unavailable from 2025-03-18; pulls have failed since March 2026.',
      },
    ],
  },
  {
    name: 'coreos-quay',
    title: 'quay.io/coreos images moved per project',
    since: '2020-08-27',
    source: 'https://github.com/prometheus-operator/prometheus-operator/pull/3449',
    rules: [
      {
        from: 'quay.io/coreos/prometheus-operator',
        to: 'quay.io/prometheus-operator/prometheus-operator',
        action: 'report',
        note: 'Releases from v0.43.0 are only in quay.io/prometheus-operator; older tags may not be there (`regshift check`).',
      },
      {
        from: 'quay.io/coreos/prometheus-config-reloader',
        to: 'quay.io/prometheus-operator/prometheus-config-reloader',
        action: 'report',
        note: 'Releases from v0.43.0 are only in quay.io/prometheus-operator; older tags may not be there (`regshift check`).',
      },
      {
        from: 'quay.io/coreos/kube-state-metrics',
        to: 'registry.k8s.io/kube-state-metrics/kube-state-metrics',
        action: 'report',
        since: '2021-04-13',
        source: 'https://kubernetes.io/blog/2021/04/13/kube-state-metrics-v-2-0/',
        note: 'quay.io/coreos/kube-state-metrics gets no updates; v2 images are at registry.k8s.io, with v2 breaking changes.',
      },
    ],
  },
  {
    name: 'gcr',
    title: 'Container Registry shut down; gcr.io projects move to Artifact Registry',
    since: '2025-03-18',
    source: 'https://cloud.google.com/container-registry/docs/deprecations/container-registry-deprecation',
    variables: { project: 'your Google Cloud project ID, e.g. `variables: {project: my-project}`' },
    rules: [
      ['gcr.io', 'us'],
      ['us.gcr.io', 'us'],
      ['eu.gcr.io', 'europe'],
      ['asia.gcr.io', 'asia'],
    ].map(([host, location]) => ({
      from: `${host}/{project}`,
      to: `${location}-docker.pkg.dev/{project}/${host}`,
      action: 'rewrite' as const,
      source: 'https://cloud.google.com/artifact-registry/docs/transition/gcr-repositories',
      note: `Artifact Registry's ${host} repository for the project; gcr.io names keep working only where it exists.`,
    })),
  },
];

/** The pack a name refers to, if any. */
export function packNamed(name: string): RulePack | undefined {
  return rulePacks.find((p) => p.name === name);
}

/** The shipped rules a config and --pack flags turn on, with the config's variables filled in. */
export function shippedRules(
  names: Iterable<string>,
  variables: Readonly<Record<string, string>> = {},
): Rule[] {
  const wanted = new Set(names);
  for (const name of wanted) {
    if (!packNamed(name)) {
      throw new RegshiftError('PACK_UNKNOWN', `no rule pack named "${name}"`, {
        hint: `Choose from ${rulePacks.map((p) => p.name).join(', ')} (\`regshift rules\` lists them).`,
      });
    }
  }
  return rulePacks.filter((p) => wanted.has(p.name)).flatMap((p) => packRules(p, variables));
}
