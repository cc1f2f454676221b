// Where one node keeps its files: everything under <state dir>/node, so removing that directory
// (after unmounting what is mounted in it) removes the node.
import { join } from 'node:path';

export interface NodeLayout {
  dir: string;
  containerdRoot: string;
  containerdState: string;
  /** Short enough for a unix socket path (108 bytes) from any state directory we create. */
  containerdSocket: string;
  runcRoot: string;
  cniConfDir: string;
  /** containerd's registry config_path: one <host:port>/hosts.toml per registry. */
  hostsDir: string;
  kubeletRoot: string;
  kubeletDir: string;
  podLogsDir: string;
}

export function nodeLayout(stateDir: string): NodeLayout {
  const dir = join(stateDir, 'node');
  return {
    dir,
    containerdRoot: join(dir, 'containerd', 'root'),
    containerdState: join(dir, 'containerd', 'state'),
    containerdSocket: join(dir, 'containerd.sock'),
    runcRoot: join(dir, 'runc'),
    cniConfDir: join(dir, 'cni'),
    hostsDir: join(dir, 'hosts.d'),
    kubeletRoot: join(dir, 'kubelet'),
    kubeletDir: join(dir, 'kubelet-config'),
    podLogsDir: join(dir, 'pod-logs'),
  };
}
