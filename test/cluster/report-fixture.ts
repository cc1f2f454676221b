// A constructed ClusterReport for the renderer tests: two clusters, a group of two findings under one
// fixAt, a node image, a Helm value, a pull failure whose message breaks lines and holds a pipe, a problem.
import type { ClusterReport } from '../../src/cluster-report.js';
import type { ClusterFinding } from '../../src/findings.js';

const none = { tool: null, name: null, namespace: null };

function finding(
  over: Partial<ClusterFinding> & Pick<ClusterFinding, 'cluster' | 'object' | 'fixAt' | 'match'>,
) {
  const base: ClusterFinding = {
    source: 'cluster',
    kind: 'image',
    image: over.match,
    replacement: over.match.replace('k8s.gcr.io', 'registry.k8s.io'),
    rule: 'k8s.gcr.io',
    valuePath: null,
    runningNotDeclared: false,
    revision: null,
    namespace: over.object.namespace ?? null,
    container: 'app',
    fieldPath: 'spec.template.spec.containers[0].image',
    imageID: null,
    runningFromNew: false,
    owners: [],
    managedBy: none,
    pods: 0,
    ...over,
  };
  return base;
}

const deploy =
  'Change the pod template of Deployment shop/web (container app); its pods still run the old image.';
const helm = 'Change `image.registry` in the values of Helm release shop/cart, then helm upgrade it.';
const node = `Set the pause image on node n1 to registry.k8s.io/pause:3.6: containerd sandbox_image, CRI-O pause_image or kubelet --pod-infra-container-image.`;

export const fixAts = { deploy, helm, node };

export function clusterReport(): ClusterReport {
  const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' };
  return {
    tool: { name: 'regshift', version: '0.0.0' },
    clusters: [
      {
        name: 'prod',
        server: 'https://prod',
        reachable: true,
        objects: 10,
        pods: 7,
        podsWithFindings: 3,
        nodes: 1,
        helmReleases: 1,
      },
      {
        name: 'staging',
        server: 'https://staging',
        reachable: true,
        objects: 2,
        pods: 0,
        podsWithFindings: 1,
        nodes: 0,
        helmReleases: 0,
      },
    ],
    findings: [
      finding({
        cluster: 'prod',
        object: web,
        fixAt: deploy,
        match: 'k8s.gcr.io/pause:3.2',
        pods: 3,
        runningFromNew: true,
        imageID: 'registry.k8s.io/pause@sha256:aa',
      }),
      finding({
        cluster: 'prod',
        object: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', namespace: 'shop' },
        owners: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }],
        fixAt: deploy,
        container: 'init',
        fieldPath: 'spec.template.spec.initContainers[0].image',
        match: 'k8s.gcr.io/busybox:1.28',
      }),
      finding({
        cluster: 'prod',
        object: { apiVersion: 'v1', kind: 'Secret', name: 'sh.helm.release.v1.cart.v2', namespace: 'shop' },
        managedBy: { tool: 'helm', name: 'cart', namespace: 'shop' },
        fixAt: helm,
        container: null,
        fieldPath: 'config.image.registry',
        kind: 'registry',
        match: 'k8s.gcr.io',
        image: 'k8s.gcr.io/cart:1',
        replacement: 'registry.k8s.io',
      }),
      finding({
        cluster: 'prod',
        source: 'node',
        object: { apiVersion: 'v1', kind: 'Node', name: 'n1' },
        fixAt: node,
        container: null,
        fieldPath: 'status.images[0].names',
        match: 'k8s.gcr.io/pause:3.6',
      }),
      finding({ cluster: 'staging', object: web, fixAt: deploy, match: 'k8s.gcr.io/pause:3.2', pods: 1 }),
    ],
    pullFailures: [
      {
        cluster: 'prod',
        namespace: 'shop',
        object: { apiVersion: 'v1', kind: 'Pod', name: 'web-1-a', namespace: 'shop' },
        container: null,
        reason: 'FailedCreatePodSandBox',
        message: 'failed to pull image "k8s.gcr.io/pause:3.6": 403 | Forbidden\nretrying',
        image: 'k8s.gcr.io/pause:3.6',
        hosts: ['k8s.gcr.io', 'registry.k8s.io'],
        oldRegistry: true,
        from: 'event',
        count: 2,
      },
    ],
    errors: [
      {
        cluster: 'staging',
        path: '*/secrets',
        code: 'FORBIDDEN',
        message: 'not allowed to list secrets',
      },
    ],
    summary: {
      clusters: 2,
      objects: 12,
      pods: 7,
      podsWithFindings: 4,
      nodes: 1,
      helmReleases: 1,
      findings: 5,
      pullFailures: 1,
    },
  };
}
