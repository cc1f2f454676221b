// The one fixture table every policy engine is tried on: every kind with a pod spec, each container
// list, an ephemeral container added through the subresource, digest-pinned and tag-less references,
// an uppercase host, :443, lookalikes, already-new images and each exemption. What each should get is
// not written here: the oracle (oracle.ts) runs `scan` on the same YAML.
import type { Rule } from '../../src/rules/types.js';

export const namespaces = {
  /** Policies act here. */
  main: 'policy-test',
  /** Given to --exclude-namespace. */
  excluded: 'policy-legacy',
  /** Labelled regshift.io/exempt=true. */
  optOut: 'policy-optout',
};
export const exemptLabel = 'regshift.io/exempt';
export const excludedImagePrefix = 'k8s.gcr.io/e2e-test-images';

export const policyRules: Rule[] = [
  // As in the bitnami pack: minideb stayed on docker.io/bitnami.
  {
    id: 'docker.io/bitnami',
    from: 'docker.io/bitnami',
    to: 'docker.io/bitnamilegacy',
    action: 'rewrite',
    builtin: false,
    exceptRepositories: ['minideb'],
  },
  // Report only, no target: still a moved registry to warn about, with nothing to suggest.
  { id: 'quay.io/gone', from: 'quay.io/gone', to: null, action: 'report', builtin: false },
];

export interface Fixture {
  id: string;
  /** The object created through the API (CREATE), or the Pod an ephemeral container is added to. */
  object: { apiVersion: string; kind: string; metadata: Record<string, unknown> } & Record<string, unknown>;
  /** For pods/ephemeralcontainers fixtures: the container added by an UPDATE of the existing Pod. */
  ephemeral?: { name: string; image: string };
}

type Container = { name: string; image: string };
const digest = `sha256:${'d'.repeat(64)}`;

interface Lists {
  containers: Container[];
  initContainers?: Container[];
}

const podSpec = (lists: Lists) => ({ restartPolicy: 'Always', ...lists });
const c = (name: string, image: string): Container => ({ name, image });

function pod(
  id: string,
  lists: Lists,
  extra: { namespace?: string; labels?: Record<string, string> } = {},
): Fixture {
  return {
    id,
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: id,
        namespace: extra.namespace ?? namespaces.main,
        labels: { fixture: id, ...extra.labels },
      },
      spec: podSpec(lists),
    },
  };
}

const template = (id: string, lists: Lists, restartPolicy = 'Always') => ({
  metadata: { labels: { fixture: id } },
  spec: { ...podSpec(lists), restartPolicy },
});

function workload(id: string, apiVersion: string, kind: string, spec: Record<string, unknown>): Fixture {
  return { id, object: { apiVersion, kind, metadata: { name: id, namespace: namespaces.main }, ...spec } };
}

const selector = (id: string) => ({ matchLabels: { fixture: id } });

export const fixtures: Fixture[] = [
  pod('pod-container', { containers: [c('app', 'k8s.gcr.io/pause:3.2')] }),
  pod('pod-init', {
    initContainers: [c('init', 'gcr.io/google-containers/busybox:1.27')],
    containers: [c('app', 'registry.k8s.io/pause:3.10')],
  }),
  {
    id: 'pod-ephemeral-moved',
    object: pod('pod-ephemeral-moved', { containers: [c('app', 'registry.k8s.io/pause:3.10')] }).object,
    ephemeral: { name: 'debugger', image: 'k8s.gcr.io/busybox:1.28' },
  },
  {
    id: 'pod-ephemeral-new',
    object: pod('pod-ephemeral-new', { containers: [c('app', 'registry.k8s.io/pause:3.10')] }).object,
    ephemeral: { name: 'debugger', image: 'registry.k8s.io/busybox:1.36' },
  },
  workload('deployment', 'apps/v1', 'Deployment', {
    spec: {
      selector: selector('deployment'),
      template: template('deployment', {
        containers: [c('metrics', 'k8s.gcr.io/metrics-server/metrics-server:v0.6.1')],
      }),
    },
  }),
  workload('statefulset', 'apps/v1', 'StatefulSet', {
    spec: {
      serviceName: 'statefulset',
      selector: selector('statefulset'),
      template: template('statefulset', {
        containers: [c('etcd', 'us.gcr.io/k8s-artifacts-prod/etcd:3.5.0-0')],
      }),
    },
  }),
  workload('daemonset', 'apps/v1', 'DaemonSet', {
    spec: {
      selector: selector('daemonset'),
      template: template('daemonset', {
        containers: [c('proxy', 'gcr.io/google_containers/kube-proxy:v1.20.0')],
      }),
    },
  }),
  workload('replicaset', 'apps/v1', 'ReplicaSet', {
    spec: {
      selector: selector('replicaset'),
      template: template('replicaset', { containers: [c('app', 'eu.gcr.io/k8s-artifacts-prod/pause:3.2')] }),
    },
  }),
  workload('replicationcontroller', 'v1', 'ReplicationController', {
    spec: {
      selector: { fixture: 'replicationcontroller' },
      template: template('replicationcontroller', {
        containers: [c('app', 'asia.gcr.io/k8s-artifacts-prod/pause:3.2')],
      }),
    },
  }),
  workload('job', 'batch/v1', 'Job', {
    spec: {
      template: template(
        'job',
        {
          initContainers: [c('fetch', 'gcr.io/k8s-artifacts-prod/busybox:1.28')],
          containers: [c('run', 'registry.k8s.io/busybox:1.36')],
        },
        'Never',
      ),
    },
  }),
  workload('cronjob-digest', 'batch/v1', 'CronJob', {
    spec: {
      schedule: '0 0 1 1 *',
      suspend: true,
      jobTemplate: {
        spec: {
          template: template(
            'cronjob-digest',
            { containers: [c('job', `k8s.gcr.io/pause@${digest}`)] },
            'Never',
          ),
        },
      },
    },
  }),
  workload('podtemplate-tagless', 'v1', 'PodTemplate', {
    template: template('podtemplate-tagless', { containers: [c('app', 'k8s.gcr.io/pause')] }),
  }),
  pod('uppercase-host', { containers: [c('app', 'K8S.GCR.IO/pause:3.2')] }),
  pod('port-443', { containers: [c('app', 'k8s.gcr.io:443/pause:3.2')] }),
  pod('lookalike-prefix', { containers: [c('app', 'notk8s.gcr.io/pause:3.2')] }),
  pod('lookalike-suffix', { containers: [c('app', 'k8s.gcr.io.evil.example/pause:3.2')] }),
  pod('lookalike-path', { containers: [c('app', 'ghcr.io/a/k8s.gcr.io-mirror:1')] }),
  pod('other-port', { containers: [c('app', 'k8s.gcr.io:5000/pause:3.2')] }),
  pod('already-new', { containers: [c('app', 'registry.k8s.io/pause:3.10')] }),
  pod('docker-hub', {
    containers: [
      c('short', 'bitnami/redis:7.2'),
      c('long', 'docker.io/bitnami/redis:7.2'),
      c('index', 'index.docker.io/bitnami/redis'),
      c('quay', 'quay.io/bitnami/redis:7.2'),
    ],
  }),
  pod('docker-hub-stayed', { containers: [c('base', 'bitnami/minideb:bookworm')] }),
  pod('report-only', { containers: [c('app', 'quay.io/gone/app:1')] }),
  pod('mixed-lists', {
    initContainers: [c('ok', 'registry.k8s.io/busybox:1.36'), c('old', 'k8s.gcr.io/busybox:1.28')],
    containers: [c('app', 'registry.k8s.io/pause:3.10'), c('sidecar', 'gcr.io/google-containers/pause:3.1')],
  }),
  pod(
    'exempt-namespace',
    { containers: [c('app', 'k8s.gcr.io/pause:3.2')] },
    { namespace: namespaces.excluded },
  ),
  pod(
    'exempt-namespace-label',
    { containers: [c('app', 'k8s.gcr.io/pause:3.2')] },
    { namespace: namespaces.optOut },
  ),
  pod(
    'exempt-object-label',
    { containers: [c('app', 'k8s.gcr.io/pause:3.2')] },
    { labels: { [exemptLabel]: 'true' } },
  ),
  pod('exempt-image', { containers: [c('app', `${excludedImagePrefix}/agnhost:2.39`)] }),
];
