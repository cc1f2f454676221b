// What `regshift patch` decides per root, from findings alone: patch, skip with the reason, or what to
// run instead; the JSON patch it sends (a test of every old image before any replace) and its inverse.
import { describe, expect, it } from 'vitest';
import type { ClusterFinding } from '../../src/findings.js';
import { revert } from '../../src/patch/diff.js';
import { forwardOperations, inverseOperations, pointerFor } from '../../src/patch/ops.js';
import { helmCommand, planTargets } from '../../src/patch/targets.js';

const none = { tool: null, name: null, namespace: null };

function f(over: Partial<ClusterFinding> & Pick<ClusterFinding, 'object'>): ClusterFinding {
  const match = over.match ?? 'k8s.gcr.io/pause:3.2';
  return {
    source: 'cluster',
    cluster: 'ctx',
    namespace: over.object.namespace ?? null,
    container: 'app',
    fieldPath: 'spec.template.spec.containers[0].image',
    match,
    kind: 'image',
    image: match,
    replacement: match.replace('k8s.gcr.io', 'registry.k8s.io'),
    rule: 'k8s.gcr.io',
    valuePath: null,
    imageID: null,
    runningFromNew: false,
    runningNotDeclared: false,
    revision: null,
    owners: [],
    managedBy: none,
    fixAt: 'the fixAt sentence.',
    pods: 0,
    ...over,
  };
}

const ref = (kind: string, name: string, apiVersion = 'apps/v1') => ({
  apiVersion,
  kind,
  name,
  namespace: 'ns',
});
const helm = { tool: 'helm' as const, name: 'shop', namespace: 'ns' };

describe('planTargets', () => {
  it('patches roots, all container lists of one object in one entry, and keeps tags and digests', () => {
    const digest = `sha256:${'c'.repeat(64)}`;
    const out = planTargets([
      f({ object: ref('Deployment', 'web') }),
      f({
        object: ref('Deployment', 'web'),
        container: 'init',
        fieldPath: 'spec.template.spec.initContainers[0].image',
        match: `k8s.gcr.io/busybox@${digest}`,
      }),
      f({ object: ref('Pod', 'bare', 'v1'), fieldPath: 'spec.containers[1].image' }),
      f({
        object: ref('CronJob', 'nightly', 'batch/v1'),
        fieldPath: 'spec.jobTemplate.spec.template.spec.containers[0].image',
      }),
    ]);
    expect(
      out.map((e) => [e.object.name, e.action, e.changes.map((c) => `${c.path} ${c.from} ${c.to}`)]),
    ).toEqual([
      [
        'web',
        'patch',
        [
          '/spec/template/spec/containers/0/image k8s.gcr.io/pause:3.2 registry.k8s.io/pause:3.2',
          `/spec/template/spec/initContainers/0/image k8s.gcr.io/busybox@${digest} registry.k8s.io/busybox@${digest}`,
        ],
      ],
      ['bare', 'patch', ['/spec/containers/1/image k8s.gcr.io/pause:3.2 registry.k8s.io/pause:3.2']],
      [
        'nightly',
        'patch',
        [
          '/spec/jobTemplate/spec/template/spec/containers/0/image k8s.gcr.io/pause:3.2 registry.k8s.io/pause:3.2',
        ],
      ],
    ]);
  });

  it('gives a managed object the command or source to change, and patches it only with --force', () => {
    const findings = [
      f({
        object: ref('Deployment', 'shop'),
        managedBy: helm,
        valuePath: 'image.registry',
        fixAt: 'helm fixAt.',
      }),
      f({
        object: { apiVersion: 'v1', kind: 'Secret', name: 'sh.helm.release.v1.shop.v1', namespace: 'ns' },
        managedBy: helm,
        kind: 'registry',
        match: 'k8s.gcr.io',
        replacement: 'registry.k8s.io',
        fieldPath: 'chart.values.image.registry',
        valuePath: 'image.registry',
      }),
      f({
        object: ref('Deployment', 'argo'),
        managedBy: { ...none, tool: 'argocd', name: 'guestbook' },
        fixAt: 'argo fixAt.',
      }),
    ];
    expect(planTargets(findings).map((e) => [e.object.name, e.action, e.reason, e.command])).toEqual([
      [
        'shop',
        'instead',
        'helm fixAt.',
        [
          'helm',
          'upgrade',
          'shop',
          'CHART',
          '--namespace',
          'ns',
          '--reuse-values',
          '--set',
          'image.registry=registry.k8s.io',
        ],
      ],
      ['argo', 'instead', 'argo fixAt.', null],
    ]);
    const forced = planTargets(findings, { force: true });
    expect(forced.map((e) => [e.object.name, e.action, e.forced, e.warnings.length])).toEqual([
      ['shop', 'patch', true, 1],
      ['argo', 'patch', true, 1],
    ]);
  });

  it('patches the root when a label selector left it out and only its ReplicaSet or pods were selected', () => {
    const deployment = ref('Deployment', 'web');
    const out = planTargets([
      f({ object: ref('ReplicaSet', 'web-1'), owners: [deployment] }),
      f({
        object: ref('Pod', 'web-1-a', 'v1'),
        owners: [ref('ReplicaSet', 'web-1'), deployment],
        container: 'init',
        fieldPath: 'spec.initContainers[0].image',
      }),
    ]);
    expect(out.map((e) => [e.object.kind, e.object.name, e.action, e.changes.map((c) => c.path)])).toEqual([
      [
        'Deployment',
        'web',
        'patch',
        ['/spec/template/spec/containers/0/image', '/spec/template/spec/initContainers/0/image'],
      ],
    ]);
  });

  it("patches a CronJob's jobTemplate for its Job, saying the Job that ran keeps the old image", () => {
    const cronJob = ref('CronJob', 'nightly', 'batch/v1');
    const job = ref('Job', 'nightly-1', 'batch/v1');
    const out = planTargets([
      f({ object: job, owners: [cronJob] }),
      f({
        object: ref('Pod', 'nightly-1-a', 'v1'),
        owners: [job, cronJob],
        fieldPath: 'spec.containers[0].image',
      }),
    ]);
    expect(
      out.map((e) => [e.object.kind, e.action, e.changes.map((c) => c.path), e.warnings.length]),
    ).toEqual([['CronJob', 'patch', ['/spec/jobTemplate/spec/template/spec/containers/0/image'], 1]]);
    expect(out[0]?.warnings[0]).toMatch(/^Job nightly-1 keeps the old image and is not patched/);
    // Found at the CronJob itself: its Pods tell that Jobs ran; without Pods, no Job ran yet.
    const template = 'spec.jobTemplate.spec.template.spec.containers[0].image';
    const [ran, none] = [1, 0].map((pods) =>
      planTargets([f({ object: cronJob, fieldPath: template, pods })]),
    );
    expect(ran?.[0]?.warnings[0]).toMatch(/^The Jobs this CronJob already created keep the old image/);
    expect(none?.[0]?.warnings).toEqual([]);
  });

  it('skips what must not be patched, saying why', () => {
    const out = planTargets([
      f({ object: ref('Job', 'ran', 'batch/v1') }),
      f({ object: ref('Deployment', 'web'), revision: '2', fixAt: 'old revision.' }),
      f({
        object: ref('Pod', 'p', 'v1'),
        runningNotDeclared: true,
        fieldPath: 'status.containerStatuses[0].image',
        fixAt: 'restart.',
      }),
      f({
        object: ref('Pod', 'dbg', 'v1'),
        fieldPath: 'spec.ephemeralContainers[0].image',
        fixAt: 'ephemeral.',
      }),
      f({
        source: 'node',
        object: { apiVersion: 'v1', kind: 'Node', name: 'n1' },
        fixAt: 'Set sandbox_image on n1.',
      }),
    ]);
    expect(out.map((e) => [e.object.name, e.action, e.reason])).toEqual([
      [
        'ran',
        'skip',
        "Job ran was created with this image and a Job's pod template cannot change; change the source that creates it (its CronJob, chart or manifest) and create it again.",
      ],
      ['web', 'skip', 'old revision.'],
      ['p', 'skip', 'restart.'],
      ['dbg', 'skip', 'ephemeral.'],
      ['n1', 'instead', 'Not patchable from the API: Set sandbox_image on n1.'],
    ]);
  });
});

describe('JSON patch operations', () => {
  it('tests every old image before replacing any, and inverts exactly', () => {
    const changes = [
      { container: 'a', path: '/spec/containers/0/image', from: 'k8s.gcr.io/a:1', to: 'registry.k8s.io/a:1' },
      { container: 'b', path: '/spec/containers/1/image', from: 'k8s.gcr.io/b:1', to: 'registry.k8s.io/b:1' },
    ];
    expect(forwardOperations(changes).map((o) => `${o.op} ${o.path} ${o.value}`)).toEqual([
      'test /spec/containers/0/image k8s.gcr.io/a:1',
      'test /spec/containers/1/image k8s.gcr.io/b:1',
      'replace /spec/containers/0/image registry.k8s.io/a:1',
      'replace /spec/containers/1/image registry.k8s.io/b:1',
    ]);
    expect(inverseOperations(changes).map((o) => `${o.op} ${o.value}`)).toEqual([
      'test registry.k8s.io/a:1',
      'test registry.k8s.io/b:1',
      'replace k8s.gcr.io/a:1',
      'replace k8s.gcr.io/b:1',
    ]);
    expect(pointerFor('status.images[0].names')).toBe('/status/images/0/names');
    expect(pointerFor('manifest: spec.x')).toBeNull();
  });

  it('escapes --set values Helm would split', () => {
    expect(helmCommand('r', 'ns', new Map([['a.b', 'x,y\\z']])).slice(-2)).toEqual([
      '--set',
      'a.b=x\\,y\\\\z',
    ]);
  });
});

describe('revert', () => {
  it('puts the old images back at their pointers without touching the patched object', () => {
    const after = {
      spec: { containers: [{ name: 'a', image: 'registry.k8s.io/a:1' }], 'x/y': { '~': 'n' } },
    };
    const before = revert(after, [
      { path: '/spec/containers/0/image', from: 'k8s.gcr.io/a:1' },
      { path: '/spec/x~1y/~0', from: 'o' },
    ]);
    expect(before).toEqual({
      spec: { containers: [{ name: 'a', image: 'k8s.gcr.io/a:1' }], 'x/y': { '~': 'o' } },
    });
    expect(after.spec.containers[0]!.image).toBe('registry.k8s.io/a:1');
  });
});
