/** Scan one cluster: read every source of images concurrently, page by page, then build findings. */
import type { ClusterDiagnostic, PullFailure } from '../cluster-report.js';
import { limiter } from '../concurrency.js';
import type { ClusterFinding } from '../findings.js';
import { ruleNeedles } from '../rules/match.js';
import type { Rule } from '../rules/types.js';
import { argoApplications } from './argo.js';
import { buildFindings, rootFindings } from './build.js';
import type { KubeClient } from './client.js';
import { Collector } from './collect.js';
import { HelmReleases, helmStatuses } from './helm-findings.js';
import { type ListContext, type ListOptions, readAll } from './list.js';
import type { HelmReleaseRef } from './managers.js';
import { nodeFindings } from './nodes.js';
import { controllerOf, type KubeObject } from './objects.js';
import { type ClusterScanOptions, clusterDefaults } from './options.js';
import { resolveForeignOwners } from './owner-lookup.js';
import { currentEventFailures, type EventFailure, eventPullFailure, podUidOf } from './pulls.js';
import {
  configMapType,
  eventType,
  nodeType,
  podType,
  type ResourceType,
  secretType,
  workloadTypes,
} from './resources.js';

export interface ClusterResult {
  cluster: string;
  server: string;
  findings: ClusterFinding[];
  pullFailures: PullFailure[];
  errors: ClusterDiagnostic[];
  counts: { objects: number; pods: number; podsWithFindings: number; nodes: number; helmReleases: number };
  /** Set when no request succeeded (unreachable, every token rejected, every list forbidden). */
  unreachable?: true;
}

export async function scanOneCluster(
  client: KubeClient,
  rules: readonly Rule[],
  options: ClusterScanOptions,
): Promise<ClusterResult> {
  const cluster = client.name;
  const errors: ClusterDiagnostic[] = [];
  const fallback = options.namespaces
    ? { namespaces: options.namespaces, from: '--namespaces' }
    : client.namespace
      ? { namespaces: [client.namespace], from: `the namespace of context ${cluster}` }
      : undefined;
  const ctx: ListContext = {
    client,
    limit: limiter(options.concurrency ?? clusterDefaults.concurrency),
    pageSize: options.pageSize ?? clusterDefaults.pageSize,
    errors,
    ...(options.protobuf === false ? { protobuf: false } : {}),
    ...(fallback ? { fallback } : {}),
  };
  // -n: one namespace; --namespaces: those; else cluster-wide (namespace by namespace where refused).
  const scopes: (string | undefined)[] = options.namespaces ?? [options.namespace];
  const cwide = scopes.length === 1 && scopes[0] === undefined;
  const readEach = (
    type: ResourceType,
    list: Omit<ListOptions, 'namespace'>,
    onPage: (items: KubeObject[]) => void,
  ) =>
    Promise.all(scopes.map((namespace) => readAll(ctx, type, { ...list, namespace }, onPage))).then(
      () => undefined,
    );
  const collector = new Collector(cluster, rules, await argoApplications(ctx, scopes));
  const helm = new HelmReleases(cluster, rules, ruleNeedles(rules));
  const nodeHits: ClusterFinding[] = [];
  const eventFailures: EventFailure[] = [];
  const podUids = new Set<string>();
  let nodes = 0;
  const progress = () => options.onProgress?.({ cluster, objects: collector.objects, pods: collector.pods });
  const selector = { labelSelector: options.selector };
  const early = options.onRootFindings;
  const tellRoot = (type: ResourceType | undefined, o: KubeObject) => {
    if (!early || controllerOf(o.metadata)) return;
    const found = rootFindings(collector, type, o);
    if (found.length > 0) early(found);
  };

  const reads: Promise<void>[] = [
    readEach(podType, selector, (items) => {
      for (const pod of items) {
        collector.addPod(pod);
        tellRoot(undefined, pod);
        if (pod.metadata.uid) podUids.add(pod.metadata.uid);
      }
      progress();
    }),
    ...workloadTypes.map((type) =>
      readEach(type, selector, (items) => {
        for (const o of items) {
          collector.addWorkload(type, o);
          tellRoot(type, o);
        }
        progress();
      }),
    ),
  ];
  if (options.events !== false) {
    for (const reason of ['FailedCreatePodSandBox', 'Failed']) {
      reads.push(
        readEach(eventType, { fieldSelector: `reason=${reason}` }, (items) => {
          for (const e of items) {
            const failure = eventPullFailure(cluster, e, rules);
            if (failure) eventFailures.push({ failure, podUid: podUidOf(e) });
          }
        }),
      );
    }
  }
  if (options.helm !== false) {
    const helmList = {
      labelSelector: `owner=helm,status in (${helmStatuses.join(',')})`,
      pageSize: clusterDefaults.helmPageSize,
    };
    reads.push(
      readEach(secretType, helmList, (items) => {
        for (const o of items) helm.add(o, 'Secret');
      }),
    );
    reads.push(
      readEach(configMapType, helmList, (items) => {
        for (const o of items) helm.add(o, 'ConfigMap');
      }),
    );
  }
  if (options.nodes !== false && cwide) {
    reads.push(
      readAll(ctx, nodeType, {}, (items) => {
        nodes += items.length;
        for (const node of items) nodeHits.push(...nodeFindings(cluster, node, rules));
      }),
    );
  }
  await Promise.all(reads);
  await resolveForeignOwners(ctx, collector);

  // Release storage that was refused: the workloads' Helm fixAt says so instead of guessing.
  for (const e of errors)
    if (e.code === 'FORBIDDEN' && e.resource === 'secrets') helm.refuse(e.namespace, 'secrets');
  const lookup = Object.assign(
    (release: HelmReleaseRef | null, image: string) => helm.valuePath(release, image),
    {
      unread: (release: HelmReleaseRef | null) => helm.unread(release),
    },
  );
  const live = buildFindings(collector, lookup);
  // A label selector selects workloads: Helm releases count only through the live objects it selected.
  const only =
    options.selector === undefined
      ? undefined
      : new Set(live.map((f) => `${f.managedBy.namespace}/${f.managedBy.name}`));
  const findings = [...live, ...helm.findings(live, only), ...nodeHits];
  // With a label selector, or without the right to list Pods, an event's Pod may just be unseen.
  const podsListed = options.selector === undefined && !errors.some((e) => e.resource === 'pods');
  errors.push(...helm.errors);
  return {
    cluster,
    server: client.server,
    findings,
    pullFailures: mergePullFailures(
      collector.pullFailures,
      currentEventFailures(eventFailures, podsListed ? podUids : undefined),
    ),
    errors,
    counts: {
      objects: collector.objects,
      pods: collector.pods,
      podsWithFindings: collector.podsWithFindings,
      nodes,
      helmReleases: helm.count,
    },
    ...(!ctx.pagesRead && errors.length > 0 ? { unreachable: true as const } : {}),
  };
}

/** Statuses first; an event adds only what no status of the same pod and image already says. */
export function mergePullFailures(statuses: PullFailure[], events: PullFailure[]): PullFailure[] {
  const seen = new Set(statuses.map((s) => `${s.namespace}/${s.object.name}\0${s.image}`));
  return [
    ...statuses,
    ...events.filter(
      (e) =>
        e.reason === 'FailedCreatePodSandBox' || !seen.has(`${e.namespace}/${e.object.name}\0${e.image}`),
    ),
  ];
}
