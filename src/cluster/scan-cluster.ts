/** Scan one cluster: read every source of images concurrently, page by page, then build findings. */
import type { ClusterDiagnostic, PullFailure } from '../cluster-report.js';
import type { ClusterFinding } from '../findings.js';
import { ruleNeedles } from '../rules/match.js';
import type { Rule } from '../rules/types.js';
import { buildFindings } from './build.js';
import type { KubeClient } from './client.js';
import { Collector } from './collect.js';
import { HelmReleases, helmStatuses } from './helm-findings.js';
import { Limiter, type ListContext, readAll } from './list.js';
import { nodeFindings } from './nodes.js';
import { type ClusterScanOptions, clusterDefaults } from './options.js';
import { resolveForeignOwners } from './owner-lookup.js';
import { eventPullFailure } from './pulls.js';
import { configMapType, eventType, nodeType, podType, secretType, workloadTypes } from './resources.js';

export interface ClusterResult {
  cluster: string;
  server: string;
  findings: ClusterFinding[];
  pullFailures: PullFailure[];
  errors: ClusterDiagnostic[];
  counts: { objects: number; pods: number; nodes: number; helmReleases: number };
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
  const ctx: ListContext = {
    client,
    limiter: new Limiter(options.concurrency ?? clusterDefaults.concurrency),
    pageSize: options.pageSize ?? clusterDefaults.pageSize,
    errors,
  };
  const ns = options.namespace;
  const selected = { namespace: ns, labelSelector: options.selector };
  const collector = new Collector(cluster, rules);
  const helm = new HelmReleases(cluster, rules, ruleNeedles(rules));
  const nodeHits: ClusterFinding[] = [];
  const eventFailures: PullFailure[] = [];
  let nodes = 0;
  const progress = () => options.onProgress?.({ cluster, objects: collector.objects, pods: collector.pods });

  const reads: Promise<void>[] = [
    readAll(ctx, podType, selected, (items) => {
      for (const pod of items) collector.addPod(pod);
      progress();
    }),
    ...workloadTypes.map((type) =>
      readAll(ctx, type, selected, (items) => {
        for (const o of items) collector.addWorkload(type, o);
        progress();
      }),
    ),
  ];
  if (options.events !== false) {
    for (const reason of ['FailedCreatePodSandBox', 'Failed']) {
      reads.push(
        readAll(ctx, eventType, { namespace: ns, fieldSelector: `reason=${reason}` }, (items) => {
          for (const e of items) {
            const failure = eventPullFailure(cluster, e, rules);
            if (failure) eventFailures.push(failure);
          }
        }),
      );
    }
  }
  if (options.helm !== false) {
    const helmList = {
      namespace: ns,
      labelSelector: `owner=helm,status in (${helmStatuses.join(',')})`,
      pageSize: clusterDefaults.helmPageSize,
    };
    reads.push(
      readAll(ctx, secretType, helmList, (items) => {
        for (const o of items) helm.add(o, 'Secret');
      }),
    );
    reads.push(
      readAll(ctx, configMapType, helmList, (items) => {
        for (const o of items) helm.add(o, 'ConfigMap');
      }),
    );
  }
  if (options.nodes !== false && ns === undefined) {
    reads.push(
      readAll(ctx, nodeType, {}, (items) => {
        nodes += items.length;
        for (const node of items) nodeHits.push(...nodeFindings(cluster, node, rules));
      }),
    );
  }
  await Promise.all(reads);
  await resolveForeignOwners(ctx, collector);

  const live = buildFindings(collector, (release, image) => helm.valuePath(release, image));
  const findings = [...live, ...helm.findings(live), ...nodeHits];
  errors.push(...helm.errors);
  return {
    cluster,
    server: client.server,
    findings,
    pullFailures: mergePullFailures(collector.pullFailures, eventFailures),
    errors,
    counts: { objects: collector.objects, pods: collector.pods, nodes, helmReleases: helm.count },
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
