// The drill's sandbox step (needs the node: containerd + kubelet): a node whose pause (sandbox) image is
// on the old registry cannot start any Pod, the kubelet says FailedCreatePodSandBox, and `regshift
// cluster` reports it with the hosts involved. containerd reads sandbox_image only at start, so this
// runs a second environment beside the first (as test/env/node.env.test.ts does), whose containerd
// names the old-registry front's pause image; it is stopped and removed whole at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterReport } from '../../src/cluster-report.js';
import { runCli } from '../cli/run.js';
import { kube, until } from '../cluster/helpers/kube.js';
import { type EnvState, startEnvironment, stopEnvironment } from '../env/environment.js';
import { nodeNamespaceAnnotations, requireNode, testEnv, trustRegistry } from '../env/index.js';
import type { Front } from '../registry/stubs/fronts.js';
import { startOldRegistry } from './old-front.js';

requireNode(testEnv());
const dir = mkdtempSync(join(tmpdir(), 'regshift-drill-sandbox-'));
let state: EnvState;
let front: Front;
let blocked: string;
let sandboxImage: string;

beforeAll(async () => {
  ({ front, blocked } = await startOldRegistry());
  sandboxImage = `${front.host}/pause:3.2`;
  state = await startEnvironment(dir, [], { sandboxImage });
  const node = state.node;
  if (!node) throw new Error('the second environment started without its node');
  // Read on the next pull: containerd speaks plain HTTP to the front, which redirects to `blocked`.
  trustRegistry(node.hostsDir, front.host, { plainHttp: true });
}, 180_000);

afterAll(async () => {
  await stopEnvironment(dir, { remove: true });
  await front?.close();
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('a node whose pause image is on the old registry', () => {
  it('gives FailedCreatePodSandBox for any Pod, and cluster reports it with the hosts', async () => {
    const env = testEnv({ ...process.env, ...state.vars });
    const { kubectl } = kube(env);
    const annotations = Object.entries(nodeNamespaceAnnotations).map(([k, v]) => `${k}=${v}`);
    await kubectl('annotate', 'namespace', 'default', ...annotations);
    await until('the default ServiceAccount', () =>
      kubectl('get', 'serviceaccount', 'default').then(
        () => true,
        () => undefined,
      ),
    );
    // Its own image is fine (the environment's registry): only the sandbox cannot be had.
    await kubectl('run', 'web', `--image=${state.vars.REGSHIFT_TEST_PAUSE_IMAGE}`, '--restart=Never');
    const message = await until(
      'a FailedCreatePodSandBox event',
      async () => {
        const { stdout } = await kubectl(
          'get',
          'events',
          '--field-selector=reason=FailedCreatePodSandBox,involvedObject.name=web',
          '-o',
          'jsonpath={range .items[*]}{.message}{"\\n"}{end}',
        );
        return stdout || undefined;
      },
      90_000,
    );
    expect(message).toContain(sandboxImage);
    expect(message).toContain(blocked);

    const result = await runCli(
      ['cluster', '--kubeconfig', env.kubeconfig, '-n', 'default', '--rule', `${front.host}=registry.k8s.io`],
      { cwd: dir, env: { HOME: dir } },
    );
    const json = await runCli(
      [
        'cluster',
        '--kubeconfig',
        env.kubeconfig,
        '-n',
        'default',
        '--rule',
        `${front.host}=registry.k8s.io`,
        '-o',
        'json',
      ],
      { cwd: dir, env: { HOME: dir } },
    );
    expect([result.code, json.code]).toEqual([1, 1]);
    const failures = (JSON.parse(json.stdout) as ClusterReport).pullFailures.filter(
      (f) => f.reason === 'FailedCreatePodSandBox',
    );
    expect(failures.map((f) => [f.object.name, f.image, f.oldRegistry])).toEqual([
      ['web', sandboxImage, true],
    ]);
    expect(failures[0]?.hosts).toEqual(expect.arrayContaining([front.host, blocked]));
    expect(result.stdout).toMatch(
      new RegExp(`web.*FailedCreatePodSandBox.*${sandboxImage.replaceAll('.', '\\.')}`),
    );
  }, 120_000);
});
