// A Flux HelmRelease's objects: the value path comes from the Helm release helm-controller installed.
import { describe, expect, it } from 'vitest';
import { buildFindings } from '../../src/cluster/build.js';
import { Collector } from '../../src/cluster/collect.js';
import { workloadTypes } from '../../src/cluster/resources.js';
import { builtinRules } from '../../src/rules/index.js';
import { obj, owner, podSpec, template } from './fixtures.js';

const type = (kind: string) => workloadTypes.find((t) => t.kind === kind)!;

describe('buildFindings under Flux', () => {
  it('names spec.values.<path> of a Flux HelmRelease, looked up in the Helm release Flux installed', () => {
    const flux = {
      'helm.toolkit.fluxcd.io/name': 'podinfo',
      'helm.toolkit.fluxcd.io/namespace': 'flux-system',
    };
    const dep = obj('apps/v1', 'Deployment', 'podinfo', {
      namespace: 'apps',
      labels: flux,
      // helm-controller installs the release `apps-podinfo` (targetNamespace-name) and Helm annotates it.
      annotations: { 'meta.helm.sh/release-name': 'apps-podinfo', 'meta.helm.sh/release-namespace': 'apps' },
      spec: template({ app: 'k8s.gcr.io/podinfo:6', side: 'k8s.gcr.io/sidecar:1' }),
    });
    const rs = obj('apps/v1', 'ReplicaSet', 'podinfo-1', { namespace: 'apps', owners: [owner(dep)] });
    const pod = obj('v1', 'Pod', 'podinfo-1-a', {
      namespace: 'apps',
      owners: [owner(rs)],
      spec: podSpec({ app: 'k8s.gcr.io/podinfo:6' }),
    });
    const asked: unknown[] = [];
    const c = new Collector('ctx', builtinRules);
    c.addPod(pod);
    c.addWorkload(type('ReplicaSet'), rs);
    c.addWorkload(type('Deployment'), dep);
    const found = buildFindings(c, (release, image) => {
      asked.push([release, image]);
      return image === 'k8s.gcr.io/podinfo:6' ? 'image.repository' : null;
    });
    const manager = {
      tool: 'flux',
      name: 'podinfo',
      namespace: 'flux-system',
      evidence: 'label helm.toolkit.fluxcd.io/name',
    };
    expect(found.map((f) => [f.container, f.managedBy, f.fixAt])).toEqual([
      [
        'app',
        { ...manager, kind: 'HelmRelease' },
        'Set `spec.values.image.repository` of Flux HelmRelease flux-system/podinfo; a live edit is reverted at the next reconcile.',
      ],
      [
        'side',
        { ...manager, kind: 'HelmRelease' },
        'Change the image in the chart of Flux HelmRelease flux-system/podinfo (its values do not set it); a live edit is reverted at the next reconcile.',
      ],
    ]);
    expect(asked).toEqual([
      [{ name: 'apps-podinfo', namespace: 'apps' }, 'k8s.gcr.io/podinfo:6'],
      [{ name: 'apps-podinfo', namespace: 'apps' }, 'k8s.gcr.io/sidecar:1'],
    ]);
  });
});
