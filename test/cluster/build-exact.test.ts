// The cluster report made exact: pods counted once, a Deployment's old ReplicaSets folded into it,
// images only pod status shows, and Helm releases whose storage could not be read.
import { describe, expect, it } from 'vitest';
import { buildFindings } from '../../src/cluster/build.js';
import { Collector } from '../../src/cluster/collect.js';
import { workloadTypes } from '../../src/cluster/resources.js';
import { builtinRules } from '../../src/rules/index.js';
import { obj, owner, podSpec, template } from './fixtures.js';

const type = (kind: string) => workloadTypes.find((t) => t.kind === kind)!;
const revision = (n: string) => ({ 'deployment.kubernetes.io/revision': n });

describe('exact cluster findings', () => {
  it('counts a pod with two old containers once', () => {
    const c = new Collector('ctx', builtinRules);
    c.addPod(obj('v1', 'Pod', 'two', { spec: podSpec({ a: 'k8s.gcr.io/a:1', b: 'k8s.gcr.io/b:1' }) }));
    c.addPod(obj('v1', 'Pod', 'none', { spec: podSpec({ a: 'registry.k8s.io/a:1' }) }));
    const found = buildFindings(c, () => null);
    expect(found.map((f) => f.pods)).toEqual([1, 1]);
    expect([c.pods, c.podsWithFindings]).toEqual([2, 1]);
  });

  it('folds old ReplicaSets into their Deployment with the newest revision that names the image', () => {
    const dep = obj('apps/v1', 'Deployment', 'web', { spec: template({ app: 'registry.k8s.io/app:1' }) });
    const old1 = obj('apps/v1', 'ReplicaSet', 'web-1', {
      owners: [owner(dep)],
      annotations: revision('1'),
      spec: { replicas: 0, ...template({ app: 'k8s.gcr.io/app:1' }) },
    });
    const old2 = obj('apps/v1', 'ReplicaSet', 'web-2', {
      owners: [owner(dep)],
      annotations: revision('2'),
      spec: { replicas: 0, ...template({ app: 'k8s.gcr.io/app:1' }) },
    });
    const current = obj('apps/v1', 'ReplicaSet', 'web-3', {
      owners: [owner(dep)],
      annotations: revision('3'),
      spec: template({ app: 'registry.k8s.io/app:1' }),
    });
    const c = new Collector('ctx', builtinRules);
    for (const o of [dep, old1, old2, current]) c.addWorkload(type(o.kind!), o);
    const found = buildFindings(c, () => null);
    expect(found.map((f) => [f.object.kind, f.object.name, f.owners, f.revision, f.fixAt])).toEqual([
      [
        'Deployment',
        'web',
        [],
        '2',
        'Nothing to change in Deployment default/web: only its revision 2 (ReplicaSet web-2) names the image; a rollback to it would bring the image back.',
      ],
    ]);
  });

  it('keeps an ownerless ReplicaSet as its own root', () => {
    const rs = obj('apps/v1', 'ReplicaSet', 'solo', { spec: template({ app: 'k8s.gcr.io/app:1' }) });
    const c = new Collector('ctx', builtinRules);
    c.addWorkload(type('ReplicaSet'), rs);
    const [f] = buildFindings(c, () => null);
    expect([f!.object.name, f!.revision, f!.fixAt]).toEqual([
      'solo',
      null,
      'Change spec.template.spec.containers[0].image of ReplicaSet default/solo.',
    ]);
  });

  it('reports an image only pod status shows as running-not-declared, and not when the spec names it', () => {
    const rs = obj('apps/v1', 'ReplicaSet', 'solo', { spec: template({ app: 'registry.k8s.io/app:2' }) });
    const pod = obj('v1', 'Pod', 'solo-a', {
      owners: [owner(rs)],
      spec: podSpec({ app: 'registry.k8s.io/app:2' }),
      status: {
        containerStatuses: [
          { name: 'app', image: 'k8s.gcr.io/app:1', imageID: `k8s.gcr.io/app@sha256:${'b'.repeat(64)}` },
        ],
      },
    });
    const declared = obj('v1', 'Pod', 'plain', {
      spec: podSpec({ app: 'k8s.gcr.io/app:1' }),
      status: { containerStatuses: [{ name: 'app', image: 'k8s.gcr.io/app:1' }] },
    });
    const c = new Collector('ctx', builtinRules);
    c.addWorkload(type('ReplicaSet'), rs);
    c.addPod(pod);
    c.addPod(declared);
    const found = buildFindings(c, () => null);
    expect(
      found.map((f) => [f.object.name, f.fieldPath, f.runningNotDeclared, f.imageID, f.pods, f.fixAt]),
    ).toEqual([
      [
        'solo-a',
        'status.containerStatuses[0].image',
        true,
        `k8s.gcr.io/app@sha256:${'b'.repeat(64)}`,
        1,
        'Running, not declared: Pod default/solo-a still runs this image although the spec names another; restart them (kubectl rollout restart, or delete the pods) so ReplicaSet default/solo recreates them from its spec.',
      ],
      [
        'plain',
        'spec.containers[0].image',
        false,
        null,
        1,
        'Recreate bare Pod default/plain with the new image at spec.containers[0].image: nothing else owns it.',
      ],
    ]);
    expect(c.podsWithFindings).toBe(2);
  });

  it('says a Helm release could not be read, rather than that its values do not set the image', () => {
    const dep = obj('apps/v1', 'Deployment', 'shop', {
      annotations: { 'meta.helm.sh/release-name': 'shop', 'meta.helm.sh/release-namespace': 'default' },
      spec: template({ app: 'k8s.gcr.io/app:1' }),
    });
    const c = new Collector('ctx', builtinRules);
    c.addWorkload(type('Deployment'), dep);
    const lookup = Object.assign(() => null, {
      unread: () => 'regshift needs list on secrets in namespace default',
    });
    const [f] = buildFindings(c, lookup);
    expect(f!.fixAt).toBe(
      "Change the image in Helm release default/shop's values or chart, then helm upgrade it: the release could not be read (regshift needs list on secrets in namespace default), so which value sets it is unknown.",
    );
  });
});

describe('Jobs of a CronJob', () => {
  it('says a Job from an earlier template needs nothing changed in its CronJob', () => {
    const cron = obj('batch/v1', 'CronJob', 'nightly', {
      spec: { jobTemplate: { spec: template({ job: 'registry.k8s.io/busybox:1.28' }) } },
    });
    const job = obj('batch/v1', 'Job', 'nightly-1', {
      owners: [owner(cron)],
      spec: template({ job: 'k8s.gcr.io/busybox:1.28' }),
    });
    const c = new Collector('ctx', builtinRules);
    c.addWorkload(type('CronJob'), cron);
    c.addWorkload(type('Job'), job);
    const [f] = buildFindings(c, () => null);
    expect([f!.object.name, f!.owners.map((o) => o.name), f!.fixAt]).toEqual([
      'nightly-1',
      ['nightly'],
      "Nothing to change in CronJob default/nightly: only Job default/nightly-1, created from an earlier template, names the image; it goes with the CronJob's job history (or delete it).",
    ]);
  });
});
