/**
 * Find and parse kubeconfig files as kubectl does, into @kubernetes/client-node's own types (its
 * config_types module). Not its KubeConfig class: that module imports the generated API client, about
 * 70 MiB of memory and a second of start-up that a scan, which only needs the credentials, never uses.
 */
import { accessSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import type { Cluster, Context, User } from '@kubernetes/client-node/dist/config_types.js';
import { newClusters, newContexts, newUsers } from '@kubernetes/client-node/dist/config_types.js';
import { RegshiftError } from '../errors.js';

export type { Cluster, Context, User };

export interface Kubeconfig {
  clusters: Cluster[];
  users: User[];
  contexts: Context[];
  currentContext: string | undefined;
}

const serviceAccount = '/var/run/secrets/kubernetes.io/serviceaccount';
const maxKubeconfigBytes = 16 * 1024 * 1024;

function exists(file: string): boolean {
  try {
    accessSync(file);
    return true;
  } catch {
    return false;
  }
}

async function parseText(text: string): Promise<Record<string, unknown>> {
  const trimmed = text.trimStart();
  // JSON is YAML too, but the YAML parser is only loaded when the file needs it.
  if (trimmed.startsWith('{')) return JSON.parse(trimmed) as Record<string, unknown>;
  const { parse } = await import('yaml');
  return (parse(text) ?? {}) as Record<string, unknown>;
}

const absolute = (root: string, file: string | undefined) =>
  file === undefined || file === null || isAbsolute(file) ? file : join(root, file);

/** One file; relative certificate paths are relative to the file, as kubectl reads them. */
async function loadFile(file: string): Promise<Kubeconfig> {
  const bytes = readFileSync(file);
  if (bytes.length > maxKubeconfigBytes)
    throw new RegshiftError('KUBECONFIG_INVALID', `kubeconfig ${file} is larger than 16 MiB`);
  let doc: Record<string, unknown>;
  try {
    doc = await parseText(bytes.toString('utf8'));
  } catch (error) {
    throw new RegshiftError(
      'KUBECONFIG_INVALID',
      `kubeconfig ${file} is not YAML: ${(error as Error).message}`,
    );
  }
  const root = dirname(file);
  const clusters = newClusters(doc['clusters']);
  for (const c of clusters) c.caFile = absolute(root, c.caFile);
  const users = newUsers(doc['users']);
  for (const u of users) {
    u.certFile = absolute(root, u.certFile);
    u.keyFile = absolute(root, u.keyFile);
  }
  const current = doc['current-context'];
  return {
    clusters,
    users,
    contexts: newContexts(doc['contexts']),
    currentContext: typeof current === 'string' && current !== '' ? current : undefined,
  };
}

/** $KUBECONFIG's files merged as kubectl merges them: the first to name a context, cluster or user wins. */
function merge(configs: Kubeconfig[]): Kubeconfig {
  const first = <T extends { name: string }>(lists: T[][]) => {
    const seen = new Map<string, T>();
    for (const list of lists) for (const item of list) if (!seen.has(item.name)) seen.set(item.name, item);
    return [...seen.values()];
  };
  return {
    clusters: first(configs.map((c) => c.clusters)),
    users: first(configs.map((c) => c.users)),
    contexts: first(configs.map((c) => c.contexts)),
    currentContext: configs.find((c) => c.currentContext !== undefined)?.currentContext,
  };
}

/** The pod's ServiceAccount, as client-go's in-cluster config reads it. */
function inCluster(): Kubeconfig | undefined {
  const host = process.env['KUBERNETES_SERVICE_HOST'];
  const port = process.env['KUBERNETES_SERVICE_PORT'];
  if (!host || !port || !exists(`${serviceAccount}/token`)) return undefined;
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let namespace: string | undefined;
  try {
    namespace = readFileSync(`${serviceAccount}/namespace`, 'utf8').trim() || undefined;
  } catch {}
  return {
    clusters: [{ name: 'inCluster', server, caFile: `${serviceAccount}/ca.crt`, skipTLSVerify: false }],
    // The token file is read again as the kubelet rotates it (client-node's FileAuth, every minute).
    users: [
      {
        name: 'inClusterUser',
        authProvider: { name: 'tokenFile', config: { tokenFile: `${serviceAccount}/token` } },
      },
    ],
    contexts: [
      {
        name: 'in-cluster',
        cluster: 'inCluster',
        user: 'inClusterUser',
        ...(namespace ? { namespace } : {}),
      },
    ],
    currentContext: 'in-cluster',
  };
}

/** `file`, else $KUBECONFIG, else ~/.kube/config, else the in-cluster ServiceAccount. */
export async function loadKubeconfig(file: string | undefined): Promise<Kubeconfig> {
  if (file !== undefined) {
    if (!exists(file))
      throw new RegshiftError('KUBECONFIG_NOT_FOUND', `kubeconfig ${file} does not exist`, {
        hint: 'Pass --kubeconfig a file kubectl can use, or leave it out to use $KUBECONFIG or ~/.kube/config.',
      });
    return loadFile(file);
  }
  const fromEnv = (process.env['KUBECONFIG'] ?? '').split(delimiter).filter((f) => f !== '');
  // kubectl skips $KUBECONFIG files that do not exist.
  const files = fromEnv.filter(exists);
  if (fromEnv.length > 0 && files.length > 0) return merge(await Promise.all(files.map(loadFile)));
  const home = process.env['HOME'] || homedir();
  const own = join(home, '.kube', 'config');
  if (fromEnv.length === 0 && exists(own)) return loadFile(own);
  const pod = inCluster();
  if (pod) return pod;
  throw new RegshiftError('KUBECONFIG_NOT_FOUND', 'no kubeconfig found and not running in a cluster', {
    hint: 'Set KUBECONFIG, create ~/.kube/config, or pass --kubeconfig FILE.',
  });
}
