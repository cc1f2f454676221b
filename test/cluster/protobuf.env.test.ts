// Lists of built-in kinds are read as Kubernetes protobuf, decoding only the fields a scan needs: the
// report must be the one JSON lists give, on every fixture kind (all container lists, pod statuses, Helm,
// Argo CD and Flux marks, owners), and the protobuf path must really be taken.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeClient, scanCluster } from '../../src/cluster/index.js';
import { clientsFromKubeconfig } from '../../src/cluster/kubeconfig.js';
import type { ClusterReport } from '../../src/cluster-report.js';
import { testEnv } from '../env/index.js';
import { seed } from '../patch/fixtures.env.js';
import { kube } from './helpers/kube.js';

const env = testEnv();
const { kubectl } = kube(env);
const scratch = mkdtempSync(join(tmpdir(), 'regshift-protobuf-'));
const ns = `pb-${randomBytes(3).toString('hex')}`;
const locked = `${ns}-locked`;

/** The admin client, counting the answers that came as protobuf. */
async function counting(): Promise<{ client: KubeClient; protobuf: () => number }> {
  const [client] = await clientsFromKubeconfig({ kubeconfig: env.kubeconfig });
  let raw = 0;
  const wrapped: KubeClient = {
    name: client!.name,
    server: client!.server,
    request: async (method, path, options) => {
      const res = await client!.request(method, path, options);
      if (res.raw) raw++;
      return res;
    },
    close: () => client!.close?.() ?? Promise.resolve(),
  };
  return { client: wrapped, protobuf: () => raw };
}

const comparable = (r: ClusterReport) => ({
  findings: r.findings,
  pullFailures: r.pullFailures,
  errors: r.errors,
  summary: r.summary,
});

beforeAll(async () => {
  await seed(env, ns, locked, join(scratch, 'shop'));
});

afterAll(async () => {
  for (const n of [ns, locked])
    await kubectl('delete', 'namespace', n, '--wait=false').catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

describe('protobuf lists', () => {
  it('give the report JSON lists give, for every fixture kind', async () => {
    const pb = await counting();
    const fromProtobuf = await scanCluster({ clients: [pb.client], namespaces: [ns, locked] });
    const js = await counting();
    const fromJson = await scanCluster({ clients: [js.client], namespaces: [ns, locked], protobuf: false });
    // Pods, the seven workload kinds: each listed at least once per namespace as protobuf.
    expect(pb.protobuf()).toBeGreaterThanOrEqual(16);
    expect(js.protobuf()).toBe(0);
    expect(fromProtobuf.findings.length).toBeGreaterThan(5);
    expect(comparable(fromProtobuf)).toEqual(comparable(fromJson));
    await pb.client.close?.();
    await js.client.close?.();
  });
});
