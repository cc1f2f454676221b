// Starting, finding and stopping a whole environment. Its state (pids, ports, files) lives in one
// directory: `.testenv/` for `npm run testenv:up`, a temporary one for a test run that starts its own.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { type Binaries, resolveBinaries } from './binaries.js';
import { type Daemon, isAlive, stopDaemon } from './daemon.js';
import { startKube } from './kube.js';
import { formatDuration, progress } from './log.js';
import { type NodeInfo, removeLeftoverNodes, startNode, stopNode } from './node/index.js';
import { createPki } from './pki.js';
import { requireSystemTools } from './prereqs.js';
import { probe } from './probe.js';
import { startRegistries, testPassword, testUser } from './registry.js';
import { type EnvVars, envVars, writeEnvSh } from './vars.js';

export interface EnvState {
  stateDir: string;
  startedAt: string;
  daemons: Daemon[];
  binaries: Binaries;
  vars: EnvVars;
  node?: NodeInfo;
}

export interface StartOptions {
  /** testenv:up: the environment outlives the command that starts it. */
  outlivesProcess?: boolean;
  /** The node's containerd sandbox (pause) image, instead of the environment's own (the drill's old-registry one). */
  sandboxImage?: string;
}

/** REGSHIFT_TESTENV_NODE=0 leaves the node out (a machine where it cannot run); tests that need it then fail saying so. */
export const nodeWanted = (): boolean => process.env['REGSHIFT_TESTENV_NODE'] !== '0';

const stateFile = (stateDir: string): string => join(stateDir, 'state.json');

export function readState(stateDir: string): EnvState | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(stateDir), 'utf8')) as EnvState;
  } catch {
    return undefined;
  }
}

/** True when every process of the state runs and the apiserver and registries answer. */
export async function isHealthy(state: EnvState): Promise<boolean> {
  if (!state.daemons.every((d) => isAlive(d.pid) && ownsPid(d))) return false;
  const ca = readFileSync(state.vars.REGSHIFT_TEST_CA_FILE);
  const kubeconfig = JSON.parse(readFileSync(state.vars.KUBECONFIG, 'utf8')) as {
    clusters: { cluster: { server: string } }[];
    users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
  };
  const user = kubeconfig.users[0]!.user;
  const checks = [
    probe(`${kubeconfig.clusters[0]!.cluster.server}/readyz`, {
      ca,
      cert: Buffer.from(user['client-certificate-data'], 'base64'),
      key: Buffer.from(user['client-key-data'], 'base64'),
    }).then((r) => r.status === 200),
    probe(`http://${state.vars.REGSHIFT_TEST_REGISTRY}/v2/`).then((r) => r.status === 200),
    probe(`https://${state.vars.REGSHIFT_TEST_REGISTRY_TLS}/v2/`, { ca }).then((r) => r.status === 200),
    probe(`https://${state.vars.REGSHIFT_TEST_REGISTRY_TOKEN}/v2/`, { ca }).then((r) => r.status === 401),
    probe(`https://${state.vars.REGSHIFT_TEST_REGISTRY_BASIC}/v2/`, { ca }).then((r) => r.status === 401),
  ];
  const results = await Promise.all(checks.map((c) => c.catch(() => false)));
  return results.every(Boolean);
}

/** A recorded pid may have been reused by an unrelated process after a reboot: check it is ours. */
function ownsPid(daemon: Daemon): boolean {
  try {
    return readFileSync(`/proc/${daemon.pid}/cmdline`, 'utf8').split('\0')[0] === daemon.file;
  } catch {
    return process.platform !== 'linux';
  }
}

/** The environment recorded in `stateDir`, if it is up and answering. */
export async function findRunning(stateDir: string): Promise<EnvState | undefined> {
  const state = readState(stateDir);
  if (!state) return undefined;
  return (await isHealthy(state).catch(() => false)) ? state : undefined;
}

/** `daemons` receives each process as it starts, so a caller can kill them if it is interrupted. */
export async function startEnvironment(
  stateDir: string,
  daemons: Daemon[] = [],
  options: StartOptions = {},
): Promise<EnvState> {
  const began = Date.now();
  const system = requireSystemTools();
  const binaries = await resolveBinaries(system);
  // Leftovers of an environment that died are stopped and forgotten.
  const old = readState(stateDir);
  if (old) await stopDaemons(old);
  removeLeftoverNodes(stateDir);
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });

  progress(`starting etcd, kube-apiserver, kube-controller-manager and 4 registries in ${stateDir}`);
  const pki = await createPki(system.openssl, join(stateDir, 'pki'));
  const [kube, registries] = await Promise.allSettled([
    startKube(stateDir, binaries, pki, daemons),
    startRegistries(stateDir, system, pki, daemons),
  ]);
  if (kube.status === 'rejected' || registries.status === 'rejected') {
    await stopDaemons({ daemons });
    const reasons = [kube, registries].filter((r) => r.status === 'rejected').map((r) => String(r.reason));
    throw new Error(`test environment failed to start:\n${reasons.join('\n')}`);
  }

  const binDir = join(stateDir, 'bin');
  mkdirSync(binDir);
  for (const [name, target] of [
    ['kubectl', binaries.kubectl],
    ['helm', binaries.helm],
    ['crane', binaries.crane],
    ['kyverno', binaries.kyverno],
    ['gator', binaries.gator],
    ['skopeo', binaries.skopeo],
  ] as const) {
    symlinkSync(target, join(binDir, name));
  }
  const certDir = join(stateDir, 'certs.d');
  mkdirSync(certDir);
  copyFileSync(pki.caCert, join(certDir, 'ca.crt'));

  let node: NodeInfo | undefined;
  if (nodeWanted()) {
    const nodeBegan = Date.now();
    try {
      node = await startNode(
        {
          stateDir,
          server: kube.value.server,
          pki,
          registries: registries.value,
          kubectl: binaries.kubectl,
          kubeconfig: kube.value.kubeconfig,
          bins: binaries,
          outlivesProcess: options.outlivesProcess === true,
          ...(options.sandboxImage ? { sandboxImage: options.sandboxImage } : {}),
        },
        daemons,
      );
    } catch (error) {
      await stopDaemons({ daemons });
      throw new Error(
        `test environment: the node failed to start (REGSHIFT_TESTENV_NODE=0 leaves it out): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    progress(`node ${node.name} Ready in ${formatDuration(Date.now() - nodeBegan)}`);
  }

  const vars = envVars({
    kubeconfig: kube.value.kubeconfig,
    registries: registries.value,
    user: testUser,
    password: testPassword,
    caFile: pki.caCert,
    certDir,
    binDir,
    node: node && { name: node.name, hostsDir: node.hostsDir, pauseImage: node.pauseImage },
  });
  const state: EnvState = { stateDir, startedAt: new Date().toISOString(), daemons, binaries, vars, node };
  writeFileSync(stateFile(stateDir), `${JSON.stringify(state, null, 2)}\n`);
  writeEnvSh(join(stateDir, 'env.sh'), vars);
  progress(`environment up in ${formatDuration(Date.now() - began)} (${kube.value.server})`);
  return state;
}

/**
 * The controllers first (nothing recreates Pods), then the node (Pods, kubelet, sandboxes, containerd),
 * then the rest, etcd last so the apiserver does not spend its shutdown retrying it.
 */
async function stopDaemons(
  state: Pick<EnvState, 'daemons'> & Partial<Pick<EnvState, 'node' | 'binaries' | 'vars'>>,
): Promise<void> {
  const { daemons } = state;
  const named = (...names: string[]): Daemon[] => daemons.filter((d) => names.includes(d.name));
  if (state.node && state.binaries && state.vars) {
    await Promise.all(named('kube-controller-manager', 'kube-scheduler').map((d) => stopDaemon(d)));
    await stopNode(state.node.record, state.binaries.kubectl, state.vars.KUBECONFIG);
  }
  await Promise.all(daemons.filter((d) => d.name !== 'etcd').map((d) => stopDaemon(d)));
  await Promise.all(named('etcd').map((d) => stopDaemon(d)));
}

export async function stopEnvironment(
  stateDir: string,
  options: { remove?: boolean } = {},
): Promise<boolean> {
  const state = readState(stateDir);
  if (state) await stopDaemons(state);
  removeLeftoverNodes(stateDir);
  if (options.remove) rmSync(stateDir, { recursive: true, force: true });
  else if (existsSync(stateFile(stateDir))) rmSync(stateFile(stateDir));
  return state !== undefined;
}
