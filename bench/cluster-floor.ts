// The floor under any client of `bench cluster`: curl fetching the same lists, unpaged, one after another
// on one connection, its body written to a file and nothing else done with it. As JSON that is what
// kubectl asks the apiserver to serialise; as Kubernetes protobuf, what regshift asks for. The gap between
// a tool and its floor is the tool's own work; the floor itself is the apiserver's encoding and the copy.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKubeconfig } from '../src/cluster/kubeconfig-file.js';
import type { Command } from './lib/timing.js';

/** The kinds kubectl is given in the benchmark, as collection paths. */
export const floorPaths = [
  '/api/v1/pods',
  '/apis/apps/v1/deployments',
  '/apis/apps/v1/statefulsets',
  '/apis/apps/v1/daemonsets',
  '/apis/apps/v1/replicasets',
  '/apis/batch/v1/jobs',
  '/apis/batch/v1/cronjobs',
];

/** The current context's server, CA and client certificate as files curl reads (in `dir`, mode 0600). */
export async function curlCredentials(
  dir: string,
): Promise<{ server: string; args: string[]; files: [ca: string, cert: string, key: string] }> {
  const kc = await loadKubeconfig(process.env['KUBECONFIG']);
  const context = kc.contexts.find((c) => c.name === kc.currentContext);
  const cluster = kc.clusters.find((c) => c.name === context?.cluster);
  const user = kc.users.find((u) => u.name === context?.user);
  if (!cluster?.caData || !user?.certData || !user.keyData)
    throw new Error(
      'bench cluster: the floor needs the test environment kubeconfig (embedded CA and client certificate)',
    );
  mkdirSync(dir, { recursive: true });
  const file = (name: string, base64: string) => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.from(base64, 'base64'), { mode: 0o600 });
    chmodSync(path, 0o600);
    return path;
  };
  const files: [string, string, string] = [
    file('ca.crt', cluster.caData),
    file('client.crt', user.certData),
    file('client.key', user.keyData),
  ];
  return {
    server: cluster.server.replace(/\/$/, ''),
    args: ['--cacert', files[0], '--cert', files[1], '--key', files[2]],
    files,
  };
}

export function curlFloor(
  credentials: { server: string; args: string[] },
  accept: string,
  stdoutPath: string,
  cwd: string,
): Command {
  return {
    cmd: 'curl',
    args: [
      '--silent',
      '--fail',
      '--http1.1',
      ...credentials.args,
      '-H',
      `Accept: ${accept}`,
      ...floorPaths.map((p) => `${credentials.server}${p}`),
    ],
    cwd,
    stdoutPath,
  };
}
