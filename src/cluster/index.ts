// Live clusters: kube client (injected), paginated reads, owners, managers, Helm releases, nodes,
// pull failures, the in-cluster pull check and the read-only RBAC regshift needs.
import type { ClusterDiagnostic, ClusterReport } from '../cluster-report.js';
import { builtinRules } from '../rules/builtin.js';
import { version } from '../version.js';
import type { KubeClient } from './client.js';
import { clientsFromKubeconfig } from './kubeconfig.js';
import { diagnosticFor } from './list.js';
import type { ClusterScanOptions } from './options.js';
import { scanOneCluster } from './scan-cluster.js';
import { sortReport } from './sort.js';

export type {
  ClusterDiagnostic,
  ClusterReport,
  ClusterSummary,
  PullFailure,
  PullFailureReason,
} from '../cluster-report.js';
export { type CheckPullOptions, type CheckPullResult, checkPull } from './check-pull.js';
export { KubeApiError, type KubeClient, type KubeResponse } from './client.js';
export { clientsFromKubeconfig, type KubeconfigOptions } from './kubeconfig.js';
export { type ClusterScanOptions, clusterDefaults } from './options.js';
export { rbacManifest } from './rbac.js';

/** Scan live clusters (every kubeconfig context the options select, concurrently) for old references. */
export async function scanCluster(options: ClusterScanOptions = {}): Promise<ClusterReport> {
  const rules = options.rules ?? builtinRules;
  const owned = options.clients === undefined;
  const clients: KubeClient[] = options.clients ?? (await clientsFromKubeconfig(options));
  try {
    const results = await Promise.all(
      clients.map((client) =>
        scanOneCluster(client, rules, options).catch((error: unknown) => ({
          cluster: client.name,
          server: client.server,
          findings: [],
          pullFailures: [],
          errors: [diagnosticFor(client.name, error)],
          counts: { objects: 0, pods: 0, podsWithFindings: 0, nodes: 0, helmReleases: 0 },
          unreachable: true,
        })),
      ),
    );
    const report: ClusterReport = {
      tool: { name: 'regshift', version },
      clusters: results.map((r) => ({
        name: r.cluster,
        server: r.server,
        reachable: !r.unreachable,
        ...r.counts,
      })),
      findings: results.flatMap((r) => r.findings),
      pullFailures: results.flatMap((r) => r.pullFailures),
      errors: onePerCause(results.flatMap((r) => r.errors)),
      summary: {
        clusters: results.length,
        objects: 0,
        pods: 0,
        podsWithFindings: 0,
        nodes: 0,
        helmReleases: 0,
        findings: 0,
        pullFailures: 0,
      },
    };
    for (const r of results) {
      report.summary.objects += r.counts.objects;
      report.summary.pods += r.counts.pods;
      report.summary.podsWithFindings += r.counts.podsWithFindings;
      report.summary.nodes += r.counts.nodes;
      report.summary.helmReleases += r.counts.helmReleases;
    }
    report.summary.findings = report.findings.length;
    report.summary.pullFailures = report.pullFailures.length;
    return sortReport(report);
  } finally {
    if (owned) await Promise.all(clients.map((c) => c.close?.()));
  }
}

/** The same problem (cluster, code, path, message) once, with how many times it happened. */
function onePerCause(errors: ClusterDiagnostic[]): ClusterDiagnostic[] {
  const byCause = new Map<string, ClusterDiagnostic>();
  for (const e of errors) {
    const key = `${e.cluster}\0${e.code}\0${e.path}\0${e.message}`;
    const seen = byCause.get(key);
    if (seen) seen.count = (seen.count ?? 1) + 1;
    else byCause.set(key, { ...e });
  }
  return [...byCause.values()];
}
