// The environment's node (needs it: containerd + kubelet): Pods of namespaces that opt in run from the
// environment's registry, logs and exec reach them through the apiserver, every other Pod stays
// Pending, nothing pulls from off the machine, and a node's teardown (orderly, or after its run was
// killed) leaves nothing behind on the machine.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kube, until } from '../cluster/helpers/kube.js';
import { type EnvState, startEnvironment, stopEnvironment } from './environment.js';
import { run } from './exec.js';
import { nodeNamespaceAnnotations, requireNode, testEnv } from './index.js';
import { removeLeftoverNodes } from './node/index.js';
import { listRecords, type NodeRecord, writeRecord } from './node/record.js';

const env = testEnv();
const node = requireNode(env);
const { kubectl, apply } = kube(env);
const id = randomBytes(3).toString('hex');
const onNode = `node-${id}`;
const offNode = `off-node-${id}`;

const phaseAndWaiting = async (ns: string, pod: string) =>
  (
    await kubectl(
      '-n',
      ns,
      'get',
      'pod',
      pod,
      '-o',
      'jsonpath={.status.phase} {.status.containerStatuses[0].state.waiting.reason}',
    )
  ).stdout.trim();

beforeAll(async () => {
  const annotations = Object.entries(nodeNamespaceAnnotations).map(([k, v]) => `    ${k}: '${v}'`);
  await apply(
    `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${onNode}\n  annotations:\n${annotations.join('\n')}\n`,
  );
  await kubectl('create', 'namespace', offNode);
  for (const ns of [onNode, offNode]) {
    await until(`${ns}'s ServiceAccount`, () =>
      kubectl('-n', ns, 'get', 'serviceaccount', 'default').then(
        () => true,
        () => undefined,
      ),
    );
  }
});

afterAll(async () => {
  await kubectl('delete', 'namespace', onNode, offNode, '--wait=false').catch(() => undefined);
});

describe('the node', () => {
  it('runs a Pod from the environment registry; logs and exec go through the apiserver', async () => {
    await kubectl(
      '-n',
      onNode,
      'run',
      'hello',
      `--image=${node.pauseImage}`,
      '--restart=Never',
      '--',
      'hello-node',
    );
    await kubectl('-n', onNode, 'wait', '--for=condition=Ready', 'pod/hello', '--timeout=60s');
    expect((await kubectl('-n', onNode, 'logs', 'hello')).stdout).toBe('hello-node\n');
    expect((await kubectl('-n', onNode, 'exec', 'hello', '--', '/pause', 'echo', 'from-exec')).stdout).toBe(
      'from-exec\n',
    );
  }, 90_000);

  it('takes no Pod from a namespace that did not opt in, and pulls nothing from off the machine', async () => {
    await kubectl('-n', offNode, 'run', 'stays', `--image=${node.pauseImage}`, '--restart=Never');
    await kubectl('-n', onNode, 'run', 'far', '--image=registry.k8s.io/pause:3.10', '--restart=Never');
    await until('the pull to fail', async () =>
      /ErrImagePull|ImagePullBackOff/.test(await phaseAndWaiting(onNode, 'far')) ? true : undefined,
    );
    const events = (await kubectl('-n', onNode, 'get', 'events', '--field-selector=involvedObject.name=far'))
      .stdout;
    expect(events).toContain('dial tcp 127.0.0.1:9');
    expect(await phaseAndWaiting(offNode, 'stays')).toBe('Pending');
  }, 90_000);
});

describe('a second node beside it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regshift-testenv-node-'));
  let state: EnvState;
  let record: NodeRecord;

  afterAll(async () => {
    await stopEnvironment(dir, { remove: true });
    rmSync(dir, { recursive: true, force: true });
  });

  const cniResults = '/var/lib/cni/results';
  const traces = (r: NodeRecord) => ({
    mounts: readFileSync('/proc/self/mountinfo', 'utf8').includes(r.dir),
    bridge: existsSync(`/sys/class/net/${r.bridge}`),
    cgroups: readdirSync('/sys/fs/cgroup').some((h) => existsSync(join('/sys/fs/cgroup', h, r.cgroupRoot))),
    dir: existsSync(r.dir),
    record: listRecords().some((other) => other.id === r.id),
    cniResults: (existsSync(cniResults) ? readdirSync(cniResults) : []).some((n) =>
      n.startsWith(`regshift-${r.id}-`),
    ),
  });

  it('starts with its own bridge, address range and cgroup root', async () => {
    state = await startEnvironment(dir);
    record = state.node!.record;
    expect(record.cidr).not.toBe(listRecords().find((r) => r.id !== record.id)?.cidr);
    expect(traces(record)).toEqual({
      mounts: true,
      bridge: false,
      cgroups: true,
      dir: true,
      record: true,
      cniResults: false,
    });
  }, 180_000);

  it('is removed whole by the next start once the run that owned it is gone (killed)', async () => {
    const kubeconfig = ['--kubeconfig', state.vars.KUBECONFIG];
    const annotations = Object.entries(nodeNamespaceAnnotations).map(([k, v]) => `${k}=${v}`);
    await run(state.binaries.kubectl, [...kubeconfig, 'annotate', 'namespace', 'default', ...annotations]);
    await until('the default ServiceAccount', () =>
      run(state.binaries.kubectl, [...kubeconfig, 'get', 'serviceaccount', 'default']).then(
        () => true,
        () => undefined,
      ),
    );
    await run(state.binaries.kubectl, [
      ...kubeconfig,
      'run',
      'p',
      `--image=${state.vars.REGSHIFT_TEST_PAUSE_IMAGE}`,
    ]);
    await run(state.binaries.kubectl, [
      ...kubeconfig,
      'wait',
      '--for=condition=Ready',
      'pod/p',
      '--timeout=60s',
    ]);
    expect([traces(record).bridge, traces(record).cniResults]).toEqual([true, true]);
    // As if its run was killed: the recorded owner is a process that has exited.
    const gone = spawnSync('true');
    writeRecord({ ...record, owner: { pid: gone.pid ?? 1, startTime: 'exited' } });
    removeLeftoverNodes(join(tmpdir(), 'another-environment'));
    expect(traces(record)).toEqual({
      mounts: false,
      bridge: false,
      cgroups: false,
      dir: false,
      record: false,
      cniResults: false,
    });
  }, 120_000);
});
