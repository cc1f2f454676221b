// The kubelet, as this machine allows it (root in a container, cgroup v1 without systemd, no
// CAP_SYS_RESOURCE): cgroupfs under the node's own cgroup root, no iptables chains, no swap check.
// It runs in its own mount namespace where shadow files cover the three kernel settings it insists
// on writing, so the machine's /proc/sys is never changed; its volume mounts still reach containerd
// because the node's directory is a shared mount.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Daemon, startDaemon, waitReady } from '../daemon.js';
import { writeKubeconfig } from '../kubeconfig.js';
import { nodeName, type Pki } from '../pki.js';
import type { NodeLayout } from './layout.js';

/** What the kubelet writes at start (kernel defaults it expects); each gets a private shadow. */
export const shadowedSysctls = ['vm/overcommit_memory', 'kernel/panic', 'kernel/panic_on_oops'];

/**
 * The node takes only Pods of namespaces that opt in (PodTolerationRestriction's default tolerations,
 * see test/env/index.ts): every other test's Pods stay Pending, as they were before the node existed.
 */
export const nodeTaint = { key: 'regshift.test/node', value: 'opt-in', effect: 'NoSchedule' } as const;

export interface KubeletOptions {
  server: string;
  pki: Pki;
  cgroupRoot: string;
  port: number;
  healthzPort: number;
}

function config(layout: NodeLayout, options: KubeletOptions): object {
  return {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    address: '127.0.0.1',
    port: options.port,
    readOnlyPort: 0,
    healthzBindAddress: '127.0.0.1',
    healthzPort: options.healthzPort,
    tlsCertFile: options.pki.kubeletServingCert,
    tlsPrivateKeyFile: options.pki.kubeletServingKey,
    // Only holders of a certificate from the test CA (the apiserver, the admin) reach it.
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: false },
      x509: { clientCAFile: options.pki.caCert },
    },
    authorization: { mode: 'AlwaysAllow' },
    containerRuntimeEndpoint: `unix://${layout.containerdSocket}`,
    cgroupDriver: 'cgroupfs',
    cgroupRoot: options.cgroupRoot,
    failCgroupV1: false,
    failSwapOn: false,
    oomScoreAdj: 0,
    makeIPTablesUtilChains: false,
    registerWithTaints: [nodeTaint],
    podLogsDir: layout.podLogsDir,
    volumePluginDir: join(layout.kubeletRoot, 'volume-plugins'),
    serializeImagePulls: false,
    // Other work shares this disk and memory: evict nothing of ours for it.
    evictionHard: { 'memory.available': '1Mi', 'nodefs.available': '1%', 'imagefs.available': '1%' },
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    // In the service range, never answered: Pods here resolve nothing, and ClusterFirst needs an address.
    clusterDNS: ['10.0.0.10'],
    clusterDomain: 'cluster.local',
    syncFrequency: '10s',
    nodeStatusUpdateFrequency: '4s',
  };
}

export function startKubelet(binary: string, layout: NodeLayout, options: KubeletOptions): Daemon {
  mkdirSync(layout.kubeletDir, { recursive: true });
  mkdirSync(layout.kubeletRoot, { recursive: true });
  const configFile = join(layout.kubeletDir, 'config.json');
  writeFileSync(configFile, `${JSON.stringify(config(layout, options), null, 2)}\n`);
  const kubeconfig = join(layout.kubeletDir, 'kubeconfig');
  writeKubeconfig(kubeconfig, {
    server: options.server,
    caFile: options.pki.caCert,
    certFile: options.pki.kubeletClientCert,
    keyFile: options.pki.kubeletClientKey,
    user: `system:node:${nodeName}`,
  });
  const binds = shadowedSysctls.map((key, i) => {
    const shadow = join(layout.kubeletDir, `sysctl-${key.replace('/', '.')}`);
    writeFileSync(shadow, '0\n');
    return `mount --bind "$${i + 1}" /proc/sys/${key}`;
  });
  const shadows = shadowedSysctls.map((key) => join(layout.kubeletDir, `sysctl-${key.replace('/', '.')}`));
  const args = [
    `--config=${configFile}`,
    `--kubeconfig=${kubeconfig}`,
    `--root-dir=${layout.kubeletRoot}`,
    `--cert-dir=${join(layout.kubeletDir, 'pki')}`,
    `--hostname-override=${nodeName}`,
    '--v=1',
  ];
  // --propagation unchanged: the node's shared directory stays shared, everything else stays private.
  const script = `${binds.join(' && ')} && shift ${shadows.length} && exec "$@"`;
  const daemon = startDaemon(
    'kubelet',
    'unshare',
    [
      '--mount',
      '--propagation',
      'unchanged',
      '--',
      'sh',
      '-c',
      script,
      'kubelet',
      ...shadows,
      binary,
      ...args,
    ],
    { log: join(layout.dir, 'kubelet.log') },
  );
  return { ...daemon, file: binary };
}

export async function waitKubeletHealthy(daemon: Daemon, healthzPort: number): Promise<void> {
  await waitReady(
    daemon,
    async () => (await fetch(`http://127.0.0.1:${healthzPort}/healthz`)).status === 200,
    60_000,
  );
}
