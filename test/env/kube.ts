// The control plane: etcd, kube-apiserver (TLS, RBAC, service-account tokens) and
// kube-controller-manager (the default controllers, so a Deployment gets a ReplicaSet and Pods).
// The scheduler and the kubelet belong to the node (node/), started after this.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Daemon, startDaemon, waitReady } from './daemon.js';
import { writeKubeconfig } from './kubeconfig.js';
import type { Pki } from './pki.js';
import { freePorts } from './ports.js';
import { probe } from './probe.js';

export interface KubeBinaries {
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager: string;
}

export interface Kube {
  server: string;
  kubeconfig: string;
}

const serviceRange = '10.0.0.0/24';

/** Started processes go into `daemons` as they start, so the caller can stop them after a failure. */
export async function startKube(
  stateDir: string,
  bins: KubeBinaries,
  pki: Pki,
  daemons: Daemon[],
): Promise<Kube> {
  const dir = join(stateDir, 'kube');
  mkdirSync(dir, { recursive: true });
  const [etcdClient, etcdPeer, apiPort, kcmPort] = (await freePorts(4)) as [number, number, number, number];

  const etcdUrl = `http://127.0.0.1:${etcdClient}`;
  const peerUrl = `http://127.0.0.1:${etcdPeer}`;
  const etcd = startDaemon(
    'etcd',
    bins.etcd,
    [
      '--name=regshift-test',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=regshift-test=${peerUrl}`,
      // Throwaway data: durability only costs time here.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
    { log: join(dir, 'etcd.log') },
  );
  daemons.push(etcd);
  await waitReady(etcd, async () => (await probe(`${etcdUrl}/health`)).status === 200, 60_000);

  const server = `https://127.0.0.1:${apiPort}`;
  // Metadata-level audit of writes: admission policies in Audit mode record their verdicts here
  // (kube/audit.log, next to the kubeconfig's directory).
  const auditPolicy = join(dir, 'audit-policy.yaml');
  writeFileSync(
    auditPolicy,
    'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n' +
      '  - level: None\n    verbs: [get, list, watch]\n  - level: Metadata\n',
  );
  const apiserver = startDaemon(
    'kube-apiserver',
    bins.kubeApiserver,
    [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      // A loopback advertise address is refused by the lease reconciler; nothing here needs the
      // `kubernetes` Service's endpoints.
      '--endpoint-reconciler-type=none',
      `--secure-port=${apiPort}`,
      `--cert-dir=${join(dir, 'apiserver-certs')}`,
      `--tls-cert-file=${pki.apiserverCert}`,
      `--tls-private-key-file=${pki.apiserverKey}`,
      `--client-ca-file=${pki.caCert}`,
      // Node: the kubelet's own objects; RBAC: everyone else.
      '--authorization-mode=Node,RBAC',
      `--kubelet-client-certificate=${pki.apiserverKubeletClientCert}`,
      `--kubelet-client-key=${pki.apiserverKubeletClientKey}`,
      `--kubelet-certificate-authority=${pki.caCert}`,
      // The node's name (see pki.ts): its InternalIP is a machine address the kubelet does not listen on.
      '--kubelet-preferred-address-types=Hostname',
      `--service-cluster-ip-range=${serviceRange}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.serviceAccountPub}`,
      `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      '--allow-privileged=true',
      // A namespace's default tolerations: how tests opt in to the node (see node/kubelet.ts).
      '--enable-admission-plugins=PodTolerationRestriction',
      '--profiling=false',
      `--audit-policy-file=${auditPolicy}`,
      `--audit-log-path=${join(dir, 'audit.log')}`,
    ],
    { log: join(dir, 'kube-apiserver.log') },
  );
  daemons.push(apiserver);
  const tls = {
    ca: readFileSync(pki.caCert),
    cert: readFileSync(pki.adminCert),
    key: readFileSync(pki.adminKey),
  };
  await waitReady(apiserver, async () => (await probe(`${server}/readyz`, tls)).status === 200, 180_000);

  const kubeconfig = join(stateDir, 'kubeconfig');
  writeKubeconfig(kubeconfig, {
    server,
    caFile: pki.caCert,
    certFile: pki.adminCert,
    keyFile: pki.adminKey,
    user: 'regshift-admin',
  });
  const kcmKubeconfig = join(dir, 'controller-manager.kubeconfig');
  writeKubeconfig(kcmKubeconfig, {
    server,
    caFile: pki.caCert,
    certFile: pki.controllerManagerCert,
    keyFile: pki.controllerManagerKey,
    user: 'system:kube-controller-manager',
  });
  const kcm = startDaemon(
    'kube-controller-manager',
    bins.kubeControllerManager,
    [
      `--kubeconfig=${kcmKubeconfig}`,
      `--authentication-kubeconfig=${kcmKubeconfig}`,
      `--authorization-kubeconfig=${kcmKubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${kcmPort}`,
      `--cert-dir=${join(dir, 'controller-manager-certs')}`,
      '--leader-elect=false',
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${pki.serviceAccountKey}`,
      `--root-ca-file=${pki.caCert}`,
      `--service-cluster-ip-range=${serviceRange}`,
      '--profiling=false',
    ],
    { log: join(dir, 'kube-controller-manager.log') },
  );
  daemons.push(kcm);
  await waitReady(
    kcm,
    async () => (await probe(`https://127.0.0.1:${kcmPort}/healthz`, { insecure: true })).status === 200,
    120_000,
  );
  return { server, kubeconfig };
}
