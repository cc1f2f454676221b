// kube-scheduler: places Pods on the node (the apiserver's own build).
import { join } from 'node:path';
import { type Daemon, startDaemon, waitReady } from '../daemon.js';
import { writeKubeconfig } from '../kubeconfig.js';
import type { Pki } from '../pki.js';
import { probe } from '../probe.js';

export async function startScheduler(
  input: { stateDir: string; server: string; pki: Pki; bins: { kubeScheduler: string } },
  port: number,
): Promise<Daemon> {
  const kubeconfig = join(input.stateDir, 'kube', 'scheduler.kubeconfig');
  writeKubeconfig(kubeconfig, {
    server: input.server,
    caFile: input.pki.caCert,
    certFile: input.pki.schedulerCert,
    keyFile: input.pki.schedulerKey,
    user: 'system:kube-scheduler',
  });
  const daemon = startDaemon(
    'kube-scheduler',
    input.bins.kubeScheduler,
    [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      '--leader-elect=false',
      '--profiling=false',
    ],
    { log: join(input.stateDir, 'kube', 'kube-scheduler.log') },
  );
  await waitReady(
    daemon,
    async () => (await probe(`https://127.0.0.1:${port}/healthz`, { insecure: true })).status === 200,
    60_000,
  );
  return daemon;
}
