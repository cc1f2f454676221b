// containerd for one node: its own root, state, socket and runc root under the node's directory, the
// overlayfs snapshotter, the CNI bridge, per-registry hosts.toml and the environment's pause image.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Daemon, startDaemon, waitReady } from '../daemon.js';
import { run } from '../exec.js';
import type { NodeLayout } from './layout.js';
import { cniBinDir } from './network.js';

export function containerdConfig(layout: NodeLayout, sandboxImage: string): string {
  const q = JSON.stringify;
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  return `version = 2
root = ${q(layout.containerdRoot)}
state = ${q(layout.containerdState)}
# Plugins this node does not use and that would otherwise touch machine-wide paths.
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.tracing.processor.v1.otlp"]

[grpc]
  address = ${q(layout.containerdSocket)}

[plugins."io.containerd.internal.v1.opt"]
  path = ${q(join(layout.containerdRoot, 'opt'))}

[${cri}]
  sandbox_image = ${q(sandboxImage)}
  # No CAP_SYS_RESOURCE here: never lower a container's oom_score_adj below ours.
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  netns_mounts_under_state_dir = true

[${cri}.containerd]
  snapshotter = "overlayfs"
  default_runtime_name = "runc"

[${cri}.containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"

[${cri}.containerd.runtimes.runc.options]
  SystemdCgroup = false
  Root = ${q(layout.runcRoot)}

[${cri}.cni]
  bin_dir = ${q(cniBinDir)}
  conf_dir = ${q(layout.cniConfDir)}
  max_conf_num = 1

[${cri}.registry]
  config_path = ${q(layout.hostsDir)}
`;
}

export async function startContainerd(layout: NodeLayout, sandboxImage: string): Promise<Daemon> {
  const file = join(layout.dir, 'containerd.toml');
  writeFileSync(file, containerdConfig(layout, sandboxImage));
  const daemon = startDaemon('containerd', 'containerd', ['--config', file, '--log-level', 'warn'], {
    log: join(layout.dir, 'containerd.log'),
  });
  const ready = async (): Promise<boolean> => {
    await run('ctr', ['--address', layout.containerdSocket, 'version']);
    return true;
  };
  await waitReady(daemon, ready, 30_000);
  return daemon;
}
