// Every node this machine runs is recorded in /run (gone at reboot, like the mounts and links it
// lists), so a later start can undo what a killed run left behind: a record whose owner is gone.
import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const recordsDir = '/run/regshift-testenv/nodes';

export interface NodeRecord {
  /** Random hex: names the bridge, the CNI network and the cgroup root, so nodes never share them. */
  id: string;
  /** The environment's state directory, and the node's own under it. */
  stateDir: string;
  dir: string;
  bridge: string;
  cidr: string;
  /** Parent cgroup of everything the kubelet runs, in each cgroup v1 hierarchy. */
  cgroupRoot: string;
  /** While this process lives (same start time) the node is in use; after, anyone may clean it. */
  owner: { pid: number; startTime: string };
  /** Machine directories that did not exist before this node (removed again when empty). */
  createdDirs: string[];
  pids: { containerd?: number; kubelet?: number };
  /** Where containerd (and so its shims) listen: shims are found by this address. */
  containerdSocket: string;
  runcRoot: string;
}

const recordFile = (id: string): string => join(recordsDir, `${id}.json`);

export function writeRecord(record: NodeRecord): void {
  mkdirSync(recordsDir, { recursive: true, mode: 0o700 });
  writeFileSync(recordFile(record.id), `${JSON.stringify(record, null, 2)}\n`);
}

export function removeRecord(id: string): void {
  rmSync(recordFile(id), { force: true });
  // The directories go with the last record.
  for (const dir of [recordsDir, dirname(recordsDir)]) {
    try {
      rmdirSync(dir);
    } catch {
      // another node's record is there
    }
  }
}

export function listRecords(): NodeRecord[] {
  let names: string[];
  try {
    names = readdirSync(recordsDir).filter((n) => /^[0-9a-f]{8}\.json$/.test(n));
  } catch {
    return [];
  }
  const records: NodeRecord[] = [];
  for (const name of names) {
    try {
      records.push(JSON.parse(readFileSync(join(recordsDir, name), 'utf8')) as NodeRecord);
    } catch {
      // half-written by a killed run: nothing recorded yet that could be undone
    }
  }
  return records;
}

/** Field 22 of /proc/<pid>/stat: with the pid, it names one process for the machine's uptime. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

export function ownerAlive(record: NodeRecord): boolean {
  return processStartTime(record.owner.pid) === record.owner.startTime;
}
