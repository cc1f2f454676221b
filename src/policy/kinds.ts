// Every kind that holds a pod spec, and where: a Pod-only policy admits every Deployment and
// blocks its Pods later (FailedCreate), so each engine matches all of them explicitly.

export interface PodSpecKind {
  kind: string;
  group: '' | 'apps' | 'batch';
  resource: string;
  /** Path to the pod spec, as object field names. */
  specPath: readonly string[];
}

export const podSpecKinds: readonly PodSpecKind[] = [
  { kind: 'Pod', group: '', resource: 'pods', specPath: ['spec'] },
  { kind: 'PodTemplate', group: '', resource: 'podtemplates', specPath: ['template', 'spec'] },
  {
    kind: 'ReplicationController',
    group: '',
    resource: 'replicationcontrollers',
    specPath: ['spec', 'template', 'spec'],
  },
  { kind: 'Deployment', group: 'apps', resource: 'deployments', specPath: ['spec', 'template', 'spec'] },
  { kind: 'StatefulSet', group: 'apps', resource: 'statefulsets', specPath: ['spec', 'template', 'spec'] },
  { kind: 'DaemonSet', group: 'apps', resource: 'daemonsets', specPath: ['spec', 'template', 'spec'] },
  { kind: 'ReplicaSet', group: 'apps', resource: 'replicasets', specPath: ['spec', 'template', 'spec'] },
  { kind: 'Job', group: 'batch', resource: 'jobs', specPath: ['spec', 'template', 'spec'] },
  {
    kind: 'CronJob',
    group: 'batch',
    resource: 'cronjobs',
    specPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  },
];

/** `kubectl debug` adds ephemeral containers through this subresource (an UPDATE of the Pod). */
export const ephemeralSubresource = 'pods/ephemeralcontainers';

/** Admission resource rules for the kinds (and the ephemeral containers subresource). */
export function resourceRules(kinds: readonly PodSpecKind[], operations: readonly string[]) {
  const groups = [...new Set(kinds.map((k) => k.group))];
  return groups.map((group) => {
    const resources = kinds.filter((k) => k.group === group).map((k) => k.resource);
    if (group === '' && resources.includes('pods')) resources.splice(1, 0, ephemeralSubresource);
    return { apiGroups: [group], apiVersions: ['v1'], operations: [...operations], resources };
  });
}
