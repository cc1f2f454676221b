/** Pulls failing now: waiting container states and pull/sandbox events, with the hosts they name. Pure. */
import type { PullFailure, PullFailureReason } from '../cluster-report.js';
import { matchRule } from '../rules/match.js';
import type { Rule } from '../rules/types.js';
import type { KubeObject } from './objects.js';

const pullReasons = new Set(['ErrImagePull', 'ImagePullBackOff']);

/** Host of an image reference, when it names one. */
export function imageHost(image: string): string | null {
  const first = image.split('/')[0] ?? '';
  if (!image.includes('/')) return null;
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first.toLowerCase() : null;
}

/** Every host a pull error message names: URLs, DNS lookups, dials, quoted images. */
export function hostsIn(message: string, image: string | null): string[] {
  const hosts: string[] = [];
  const add = (h: string | null | undefined) => {
    if (!h) return;
    const host = h.toLowerCase().replace(/:443$/, '');
    if (!hosts.includes(host)) hosts.push(host);
  };
  if (image) add(imageHost(image));
  for (const m of message.matchAll(/https?:\/\/([^/\s"'?]+)/g)) add(m[1]);
  for (const m of message.matchAll(/\blookup ([a-z0-9.-]+\.[a-z]{2,})/gi)) add(m[1]);
  for (const m of message.matchAll(/\bdial tcp ([a-z0-9.-]+\.[a-z]{2,})(?::\d+)?/gi)) add(m[1]);
  for (const m of message.matchAll(/image "([^"]+)"/g)) add(imageHost(m[1] ?? ''));
  return hosts;
}

/** The first image a message quotes (`image "k8s.gcr.io/pause:3.2"`), if any. */
export function imageIn(message: string): string | null {
  return /image "([^"]+)"/.exec(message)?.[1] ?? null;
}

type Status = { name?: string; image?: string; state?: { waiting?: { reason?: string; message?: string } } };

/** Containers of one pod that wait because their image cannot be pulled. */
export function podPullFailures(cluster: string, pod: KubeObject, rules: readonly Rule[]): PullFailure[] {
  const status = pod.status ?? {};
  const out: PullFailure[] = [];
  const specImages = new Map<string, string>();
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const c of (pod.spec?.[list] as { name: string; image: string }[] | undefined) ?? [])
      specImages.set(c.name, c.image);
  }
  for (const key of ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses']) {
    for (const s of (status[key] as Status[] | undefined) ?? []) {
      const waiting = s.state?.waiting;
      if (!waiting?.reason || !pullReasons.has(waiting.reason)) continue;
      const message = waiting.message ?? '';
      const image = specImages.get(s.name ?? '') ?? s.image ?? imageIn(message);
      out.push({
        cluster,
        namespace: pod.metadata.namespace ?? null,
        object: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace },
        container: s.name ?? null,
        reason: waiting.reason as PullFailureReason,
        message,
        image,
        hosts: hostsIn(message, image),
        oldRegistry: image !== null && matchRule(image, rules) !== undefined,
        from: 'status',
        count: 1,
      });
    }
  }
  return out;
}

type EventObject = KubeObject & {
  reason?: string;
  message?: string;
  count?: number;
  involvedObject?: {
    apiVersion?: string;
    kind?: string;
    name?: string;
    namespace?: string;
    uid?: string;
    fieldPath?: string;
  };
};

/** A FailedCreatePodSandBox event, or a Failed event about a pull; undefined for anything else. */
export function eventPullFailure(
  cluster: string,
  event: EventObject,
  rules: readonly Rule[],
): PullFailure | undefined {
  const reason = event.reason;
  const message = event.message ?? '';
  if (reason !== 'FailedCreatePodSandBox' && !(reason === 'Failed' && /pull/i.test(message)))
    return undefined;
  // The kubelet's echo of a container's waiting reason: the container status says it, with the detail.
  if (/^Error: (ErrImagePull|ImagePullBackOff)$/.test(message)) return undefined;
  const involved = event.involvedObject ?? {};
  const image = imageIn(message);
  const container =
    /spec\.(?:initC|ephemeralC|c)ontainers\{([^}]+)\}/.exec(involved.fieldPath ?? '')?.[1] ?? null;
  return {
    cluster,
    namespace: involved.namespace ?? event.metadata.namespace ?? null,
    object: {
      apiVersion: involved.apiVersion ?? 'v1',
      kind: involved.kind ?? 'Pod',
      name: involved.name ?? '',
      ...(involved.namespace ? { namespace: involved.namespace } : {}),
    },
    container,
    reason,
    message,
    image,
    hosts: hostsIn(message, image),
    oldRegistry: image !== null && matchRule(image, rules) !== undefined,
    from: 'event',
    count: event.count ?? 1,
  };
}

/** An event's failure, with the Pod it is about (its uid), when it is about a Pod. */
export interface EventFailure {
  failure: PullFailure;
  podUid: string | undefined;
}

export function podUidOf(event: EventObject): string | undefined {
  return event.involvedObject?.kind === 'Pod' ? event.involvedObject.uid : undefined;
}

/**
 * Events outlive their Pods (an hour by default): a failure of a Pod that is gone (replaced by a rollout,
 * say) is history, not a pull failing now. `livePods` undefined: the Pods could not be listed, keep all.
 */
export function currentEventFailures(
  events: readonly EventFailure[],
  livePods: ReadonlySet<string> | undefined,
): PullFailure[] {
  return events
    .filter((e) => livePods === undefined || e.podUid === undefined || livePods.has(e.podUid))
    .map((e) => e.failure);
}
