import type { ClusterReport } from '../cluster-report.js';
import type { ClusterFinding } from '../findings.js';
import { plural } from './summary.js';

/** "5 findings in 2 clusters (3 pods); 1 pull failing; 1204 objects, 10000 pods, 3 nodes, 2 Helm releases read; 1 problem" */
export function clusterSummaryLine(report: ClusterReport): string {
  const s = report.summary;
  // Pods, not findings' pods: a pod with two old containers is one pod.
  const pods = s.podsWithFindings;
  const parts = [
    `${plural(s.findings, 'finding')} in ${plural(s.clusters, 'cluster')}${pods > 0 ? ` (${plural(pods, 'pod')})` : ''}`,
    `${s.pullFailures} ${s.pullFailures === 1 ? 'pull' : 'pulls'} failing`,
    `${plural(s.objects, 'object')}, ${plural(s.pods, 'pod')}, ${plural(s.nodes, 'node')}, ${plural(s.helmReleases, 'Helm release')} read`,
  ];
  if (report.errors.length > 0) parts.push(plural(report.errors.length, 'problem'));
  return parts.join('; ');
}

/** Findings grouped by their cluster and fixAt sentence, in report order. */
export function groupByFix(
  findings: readonly ClusterFinding[],
): { cluster: string; fixAt: string; findings: ClusterFinding[] }[] {
  const groups = new Map<string, { cluster: string; fixAt: string; findings: ClusterFinding[] }>();
  for (const f of findings) {
    const key = `${f.cluster}\0${f.fixAt}`;
    let g = groups.get(key);
    if (!g) {
      g = { cluster: f.cluster, fixAt: f.fixAt, findings: [] };
      groups.set(key, g);
    }
    g.findings.push(f);
  }
  return [...groups.values()];
}

/** `default/deployment/web`, the object part of a finding's locator. */
export function objectName(f: ClusterFinding): string {
  const ns = f.object.namespace ? `${f.object.namespace}/` : '';
  return `${ns}${f.object.kind.toLowerCase()}/${f.object.name}`;
}
