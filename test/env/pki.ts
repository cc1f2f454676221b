// A throwaway PKI for one environment: a CA, serving certificates for the apiserver and registries,
// client certificates for the admin and the controller manager, and the signing keys.
// Keys come from node:crypto; openssl only signs certificates (Node cannot issue X.509).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './exec.js';

export interface Pki {
  dir: string;
  caCert: string;
  caKey: string;
  apiserverCert: string;
  apiserverKey: string;
  adminCert: string;
  adminKey: string;
  controllerManagerCert: string;
  controllerManagerKey: string;
  /** Serves the TLS registries and the token issuer. */
  registryCert: string;
  registryKey: string;
  /** Signs registry tokens; the registry trusts it through the CA. */
  tokenCert: string;
  tokenKey: string;
  serviceAccountKey: string;
  serviceAccountPub: string;
  /** The node: the scheduler's client, the kubelet's client and serving pairs, and the apiserver's client to kubelets. */
  schedulerCert: string;
  schedulerKey: string;
  kubeletClientCert: string;
  kubeletClientKey: string;
  kubeletServingCert: string;
  kubeletServingKey: string;
  apiserverKubeletClientCert: string;
  apiserverKubeletClientKey: string;
}

/**
 * The node's name in every environment (each has its own apiserver). The kubelet refuses a loopback
 * node IP, so the apiserver reaches it by this name, which resolves to 127.0.0.1 on any machine.
 */
export const nodeName = 'localhost';

function writeKey(path: string): void {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
}

interface LeafSpec {
  subject: string;
  usage: 'serverAuth' | 'clientAuth' | 'digitalSignature';
  sans?: string[];
}

async function issue(openssl: string, dir: string, name: string, spec: LeafSpec): Promise<void> {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  writeKey(key);
  const lines = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment'];
  if (spec.usage !== 'digitalSignature') lines.push(`extendedKeyUsage=${spec.usage}`);
  if (spec.sans?.length) lines.push(`subjectAltName=${spec.sans.join(',')}`);
  writeFileSync(ext, `${lines.join('\n')}\n`);
  await run(openssl, ['req', '-new', '-key', key, '-subj', spec.subject, '-out', csr]);
  await run(openssl, [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    join(dir, 'ca.crt'),
    '-CAkey',
    join(dir, 'ca.key'),
    '-set_serial',
    `0x${randomBytes(8).toString('hex')}`,
    '-days',
    '30',
    '-sha256',
    '-extfile',
    ext,
    '-out',
    join(dir, `${name}.crt`),
  ]);
}

export async function createPki(openssl: string, dir: string): Promise<Pki> {
  mkdirSync(dir, { recursive: true });
  writeKey(join(dir, 'ca.key'));
  await run(openssl, [
    'req',
    '-x509',
    '-new',
    '-key',
    join(dir, 'ca.key'),
    '-subj',
    '/CN=regshift test CA',
    '-days',
    '30',
    '-sha256',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    '-out',
    join(dir, 'ca.crt'),
  ]);
  const loopback = ['IP:127.0.0.1', 'DNS:localhost'];
  const clusterNames = [
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
  ];
  await Promise.all([
    issue(openssl, dir, 'apiserver', {
      subject: '/CN=kube-apiserver',
      usage: 'serverAuth',
      sans: [...loopback, 'IP:10.0.0.1', ...clusterNames.map((n) => `DNS:${n}`)],
    }),
    issue(openssl, dir, 'admin', { subject: '/O=system:masters/CN=regshift-admin', usage: 'clientAuth' }),
    issue(openssl, dir, 'controller-manager', {
      subject: '/CN=system:kube-controller-manager',
      usage: 'clientAuth',
    }),
    issue(openssl, dir, 'registry', {
      subject: '/CN=regshift test registry',
      usage: 'serverAuth',
      sans: loopback,
    }),
    issue(openssl, dir, 'token', { subject: '/CN=regshift test token signer', usage: 'digitalSignature' }),
    issue(openssl, dir, 'scheduler', { subject: '/CN=system:kube-scheduler', usage: 'clientAuth' }),
    // The Node authorizer knows a kubelet by this subject.
    issue(openssl, dir, 'kubelet-client', {
      subject: `/O=system:nodes/CN=system:node:${nodeName}`,
      usage: 'clientAuth',
    }),
    issue(openssl, dir, 'kubelet-serving', {
      subject: `/CN=${nodeName}`,
      usage: 'serverAuth',
      sans: loopback,
    }),
    // `kubectl logs` and `exec` go through the apiserver to the kubelet with this one.
    issue(openssl, dir, 'apiserver-kubelet-client', {
      subject: '/O=system:masters/CN=kube-apiserver-kubelet-client',
      usage: 'clientAuth',
    }),
  ]);
  writeKey(join(dir, 'sa.key'));
  await run(openssl, ['pkey', '-in', join(dir, 'sa.key'), '-pubout', '-out', join(dir, 'sa.pub')]);
  const p = (file: string) => join(dir, file);
  return {
    dir,
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    apiserverCert: p('apiserver.crt'),
    apiserverKey: p('apiserver.key'),
    adminCert: p('admin.crt'),
    adminKey: p('admin.key'),
    controllerManagerCert: p('controller-manager.crt'),
    controllerManagerKey: p('controller-manager.key'),
    registryCert: p('registry.crt'),
    registryKey: p('registry.key'),
    tokenCert: p('token.crt'),
    tokenKey: p('token.key'),
    serviceAccountKey: p('sa.key'),
    serviceAccountPub: p('sa.pub'),
    schedulerCert: p('scheduler.crt'),
    schedulerKey: p('scheduler.key'),
    kubeletClientCert: p('kubelet-client.crt'),
    kubeletClientKey: p('kubelet-client.key'),
    kubeletServingCert: p('kubelet-serving.crt'),
    kubeletServingKey: p('kubelet-serving.key'),
    apiserverKubeletClientCert: p('apiserver-kubelet-client.crt'),
    apiserverKubeletClientKey: p('apiserver-kubelet-client.key'),
  };
}
