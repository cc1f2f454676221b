import { describe, expect, it } from 'vitest';
import { managerOf } from '../../src/cluster/managers.js';

describe('managerOf', () => {
  it('reads Helm release annotations', () => {
    expect(
      managerOf({
        namespace: 'web',
        annotations: { 'meta.helm.sh/release-name': 'shop', 'meta.helm.sh/release-namespace': 'apps' },
        labels: { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'shop' },
      }),
    ).toEqual({
      tool: 'helm',
      name: 'shop',
      namespace: 'apps',
      evidence: 'annotation meta.helm.sh/release-name',
    });
  });

  it('falls back to the managed-by label and instance for Helm', () => {
    expect(
      managerOf({
        namespace: 'web',
        labels: { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'x' },
      }),
    ).toEqual({
      tool: 'helm',
      name: 'x',
      namespace: 'web',
      evidence: 'label app.kubernetes.io/managed-by=Helm',
    });
  });

  it('puts Argo CD tracking ids before Helm marks, and reads apps in other namespaces', () => {
    const m = managerOf({
      annotations: {
        'argocd.argoproj.io/tracking-id': 'team_shop:apps/Deployment:web/api',
        'meta.helm.sh/release-name': 'shop',
      },
    });
    expect(m).toEqual({
      tool: 'argocd',
      name: 'shop',
      namespace: 'team',
      kind: 'Application',
      evidence: 'annotation argocd.argoproj.io/tracking-id',
    });
  });

  it('takes a bare instance label for Argo CD only when an Application of that name exists', () => {
    const labels = { 'app.kubernetes.io/instance': 'guestbook' };
    expect(managerOf({ labels })).toBeNull();
    expect(managerOf({ labels }, new Set(['other', 'argocd/other']))).toBeNull();
    expect(managerOf({ labels }, new Set(['guestbook', 'argocd/guestbook']))).toEqual({
      tool: 'argocd',
      name: 'guestbook',
      namespace: 'argocd',
      kind: 'Application',
      evidence: 'label app.kubernetes.io/instance, naming an existing Application (label tracking)',
    });
  });

  it('reads Flux kustomize and helm toolkit labels', () => {
    expect(
      managerOf({
        namespace: 'apps',
        labels: {
          'kustomize.toolkit.fluxcd.io/name': 'infra',
          'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
        },
      }),
    ).toEqual({
      tool: 'flux',
      name: 'infra',
      namespace: 'flux-system',
      kind: 'Kustomization',
      evidence: 'label kustomize.toolkit.fluxcd.io/name',
    });
    expect(
      managerOf({
        namespace: 'apps',
        labels: { 'helm.toolkit.fluxcd.io/name': 'podinfo' },
        annotations: { 'meta.helm.sh/release-name': 'apps-podinfo' },
      }),
    ).toEqual({
      tool: 'flux',
      name: 'podinfo',
      namespace: 'apps',
      kind: 'HelmRelease',
      evidence: 'label helm.toolkit.fluxcd.io/name',
    });
  });

  it('returns null for unmanaged objects', () => {
    expect(managerOf({ labels: { app: 'x' } })).toBeNull();
    expect(managerOf({})).toBeNull();
  });
});
