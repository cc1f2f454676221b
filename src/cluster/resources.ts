/** The kinds regshift reads, where each keeps its pod spec, and the API path to list them. */

export interface ResourceType {
  kind: string;
  apiVersion: string;
  /** Plural, as RBAC and URLs name it. */
  plural: string;
  namespaced: boolean;
  /** Path from the object to its pod spec, e.g. ['spec', 'template', 'spec']; null: none. */
  podSpec: readonly string[] | null;
}

const template = ['spec', 'template', 'spec'] as const;

export const workloadTypes: readonly ResourceType[] = [
  { kind: 'Deployment', apiVersion: 'apps/v1', plural: 'deployments', namespaced: true, podSpec: template },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', plural: 'statefulsets', namespaced: true, podSpec: template },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', plural: 'daemonsets', namespaced: true, podSpec: template },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', plural: 'replicasets', namespaced: true, podSpec: template },
  {
    kind: 'ReplicationController',
    apiVersion: 'v1',
    plural: 'replicationcontrollers',
    namespaced: true,
    podSpec: template,
  },
  { kind: 'Job', apiVersion: 'batch/v1', plural: 'jobs', namespaced: true, podSpec: template },
  {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    plural: 'cronjobs',
    namespaced: true,
    podSpec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  },
];

export const podType: ResourceType = {
  kind: 'Pod',
  apiVersion: 'v1',
  plural: 'pods',
  namespaced: true,
  podSpec: ['spec'],
};
export const nodeType: ResourceType = {
  kind: 'Node',
  apiVersion: 'v1',
  plural: 'nodes',
  namespaced: false,
  podSpec: null,
};
export const eventType: ResourceType = {
  kind: 'Event',
  apiVersion: 'v1',
  plural: 'events',
  namespaced: true,
  podSpec: null,
};
export const secretType: ResourceType = {
  kind: 'Secret',
  apiVersion: 'v1',
  plural: 'secrets',
  namespaced: true,
  podSpec: null,
};
export const configMapType: ResourceType = {
  kind: 'ConfigMap',
  apiVersion: 'v1',
  plural: 'configmaps',
  namespaced: true,
  podSpec: null,
};
export const namespaceType: ResourceType = {
  kind: 'Namespace',
  apiVersion: 'v1',
  plural: 'namespaces',
  namespaced: false,
  podSpec: null,
};

/** `/api/v1` or `/apis/apps/v1`. */
export function apiBase(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** The collection URL: cluster-wide when `namespace` is undefined. */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const ns = type.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${apiBase(type.apiVersion)}${ns}/${type.plural}`;
}

/** `deployments.apps`, as `kubectl auth can-i` and RBAC name a resource. */
export function qualifiedResource(type: { apiVersion: string; plural: string }): string {
  const slash = type.apiVersion.indexOf('/');
  return slash === -1 ? type.plural : `${type.plural}.${type.apiVersion.slice(0, slash)}`;
}
