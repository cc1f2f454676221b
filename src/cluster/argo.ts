/** Argo CD Applications that exist, so its label tracking can be told from a plain instance label. */
import { KubeApiError } from './client.js';
import { isUnreachable, type ListContext, listPages } from './list.js';
import type { KubeObject } from './objects.js';
import type { ResourceType } from './resources.js';

const applicationType: ResourceType = {
  kind: 'Application',
  apiVersion: 'argoproj.io/v1alpha1',
  plural: 'applications',
  namespaced: true,
  podSpec: null,
};

/**
 * Argo CD Applications that exist (`ns/name` and `name`), so an `app.kubernetes.io/instance` label counts
 * as Argo CD's label tracking only when it names one. Without Argo CD (404) or without permission, none.
 */
export async function argoApplications(
  ctx: ListContext,
  scopes: (string | undefined)[],
): Promise<Set<string>> {
  const apps = new Set<string>();
  const add = (items: KubeObject[]) => {
    for (const a of items) {
      apps.add(a.metadata.name);
      apps.add(`${a.metadata.namespace}/${a.metadata.name}`);
    }
  };
  // Applications usually live in Argo CD's own namespace, not the workload's: cluster-wide first, then
  // the namespaces being scanned (where an Application may live when apps-in-any-namespace is on).
  const list = (namespace: string | undefined) =>
    listPages(ctx, applicationType, { namespace }, add).then(
      () => true,
      (error: unknown) => {
        if (isUnreachable(error)) throw error;
        // true: done (read, or no Argo CD here); false: refused, try the namespaces.
        return !(error instanceof KubeApiError && error.status === 403);
      },
    );
  if (await list(undefined)) return apps;
  for (const namespace of scopes) if (namespace !== undefined) await list(namespace);
  return apps;
}
