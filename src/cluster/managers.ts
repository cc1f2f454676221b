/** Who applies an object, from the labels and annotations Helm, Argo CD, Flux and kustomize leave. */
import type { ManagedBy } from '../findings.js';
import type { KubeMeta } from './objects.js';

export interface HelmReleaseRef {
  name: string;
  namespace: string | null;
}

export const unmanaged: ManagedBy = { tool: null, name: null, namespace: null };

/** Argo CD's tracking id: `<app>:<group>/<kind>:<namespace>/<name>`; apps in other namespaces are `<ns>_<app>`. */
function argoApp(trackingId: string): { name: string; namespace: string | null } {
  const app = trackingId.split(':')[0] ?? trackingId;
  const underscore = app.indexOf('_');
  return underscore === -1
    ? { name: app, namespace: null }
    : { name: app.slice(underscore + 1), namespace: app.slice(0, underscore) };
}

/**
 * The manager of one object, or null, with the mark it was recognised by. Argo CD and Flux come first:
 * when they render a Helm chart the objects carry Helm's marks too, but the source to change is theirs.
 * A bare `app.kubernetes.io/instance` label is set by Helm charts and plain manifests alike: it names an
 * Argo CD Application (label tracking) only when an Application of that name exists (`argoApps`).
 */
export function managerOf(
  meta: Pick<KubeMeta, 'labels' | 'annotations' | 'namespace'>,
  argoApps: ReadonlySet<string> = new Set(),
): ManagedBy | null {
  const labels = meta.labels ?? {};
  const annotations = meta.annotations ?? {};
  const ns = meta.namespace ?? null;
  const tracking = annotations['argocd.argoproj.io/tracking-id'];
  if (tracking)
    return {
      tool: 'argocd',
      ...argoApp(tracking),
      kind: 'Application',
      evidence: 'annotation argocd.argoproj.io/tracking-id',
    };
  const fluxHelm = labels['helm.toolkit.fluxcd.io/name'];
  if (fluxHelm)
    return {
      tool: 'flux',
      name: fluxHelm,
      namespace: labels['helm.toolkit.fluxcd.io/namespace'] ?? ns,
      kind: 'HelmRelease',
      evidence: 'label helm.toolkit.fluxcd.io/name',
    };
  const fluxKustomize = labels['kustomize.toolkit.fluxcd.io/name'];
  if (fluxKustomize)
    return {
      tool: 'flux',
      name: fluxKustomize,
      namespace: labels['kustomize.toolkit.fluxcd.io/namespace'] ?? ns,
      kind: 'Kustomization',
      evidence: 'label kustomize.toolkit.fluxcd.io/name',
    };
  const release = annotations['meta.helm.sh/release-name'];
  if (release)
    return {
      tool: 'helm',
      name: release,
      namespace: annotations['meta.helm.sh/release-namespace'] ?? ns,
      evidence: 'annotation meta.helm.sh/release-name',
    };
  const managedBy = labels['app.kubernetes.io/managed-by']?.toLowerCase();
  const instance = labels['app.kubernetes.io/instance'] ?? null;
  if (managedBy === 'helm')
    return {
      tool: 'helm',
      name: instance,
      namespace: ns,
      evidence: 'label app.kubernetes.io/managed-by=Helm',
    };
  if (instance && managedBy === undefined && argoApps.has(instance)) {
    const app = [...argoApps].find((a) => a.endsWith(`/${instance}`));
    return {
      tool: 'argocd',
      name: instance,
      namespace: app ? app.slice(0, app.indexOf('/')) : null,
      kind: 'Application',
      evidence: `label app.kubernetes.io/instance, naming an existing Application (label tracking)`,
    };
  }
  if (managedBy === 'kustomize')
    return {
      tool: 'kustomize',
      name: null,
      namespace: null,
      evidence: 'label app.kubernetes.io/managed-by=kustomize',
    };
  return null;
}

/** The Helm release an object belongs to, from Helm's annotations (Flux's helm-controller sets them too). */
export function helmReleaseOf(meta: Pick<KubeMeta, 'annotations' | 'namespace'>): HelmReleaseRef | null {
  const annotations = meta.annotations ?? {};
  const name = annotations['meta.helm.sh/release-name'];
  if (!name) return null;
  return { name, namespace: annotations['meta.helm.sh/release-namespace'] ?? meta.namespace ?? null };
}
