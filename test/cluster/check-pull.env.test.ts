// --check-pull on the real apiserver: no nodes means "not scheduled"; a kubelet-style status decides
// the other outcomes; the pod is deleted every time.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPull, clientsFromKubeconfig, type KubeClient } from '../../src/cluster/index.js';
import { testEnv } from '../env/index.js';
import { kube, until } from './helpers/kube.js';

const env = testEnv();
const { kubectl } = kube(env);
const ns = `cp-${randomBytes(3).toString('hex')}`;
let client: KubeClient;

beforeAll(async () => {
  await kubectl('create', 'namespace', ns);
  await until('the default ServiceAccount', () =>
    kubectl('-n', ns, 'get', 'serviceaccount', 'default').then(
      () => true,
      () => undefined,
    ),
  );
  [client] = (await clientsFromKubeconfig({ kubeconfig: env.kubeconfig })) as [KubeClient];
});

afterAll(async () => {
  await client.close?.();
  await kubectl('delete', 'namespace', ns, '--wait=false').catch(() => undefined);
});

const podsLeft = async () => (await kubectl('-n', ns, 'get', 'pods', '-o', 'name')).stdout.trim();

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

  it('reports a pull failure with its hosts when the kubelet says ImagePullBackOff', async () => {
    const running = checkPull({
      client,
      image: 'k8s.gcr.io/pause:3.2',
      namespace: ns,
      timeoutMs: 30_000,
      pollMs: 200,
    });
    const name = await until(
      'the check pod',
      async () => (await podsLeft()).replace('pod/', '') || undefined,
    );
    const message =
      'Back-off pulling image "k8s.gcr.io/pause:3.2": Get "https://registry.k8s.io/v2/": 403 Forbidden';
    await kubectl(
      '-n',
      ns,
      'patch',
      'pod',
      name,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({
        status: {
          containerStatuses: [
            {
              name: 'check',
              image: 'k8s.gcr.io/pause:3.2',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'ImagePullBackOff', message } },
            },
          ],
        },
      }),
    );
    const r = await running;
    expect([r.outcome, r.reason, r.message, r.hosts, r.deleted]).toEqual([
      'pull-failed',
      'ImagePullBackOff',
      message,
      ['k8s.gcr.io', 'registry.k8s.io'],
      true,
    ]);
  });

  it('reports running when the pod runs', async () => {
    const running = checkPull({ client, namespace: ns, timeoutMs: 30_000, pollMs: 200 });
    const name = await until(
      'the check pod',
      async () => (await podsLeft()).replace('pod/', '') || undefined,
    );
    await kubectl(
      '-n',
      ns,
      'patch',
      'pod',
      name,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status: { phase: 'Running' } }),
    );
    const r = await running;
    expect([r.outcome, r.deleted]).toEqual(['running', true]);
  });
});
