// One Kubernetes node for the environment: containerd + runc (Debian), a kubelet and the scheduler
// (built with the apiserver). startNode records every machine change before making it, so
// teardownNodeSync can undo a node that a killed run left behind; see test/env/README.md.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Daemon } from '../daemon.js';
import { run } from '../exec.js';
import { progress } from '../log.js';
import { nodeName, type Pki } from '../pki.js';
import { freePorts } from '../ports.js';
import type { RegistryHosts } from '../registry.js';
import { startContainerd } from './containerd.js';
import { refuseUnlistedRegistries, trustRegistry } from './hosts.js';
import { startKubelet, waitKubeletHealthy } from './kubelet.js';
import { nodeLayout } from './layout.js';
import { freePodCidr, writeCniConfig } from './network.js';
import { pushPauseImage } from './pause.js';
import { listRecords, type NodeRecord, ownerAlive, processStartTime, writeRecord } from './record.js';
import { startScheduler } from './scheduler.js';
import { teardownNodeSync } from './teardown.js';

export { trustRegistry } from './hosts.js';
export { nodeTaint } from './kubelet.js';
export type { NodeRecord } from './record.js';
export { teardownNodeSync } from './teardown.js';

export interface NodeInput {
  stateDir: string;
  server: string;
  pki: Pki;
  registries: RegistryHosts;
  kubectl: string;
  kubeconfig: string;
  bins: { kubelet: string; kubeScheduler: string; crane: string };
  /** testenv:up: the node outlives this process (it is stale only once containerd is gone). */
  outlivesProcess: boolean;
  /** containerd's sandbox_image, when not the environment's pause image (which workloads still use). */
  sandboxImage?: string;
}

export interface NodeInfo {
  record: NodeRecord;
  name: string;
  pauseImage: string;
  /** containerd's hosts.toml directory, for registries a test starts itself. */
  hostsDir: string;
}

/** Machine directories containerd, CNI and the kubelet create when missing. */
const machineDirs = [
  '/run/containerd',
  '/run/containerd/s',
  '/var/lib/cni',
  '/var/lib/cni/results',
  '/var/log/containers',
];

/** Undoes the nodes of runs that were killed, and any earlier node of this state directory. */
export function removeLeftoverNodes(stateDir: string): void {
  for (const record of listRecords()) {
    if (record.stateDir !== stateDir && ownerAlive(record)) continue;
    progress(`removing the node a previous run left (${record.dir})`);
    teardownNodeSync(record);
  }
}

function self(): NodeRecord['owner'] {
  return { pid: process.pid, startTime: processStartTime(process.pid) ?? '' };
}

export async function startNode(input: NodeInput, daemons: Daemon[]): Promise<NodeInfo> {
  removeLeftoverNodes(input.stateDir);
  const layout = nodeLayout(input.stateDir);
  const id = randomBytes(4).toString('hex');
  const record: NodeRecord = {
    id,
    stateDir: input.stateDir,
    dir: layout.dir,
    bridge: `rsn${id}`,
    cidr: freePodCidr(),
    cgroupRoot: `/regshift-${id}`,
    owner: self(),
    createdDirs: machineDirs.filter((dir) => !existsSync(dir)),
    pids: {},
    containerdSocket: layout.containerdSocket,
    runcRoot: layout.runcRoot,
  };
  writeRecord(record);
  try {
    mkdirSync(layout.dir, { recursive: true });
    // A shared mount: what the kubelet mounts in its own namespace (volumes) reaches containerd.
    await run('mount', ['--bind', layout.dir, layout.dir]);
    await run('mount', ['--make-shared', layout.dir]);
    for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
      mkdirSync(join('/sys/fs/cgroup', hierarchy, record.cgroupRoot), { recursive: true });
    }
    writeCniConfig(layout.cniConfDir, layout.dir, id, record.bridge, record.cidr);
    refuseUnlistedRegistries(layout.hostsDir);
    trustRegistry(layout.hostsDir, input.registries.plain, { plainHttp: true });
    for (const tls of [input.registries.tls, input.registries.token, input.registries.basic]) {
      trustRegistry(layout.hostsDir, tls, { caFile: input.pki.caCert });
    }
    const pauseImage = `${input.registries.plain}/regshift-testenv/pause:1`;
    await pushPauseImage(input.bins.crane, pauseImage, layout.dir);

    const containerd = await startContainerd(layout, input.sandboxImage ?? pauseImage);
    daemons.push(containerd);
    record.pids.containerd = containerd.pid;
    if (input.outlivesProcess) {
      record.owner = { pid: containerd.pid, startTime: processStartTime(containerd.pid) ?? '' };
    }
    writeRecord(record);

    const [schedulerPort, kubeletPort, healthzPort] = (await freePorts(3)) as [number, number, number];
    daemons.push(await startScheduler(input, schedulerPort));
    const kubelet = startKubelet(input.bins.kubelet, layout, {
      server: input.server,
      pki: input.pki,
      cgroupRoot: record.cgroupRoot,
      port: kubeletPort,
      healthzPort,
    });
    daemons.push(kubelet);
    record.pids.kubelet = kubelet.pid;
    writeRecord(record);
    await waitKubeletHealthy(kubelet, healthzPort);
    await waitNodeReady(input.kubectl, input.kubeconfig, 90_000);
    return { record, name: nodeName, pauseImage, hostsDir: layout.hostsDir };
  } catch (error) {
    teardownNodeSync(record);
    throw error;
  }
}

async function waitNodeReady(kubectl: string, kubeconfig: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const { stdout } = await run(kubectl, [
        `--kubeconfig=${kubeconfig}`,
        'get',
        'node',
        nodeName,
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="Ready")].message}',
      ]);
      last = stdout;
      if (stdout.startsWith('True')) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(500);
  }
  throw new Error(`node ${nodeName} not Ready after ${timeoutMs / 1000}s: ${last}`);
}

/**
 * Pods first (the kubelet stops their containers and sandboxes, and CNI releases their addresses),
 * then the kubelet, whatever sandboxes remain, containerd and the machine changes. The caller has
 * stopped the controllers and the scheduler, so nothing comes back.
 */
export async function stopNode(record: NodeRecord, kubectl: string, kubeconfig: string): Promise<void> {
  // Already removed (as a killed run's leftover): no kubelet is left to stop the Pods.
  if (!listRecords().some((r) => r.id === record.id)) return;
  try {
    await run(
      kubectl,
      [
        `--kubeconfig=${kubeconfig}`,
        'delete',
        'pods',
        '--all-namespaces',
        // Only this node's: Pods that tests bind to made-up nodes would wait for a kubelet that never comes.
        `--field-selector=spec.nodeName=${nodeName}`,
        '--grace-period=1',
        '--timeout=30s',
      ],
      { timeoutMs: 40_000 },
    );
  } catch (error) {
    progress(`not every Pod stopped before the node did: ${error instanceof Error ? error.message : error}`);
  }
  teardownNodeSync(record);
}
