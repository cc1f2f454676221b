// Every program the environment runs or hands to tests: Go tools from the cache (built when
// missing), Debian ones from PATH, and the machine's kubectl when its version is close enough.
import { run } from './exec.js';
import { progress } from './log.js';
import { type SystemTools, which } from './prereqs.js';
import { ensureBinaries, goTools, toolVersion } from './tools.js';

export interface Binaries {
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager: string;
  kubectl: string;
  kubelet: string;
  kubeScheduler: string;
  helm: string;
  crane: string;
  kyverno: string;
  gator: string;
  skopeo: string;
  registry: string;
}

function minorOf(version: string): number {
  return Number.parseInt(version.replace(/^v/, '').split('.')[1] ?? '', 10);
}

/** kubectl supports servers one minor version older or newer than itself. */
async function machineKubectl(serverVersion: string): Promise<string | undefined> {
  const path = which('kubectl');
  if (!path) return undefined;
  try {
    const { stdout } = await run(path, ['version', '--client', '-o', 'json']);
    const client = (JSON.parse(stdout) as { clientVersion?: { gitVersion?: string } }).clientVersion
      ?.gitVersion;
    if (client && Math.abs(minorOf(client) - minorOf(serverVersion)) <= 1) return path;
    progress(
      `kubectl ${client ?? '?'} at ${path} is too far from ${serverVersion}; using one built from source`,
    );
  } catch {
    // unusable kubectl: build one
  }
  return undefined;
}

export async function resolveBinaries(system: SystemTools): Promise<Binaries> {
  const kubeVersion = toolVersion(goTools.kube);
  const kubectl = await machineKubectl(kubeVersion);
  // One `go build` for whichever are missing: a cold cache builds all of them together, a cache that
  // predates the node gains only the kubelet and the scheduler.
  const node = ['kubelet', 'kube-scheduler'] as const;
  const kube = await ensureBinaries(
    goTools.kube,
    kubectl
      ? ['kube-apiserver', 'kube-controller-manager', ...node]
      : ['kube-apiserver', 'kube-controller-manager', 'kubectl', ...node],
  );
  const { etcd } = await ensureBinaries(goTools.etcd, ['etcd']);
  const { helm } = await ensureBinaries(goTools.helm, ['helm']);
  const { crane } = await ensureBinaries(goTools.crane, ['crane']);
  const { kyverno } = await ensureBinaries(goTools.kyverno, ['kyverno']);
  const { gator } = await ensureBinaries(goTools.gator, ['gator']);
  // The referrer tests' tools, found by those tests in the cache: built here, up front, because a cold
  // cosign build (~11 min on 2 cores) would outlast a test hook's timeout.
  await ensureBinaries(goTools.ocireg, ['ocireg']);
  await ensureBinaries(goTools.cosign, ['cosign']);
  return {
    etcd: etcd!,
    kubeApiserver: kube['kube-apiserver']!,
    kubeControllerManager: kube['kube-controller-manager']!,
    kubectl: kubectl ?? kube['kubectl']!,
    kubelet: kube['kubelet']!,
    kubeScheduler: kube['kube-scheduler']!,
    helm: helm!,
    crane: crane!,
    kyverno: kyverno!,
    gator: gator!,
    skopeo: system.skopeo,
    registry: system.registry,
  };
}
