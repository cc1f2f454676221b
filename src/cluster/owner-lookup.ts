/** Owners of kinds regshift does not list (an operator's custom resource): found through discovery, read one by one. */
import { KubeApiError } from './client.js';
import type { Collector } from './collect.js';
import { diagnosticFor, type ListContext } from './list.js';
import type { KubeObject, OwnerReference } from './objects.js';
import { apiBase } from './resources.js';

type Discovery = Map<string, { plural: string; namespaced: boolean }>;

async function discover(ctx: ListContext, apiVersion: string): Promise<Discovery> {
  const res = await ctx.limit(() => ctx.client.request('GET', apiBase(apiVersion)));
  const kinds: Discovery = new Map();
  if (res.status !== 200) return kinds;
  const resources =
    (res.body as { resources?: { name: string; kind: string; namespaced: boolean }[] }).resources ?? [];
  for (const r of resources)
    if (!r.name.includes('/')) kinds.set(r.kind, { plural: r.name, namespaced: r.namespaced });
  return kinds;
}

/** Read unresolved owners and add them to the index, repeating for their owners in turn. */
export async function resolveForeignOwners(ctx: ListContext, collector: Collector): Promise<void> {
  const discovery = new Map<string, Promise<Discovery>>();
  const tried = new Set<string>();
  for (let round = 0; round < 8; round++) {
    const wanted = new Map<string, { ref: OwnerReference; namespace: string | undefined }>();
    for (const hit of collector.hits.values()) {
      const { unresolved } = collector.index.chain(hit.owner, hit.object.namespace);
      if (unresolved && !tried.has(unresolved.uid))
        wanted.set(unresolved.uid, { ref: unresolved, namespace: hit.object.namespace });
    }
    if (wanted.size === 0) return;
    await Promise.all(
      [...wanted.values()].map(async ({ ref, namespace }) => {
        tried.add(ref.uid);
        let kinds = discovery.get(ref.apiVersion);
        if (!kinds) {
          kinds = discover(ctx, ref.apiVersion);
          discovery.set(ref.apiVersion, kinds);
        }
        const kind = (await kinds).get(ref.kind);
        if (!kind) return;
        const ns = kind.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
        const path = `${apiBase(ref.apiVersion)}${ns}/${kind.plural}/${encodeURIComponent(ref.name)}`;
        const res = await ctx.limit(() => ctx.client.request('GET', path));
        if (res.status === 200) {
          collector.index.add(res.body as KubeObject, ref);
        } else if (res.status === 403) {
          const group = ref.apiVersion.includes('/') ? `.${ref.apiVersion.split('/')[0]}` : '';
          ctx.errors.push(
            diagnosticFor(
              ctx.client.name,
              new KubeApiError(403, 'get', `${kind.plural}${group}`, namespace, ''),
            ),
          );
        }
      }),
    );
  }
}
