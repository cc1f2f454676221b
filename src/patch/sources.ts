/** The source an Argo CD Application or a Flux Kustomization renders from, read from its object. */
import type { KubeClient } from '../cluster/client.js';
import type { ManagedBy } from '../findings.js';

type Source = { repoURL?: string; path?: string; chart?: string; targetRevision?: string };

function describeSource(s: Source): string {
  const where = s.chart ? `chart ${s.chart}` : `path ${s.path ?? '.'}`;
  return `${s.repoURL ?? '(no repoURL)'} ${where}${s.targetRevision ? ` at ${s.targetRevision}` : ''}`;
}

/** `Application argocd/guestbook renders https://git.example/apps path guestbook at main`, or null. */
export async function managerSource(client: KubeClient, m: ManagedBy): Promise<string | null> {
  if (!m.name) return null;
  const name = encodeURIComponent(m.name);
  if (m.tool === 'argocd') {
    const ns = encodeURIComponent(m.namespace ?? 'argocd');
    const res = await client.request(
      'GET',
      `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications/${name}`,
    );
    if (res.status !== 200) return null;
    const spec = (res.body as { spec?: { source?: Source; sources?: Source[] } }).spec ?? {};
    const sources = spec.sources ?? (spec.source ? [spec.source] : []);
    if (sources.length === 0) return null;
    return `Application ${m.namespace ?? 'argocd'}/${m.name} renders ${sources.map(describeSource).join(' and ')}`;
  }
  if (m.tool === 'flux' && m.kind === 'Kustomization' && m.namespace) {
    const ns = encodeURIComponent(m.namespace);
    const res = await client.request(
      'GET',
      `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${ns}/kustomizations/${name}`,
    );
    if (res.status !== 200) return null;
    const spec =
      (res.body as { spec?: { path?: string; sourceRef?: { kind?: string; name?: string } } }).spec ?? {};
    return `Kustomization ${m.namespace}/${m.name} renders path ${spec.path ?? '.'} of ${spec.sourceRef?.kind ?? 'its source'} ${spec.sourceRef?.name ?? ''}`.trim();
  }
  return null;
}
