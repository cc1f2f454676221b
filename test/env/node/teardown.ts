// Undoes everything a node changed on the machine, synchronously (it also runs in 'exit' handlers)
// and idempotently (it also runs on a node a killed run left half made). Each step is best effort:
// one failure must not keep the others from running; what failed is returned.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeLayout } from './layout.js';
import { type NodeRecord, processStartTime, removeRecord } from './record.js';

const cgroupV1 = '/sys/fs/cgroup';

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function tryRun(file: string, args: string[]): string | undefined {
  try {
    return execFileSync(file, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 }).toString();
  } catch {
    return undefined;
  }
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** SIGTERM, up to `graceMs`, then SIGKILL; only pids whose command line `mine` accepts. */
export function killSync(pids: number[], mine: (argv: string[]) => boolean, graceMs = 5_000): void {
  const ours = pids.filter((pid) => mine(cmdline(pid)));
  for (const pid of ours) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (ours.some((pid) => processStartTime(pid)) && Date.now() < deadline) sleepSync(100);
  for (const pid of ours) if (processStartTime(pid)) signal(pid, 'SIGKILL');
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone already
  }
}

/** containerd's shims for this node: they name its socket on their command line. */
function shimPids(socket: string): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .filter((pid) => {
      const argv = cmdline(pid);
      return argv[0]?.includes('containerd-shim') === true && argv.includes(socket);
    });
}

/** Containers still known to runc under this node's root (a killed run's), killed and deleted. */
function removeRuncContainers(runcRoot: string): void {
  if (!existsSync(runcRoot)) return;
  for (const namespace of readdirSync(runcRoot)) {
    const root = join(runcRoot, namespace);
    const ids = tryRun('runc', ['--root', root, 'list', '-q'])?.split('\n').filter(Boolean) ?? [];
    for (const id of ids) tryRun('runc', ['--root', root, 'delete', '--force', id]);
  }
}

/** Mount points at or under `dir`, deepest first (octal escapes of mountinfo decoded). */
function mountsUnder(dir: string): string[] {
  const points = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => p !== undefined)
    .map((p) =>
      p.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8))),
    )
    .filter((p) => p === dir || p.startsWith(`${dir}/`));
  return points.sort((a, b) => b.length - a.length);
}

/** Removes a cgroup and its children, deepest first, in each v1 hierarchy. */
function removeCgroups(root: string): void {
  if (!existsSync(cgroupV1)) return;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
    }
    try {
      rmdirSync(dir);
    } catch {
      // a process still inside, or never created
    }
  };
  for (const hierarchy of readdirSync(cgroupV1)) {
    const dir = join(cgroupV1, hierarchy, root);
    if (existsSync(dir)) walk(dir);
  }
}

/** Symlinks the kubelet made in /var/log/containers for this node's containers. */
function removeLogLinks(dir: string): void {
  const links = '/var/log/containers';
  if (!existsSync(links)) return;
  for (const name of readdirSync(links)) {
    try {
      if (readlinkSync(join(links, name)).startsWith(`${dir}/`)) rmSync(join(links, name));
    } catch {
      // not a link
    }
  }
}

/**
 * libcni's cache of each sandbox's results (a fixed /var/lib/cni/results): a sandbox that never got its
 * CNI DEL (a killed run's) leaves its files there. Ours are named after the network or a sandbox of ours.
 */
function removeCniResults(record: NodeRecord): void {
  const results = '/var/lib/cni/results';
  const sandboxes = join(
    nodeLayout(record.stateDir).containerdRoot,
    'io.containerd.grpc.v1.cri',
    'sandboxes',
  );
  const ids = existsSync(sandboxes) ? readdirSync(sandboxes) : [];
  if (!existsSync(results)) return;
  for (const name of readdirSync(results)) {
    const ours =
      name.startsWith(`regshift-${record.id}-`) || ids.some((id) => name === `cni-loopback-${id}-lo`);
    if (ours) rmSync(join(results, name), { force: true });
  }
}

export function teardownNodeSync(record: NodeRecord): void {
  const isKubelet = (argv: string[]): boolean => argv.includes(`--root-dir=${join(record.dir, 'kubelet')}`);
  const isContainerd = (argv: string[]): boolean => argv.includes(join(record.dir, 'containerd.toml'));
  killSync(record.pids.kubelet ? [record.pids.kubelet] : [], isKubelet);
  removeRuncContainers(record.runcRoot);
  killSync(record.pids.containerd ? [record.pids.containerd] : [], isContainerd);
  killSync(shimPids(record.containerdSocket), () => true, 2_000);
  for (const point of mountsUnder(record.dir)) tryRun('umount', ['--lazy', point]);
  if (existsSync(`/sys/class/net/${record.bridge}`)) tryRun('ip', ['link', 'delete', record.bridge]);
  removeCgroups(record.cgroupRoot);
  removeLogLinks(record.dir);
  removeCniResults(record);
  rmSync(record.dir, { recursive: true, force: true });
  for (const dir of [...record.createdDirs].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // not empty: another node uses it now
    }
  }
  removeRecord(record.id);
}
