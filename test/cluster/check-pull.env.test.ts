// --check-pull on the real apiserver: a namespace no node takes means "not scheduled"; on the
// environment's node (the last two tests need it) a real pull decides; the pod is deleted every time.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPull, clientsFromKubeconfig, type KubeClient } from '../../src/cluster/index.js';
import { nodeNamespaceAnnotations, requireNode, testEnv } from '../env/index.js';
import { kube, until } from './helpers/kube.js';

const env = testEnv();
const { kubectl, apply } = kube(env);
const ns = `cp-${randomBytes(3).toString('hex')}`;
const nodeNs = `${ns}-node`;
const node = requireNode(env);
let client: KubeClient;

beforeAll(async () => {
  await kubectl('create', 'namespace', ns);
  const tolerations = Object.entries(nodeNamespaceAnnotations).map(([k, v]) => `    ${k}: '${v}'`);
  await apply(
    `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${nodeNs}\n  annotations:\n${tolerations.join('\n')}\n`,
  );
  for (const n of [ns, nodeNs]) {
    await until('the default ServiceAccount', () =>
      kubectl('-n', n, 'get', 'serviceaccount', 'default').then(
        () => true,
        () => undefined,
      ),
    );
  }
  [client] = (await clientsFromKubeconfig({ kubeconfig: env.kubeconfig })) as [KubeClient];
});

afterAll(async () => {
  await client.close?.();
  await kubectl('delete', 'namespace', ns, nodeNs, '--wait=false').catch(() => undefined);
});

const podsLeft = async (n = ns) => (await kubectl('-n', n, 'get', 'pods', '-o', 'name')).stdout.trim();

describe('checkPull', () => {
  it('reports "not scheduled" when no node takes the pod, and deletes it', async () => {
    const r = await checkPull({ client, namespace: ns, timeoutMs: 2000, pollMs: 200 });
    expect([r.outcome, r.image, r.node, r.deleted]).toEqual([
      'not-scheduled',
      'registry.k8s.io/pause:3.10',
      null,
      true,
    ]);
    expect(await podsLeft()).toBe('');
  });

  // On the environment's node (these two need it): real pulls, real kubelet statuses.
  it('reports a real pull failure with its hosts, and deletes the pod', async () => {
    const r = await checkPull({
      client,
      image: 'k8s.gcr.io/pause:3.2',
      namespace: nodeNs,
      timeoutMs: 60_000,
      pollMs: 200,
    });
    // The node sends registries it has no hosts.toml for to 127.0.0.1:9 (test/env/README.md).
    expect([r.outcome, r.node, r.deleted]).toEqual(['pull-failed', node.name, true]);
    expect(r.reason).toMatch(/^(ErrImagePull|ImagePullBackOff|Failed)$/);
    expect(r.message).toContain('dial tcp 127.0.0.1:9');
    expect(r.hosts).toEqual(expect.arrayContaining(['k8s.gcr.io', '127.0.0.1:9']));
    expect(await podsLeft(nodeNs)).toBe('');
  }, 90_000);

  it('reports running when the node pulls and runs the image', async () => {
    const r = await checkPull({
      client,
      image: node.pauseImage,
      namespace: nodeNs,
      timeoutMs: 60_000,
      pollMs: 200,
    });
    expect([r.outcome, r.node, r.deleted]).toEqual(['running', node.name, true]);
    expect(await podsLeft(nodeNs)).toBe('');
  }, 90_000);
});
