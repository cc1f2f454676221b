import { describe, expect, it } from 'vitest';
import { buildFindings } from '../../src/cluster/build.js';
import { Collector } from '../../src/cluster/collect.js';
import { podType, workloadTypes } from '../../src/cluster/resources.js';
import { builtinRules, shippedRules } from '../../src/rules/index.js';
import { obj, owner, podSpec, template } from './fixtures.js';

const type = (kind: string) => workloadTypes.find((t) => t.kind === kind)!;
const noValues = () => null;

function rows(c: Collector) {
  return buildFindings(c, noValues).map((f) => ({
    object: `${f.object.kind}/${f.object.name}`,
    container: f.container,
    image: f.image,
    pods: f.pods,
    owners: f.owners.map((o) => `${o.kind}/${o.name}`),
    fieldPath: f.fieldPath,
    fixAt: f.fixAt,
    imageID: f.imageID,
    runningFromNew: f.runningFromNew,
  }));
}

describe('buildFindings', () => {
  it('gives a tag a move left behind no replacement, with the reason, and marks it report-only', () => {
    const c = new Collector('ctx', shippedRules(['bitnami']));
    c.addWorkload(
      type('Deployment'),
      obj('apps/v1', 'Deployment', 'db', {
        spec: template({ old: 'bitnami/postgresql:11.14.0-debian-10-r22', new: 'bitnami/postgresql:16.2.0' }),
      }),
    );
    const found = buildFindings(c, noValues);
    const byImage = Object.fromEntries(found.map((f) => [f.image, f]));
    expect(byImage['bitnami/postgresql:11.14.0-debian-10-r22']).toMatchObject({
      replacement: null,
      note: expect.stringContaining('this tag (11.14.0-debian-10-r22) was not copied'),
      action: 'report',
    });
    expect(byImage['bitnami/postgresql:16.2.0']!.replacement).toBe('bitnamilegacy/postgresql:16.2.0');
  });

  it('gives one finding per (root, container, image) and counts the pods, whatever order the lists come in', () => {
    const dep = obj('apps/v1', 'Deployment', 'web', {
      spec: template({ app: 'k8s.gcr.io/app:1', side: 'docker.io/x:1' }),
    });
    const rs = obj('apps/v1', 'ReplicaSet', 'web-1', {
      owners: [owner(dep)],
      spec: template({ app: 'k8s.gcr.io/app:1' }),
    });
    const pods = [1, 2, 3].map((i) =>
      obj('v1', 'Pod', `web-1-${i}`, {
        owners: [owner(rs)],
        spec: podSpec({ app: 'k8s.gcr.io/app:1' }),
        status: {
          containerStatuses: [{ name: 'app', imageID: `registry.k8s.io/app@sha256:${'a'.repeat(64)}` }],
        },
      }),
    );
    for (const order of ['pods first', 'pods last']) {
      const c = new Collector('ctx', builtinRules);
      if (order === 'pods first') for (const p of pods) c.addPod(p);
      c.addWorkload(type('ReplicaSet'), rs);
      c.addWorkload(type('Deployment'), dep);
      if (order === 'pods last') for (const p of pods) c.addPod(p);
      expect(rows(c)).toEqual([
        {
          object: 'Deployment/web',
          container: 'app',
          image: 'k8s.gcr.io/app:1',
          pods: 3,
          owners: [],
          fieldPath: 'spec.template.spec.containers[0].image',
          fixAt: 'Change spec.template.spec.containers[0].image of Deployment default/web.',
          imageID: `registry.k8s.io/app@sha256:${'a'.repeat(64)}`,
          runningFromNew: true,
        },
      ]);
    }
  });

  it('traces CronJob → Job → Pod, and init and ephemeral containers of bare pods', () => {
    const cj = obj('batch/v1', 'CronJob', 'nightly', {
      spec: {
        jobTemplate: {
          spec: {
            template: { spec: podSpec({}, { initContainers: [{ name: 'i', image: 'k8s.gcr.io/i:1' }] }) },
          },
        },
      },
    });
    const job = obj('batch/v1', 'Job', 'nightly-1', {
      owners: [owner(cj)],
      spec: { template: { spec: podSpec({}, { initContainers: [{ name: 'i', image: 'k8s.gcr.io/i:1' }] }) } },
    });
    const jobPod = obj('v1', 'Pod', 'nightly-1-x', {
      owners: [owner(job)],
      spec: podSpec({}, { initContainers: [{ name: 'i', image: 'k8s.gcr.io/i:1' }] }),
    });
    const bare = obj('v1', 'Pod', 'debug', {
      spec: podSpec(
        { main: 'k8s.gcr.io/main:1' },
        { ephemeralContainers: [{ name: 'dbg', image: 'k8s.gcr.io/busybox' }] },
      ),
    });
    const c = new Collector('ctx', builtinRules);
    c.addPod(jobPod);
    c.addPod(bare);
    c.addWorkload(type('Job'), job);
    c.addWorkload(type('CronJob'), cj);
    expect(rows(c).map((r) => [r.object, r.container, r.pods, r.owners, r.fieldPath, r.fixAt])).toEqual([
      [
        'CronJob/nightly',
        'i',
        1,
        [],
        'spec.jobTemplate.spec.template.spec.initContainers[0].image',
        'Change spec.jobTemplate.spec.template.spec.initContainers[0].image of CronJob default/nightly.',
      ],
      [
        'Pod/debug',
        'main',
        1,
        [],
        'spec.containers[0].image',
        'Recreate bare Pod default/debug with the new image at spec.containers[0].image: nothing else owns it.',
      ],
      [
        'Pod/debug',
        'dbg',
        1,
        [],
        'spec.ephemeralContainers[0].image',
        'Nothing to change for ephemeral container dbg of bare Pod default/debug: it goes away when the pod is recreated.',
      ],
    ]);
  });

  it('stops at an owner it does not know (an operator CR) and names it in fixAt', () => {
    const cr = obj('example.com/v1', 'Database', 'orders');
    const dep = obj('apps/v1', 'Deployment', 'orders-db', {
      owners: [owner(cr)],
      spec: template({ db: 'k8s.gcr.io/db:1' }),
    });
    const c = new Collector('ctx', builtinRules);
    c.addWorkload(type('Deployment'), dep);
    expect(rows(c).map((r) => [r.object, r.owners, r.fixAt])).toEqual([
      [
        'Deployment/orders-db',
        ['Database/orders'],
        'Change the image in Database default/orders (example.com/v1): its controller writes Deployment default/orders-db and puts the old image back.',
      ],
    ]);
  });

  it('points static pods at the node manifest directory', () => {
    const pod = obj('v1', 'Pod', 'etcd-node1', {
      namespace: 'kube-system',
      owners: [{ apiVersion: 'v1', kind: 'Node', name: 'node1', uid: 'node-uid', controller: true }],
      spec: podSpec({ etcd: 'k8s.gcr.io/etcd:3.5.0' }),
    });
    const c = new Collector('ctx', builtinRules);
    c.addPod(pod);
    expect(rows(c).map((r) => [r.object, r.owners, r.pods, r.fixAt])).toEqual([
      [
        'Pod/etcd-node1',
        ['Node/node1'],
        1,
        "Edit the static pod manifest of Pod kube-system/etcd-node1 in the kubelet's manifest directory on node node1 (usually /etc/kubernetes/manifests).",
      ],
    ]);
  });

  it('takes the manager nearest the root and names the Helm value path', () => {
    const dep = obj('apps/v1', 'Deployment', 'api', {
      annotations: { 'meta.helm.sh/release-name': 'shop', 'meta.helm.sh/release-namespace': 'default' },
      spec: template({ api: 'k8s.gcr.io/api:2' }),
    });
    const c = new Collector('ctx', builtinRules);
    c.addWorkload(type('Deployment'), dep);
    const [f] = buildFindings(c, (release, image) =>
      release?.name === 'shop' && image === 'k8s.gcr.io/api:2' ? 'image.registry' : null,
    );
    expect(f!.managedBy).toEqual({
      tool: 'helm',
      name: 'shop',
      namespace: 'default',
      evidence: 'annotation meta.helm.sh/release-name',
    });
    expect(f!.fixAt).toBe(
      'Change `image.registry` in the values of Helm release default/shop, then helm upgrade it.',
    );
  });

  it('leaves images that no rule matches alone, and counts every pod', () => {
    const c = new Collector('ctx', builtinRules);
    c.addPod(obj('v1', 'Pod', 'a', { spec: podSpec({ a: 'registry.k8s.io/a:1' }) }));
    expect(rows(c)).toEqual([]);
    expect([c.pods, c.objects]).toEqual([1, 0]);
    expect(podType.podSpec).toEqual(['spec']);
  });
});
