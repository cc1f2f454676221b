// Kubeconfig files with embedded certificates, so a copied file keeps working.
import { readFileSync, writeFileSync } from 'node:fs';

export interface KubeconfigSpec {
  server: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  user: string;
}

const b64 = (file: string): string => readFileSync(file).toString('base64');

export function writeKubeconfig(path: string, spec: KubeconfigSpec): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'regshift-test',
        cluster: { server: spec.server, 'certificate-authority-data': b64(spec.caFile) },
      },
    ],
    users: [
      {
        name: spec.user,
        user: { 'client-certificate-data': b64(spec.certFile), 'client-key-data': b64(spec.keyFile) },
      },
    ],
    contexts: [
      { name: 'regshift-test', context: { cluster: 'regshift-test', user: spec.user, namespace: 'default' } },
    ],
    'current-context': 'regshift-test',
  };
  // JSON is valid YAML, and every kube client reads it.
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}
