// Small builders of Kubernetes objects for the unit tests (plain JSON, as a list returns them).
import type { KubeObject, OwnerReference } from '../../src/cluster/objects.js';

let next = 0;
export function uid(): string {
  return `uid-${++next}`;
}

export function owner(o: KubeObject, controller = true): OwnerReference {
  return { apiVersion: o.apiVersion!, kind: o.kind!, name: o.metadata.name, uid: o.metadata.uid, controller };
}

export function obj(
  apiVersion: string,
  kind: string,
  name: string,
  extra: {
    namespace?: string;
    owners?: OwnerReference[];
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    spec?: Record<string, unknown>;
    status?: Record<string, unknown>;
  } = {},
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      namespace: extra.namespace ?? 'default',
      uid: uid(),
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
      ...(extra.owners ? { ownerReferences: extra.owners } : {}),
    },
    ...(extra.spec ? { spec: extra.spec } : {}),
    ...(extra.status ? { status: extra.status } : {}),
  };
}

export function podSpec(containers: Record<string, string>, more: Record<string, unknown> = {}) {
  return { containers: Object.entries(containers).map(([name, image]) => ({ name, image })), ...more };
}

export function template(containers: Record<string, string>) {
  return { template: { spec: podSpec(containers) } };
}
