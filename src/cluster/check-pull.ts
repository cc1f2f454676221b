/** `--check-pull`: run a short-lived pod, watch it until it runs, fails to pull, or times out; always delete it. */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RegshiftError } from '../errors.js';
import { type KubeClient, statusMessage } from './client.js';
import type { KubeObject } from './objects.js';
import { clusterDefaults } from './options.js';
import { hostsIn } from './pulls.js';

export interface CheckPullOptions {
  client: KubeClient;
  image?: string;
  namespace?: string;
  timeoutMs?: number;
  pollMs?: number;
}

export type CheckPullOutcome = 'running' | 'pull-failed' | 'not-scheduled' | 'timeout';

export interface CheckPullResult {
  cluster: string;
  image: string;
  namespace: string;
  pod: string;
  outcome: CheckPullOutcome;
  /** ErrImagePull, ImagePullBackOff, a Failed event's reason… */
  reason: string | null;
  message: string | null;
  hosts: string[];
  node: string | null;
  deleted: boolean;
}

const pullFailures = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

type Verdict = Pick<CheckPullResult, 'outcome' | 'reason' | 'message'>;

/** What a pod's status (and its events) says so far; undefined: keep watching. Pure. */
export function judgePod(pod: KubeObject, events: readonly KubeObject[]): Verdict | undefined {
  const status = (pod.status ?? {}) as {
    phase?: string;
    containerStatuses?: {
      state?: { running?: unknown; terminated?: unknown; waiting?: { reason?: string; message?: string } };
    }[];
  };
  if (status.phase === 'Running' || status.phase === 'Succeeded')
    return { outcome: 'running', reason: null, message: null };
  for (const s of status.containerStatuses ?? []) {
    if (s.state?.running || s.state?.terminated) return { outcome: 'running', reason: null, message: null };
    const w = s.state?.waiting;
    if (w?.reason && pullFailures.has(w.reason))
      return { outcome: 'pull-failed', reason: w.reason, message: w.message ?? null };
  }
  for (const e of events as (KubeObject & { reason?: string; message?: string })[]) {
    if (e.reason === 'Failed' && /pull/i.test(e.message ?? ''))
      return { outcome: 'pull-failed', reason: 'Failed', message: e.message ?? null };
  }
  return undefined;
}

export async function checkPull(options: CheckPullOptions): Promise<CheckPullResult> {
  const { client } = options;
  const image = options.image ?? clusterDefaults.checkImage;
  const namespace = options.namespace ?? clusterDefaults.checkNamespace;
  const timeoutMs = options.timeoutMs ?? clusterDefaults.checkPullTimeoutMs;
  const name = `regshift-check-pull-${randomBytes(3).toString('hex')}`;
  const base = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  const created = await client.request('POST', base, {
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { 'app.kubernetes.io/name': 'regshift-check-pull' } },
      spec: {
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 0,
        automountServiceAccountToken: false,
        // If regshift dies before it deletes the pod, the kubelet still stops it.
        activeDeadlineSeconds: Math.ceil(timeoutMs / 1000) + 60,
        containers: [{ name: 'check', image, imagePullPolicy: 'Always' }],
      },
    },
  });
  if (created.status !== 201) {
    const why = statusMessage(created.body) || `HTTP ${created.status}`;
    throw new RegshiftError(
      'CHECK_PULL_CREATE_FAILED',
      `cannot create a test pod in namespace ${namespace} (context ${client.name}): ${why}`,
      {
        hint:
          created.status === 403
            ? 'Allow create, get and delete on pods there (regshift cluster --print-rbac), or pick another namespace with --check-namespace.'
            : 'Pick an existing namespace with --check-namespace.',
      },
    );
  }
  let verdict: Verdict | undefined;
  let pod = created.body as KubeObject;
  const deadline = Date.now() + timeoutMs;
  let deleted = false;
  try {
    while (!verdict && Date.now() < deadline) {
      await sleep(Math.min(options.pollMs ?? 1000, Math.max(0, deadline - Date.now())));
      const got = await client.request('GET', `${base}/${name}`);
      if (got.status === 200) pod = got.body as KubeObject;
      const events = await client.request(
        'GET',
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`,
        {
          query: { fieldSelector: `involvedObject.name=${name}` },
        },
      );
      verdict = judgePod(
        pod,
        events.status === 200 ? ((events.body as { items?: KubeObject[] }).items ?? []) : [],
      );
    }
  } finally {
    const del = await client
      .request('DELETE', `${base}/${name}`, { query: { gracePeriodSeconds: 0 } })
      .catch(() => undefined);
    deleted = del !== undefined && [200, 202, 404].includes(del.status);
  }
  const node = ((pod.spec?.['nodeName'] as string | undefined) ?? null) || null;
  verdict ??= node
    ? {
        outcome: 'timeout',
        reason: null,
        message: `no verdict within ${Math.round(timeoutMs / 1000)}s on node ${node}`,
      }
    : {
        outcome: 'not-scheduled',
        reason: null,
        message: `no node took the pod within ${Math.round(timeoutMs / 1000)}s (no schedulable nodes, or no scheduler)`,
      };
  return {
    cluster: client.name,
    image,
    namespace,
    pod: name,
    ...verdict,
    hosts: verdict.outcome === 'pull-failed' ? hostsIn(verdict.message ?? '', image) : [],
    node,
    deleted,
  };
}
