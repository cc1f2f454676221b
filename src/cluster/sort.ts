/** A stable order for reports: cluster, namespace, what to fix, object, container. Pure. */

import type { ClusterReport } from '../cluster-report.js';
import type { ClusterFinding } from '../findings.js';

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareClusterFindings(a: ClusterFinding, b: ClusterFinding): number {
  return (
    cmp(a.cluster, b.cluster) ||
    cmp(a.namespace ?? '', b.namespace ?? '') ||
    cmp(a.fixAt, b.fixAt) ||
    cmp(a.object.kind, b.object.kind) ||
    cmp(a.object.name, b.object.name) ||
    cmp(a.fieldPath, b.fieldPath) ||
    cmp(a.container ?? '', b.container ?? '') ||
    cmp(a.image ?? '', b.image ?? '')
  );
}

export function sortReport(report: ClusterReport): ClusterReport {
  report.findings.sort(compareClusterFindings);
  report.pullFailures.sort(
    (a, b) =>
      cmp(a.cluster, b.cluster) ||
      cmp(a.namespace ?? '', b.namespace ?? '') ||
      cmp(a.object.name, b.object.name) ||
      cmp(a.container ?? '', b.container ?? '') ||
      cmp(a.reason, b.reason),
  );
  report.errors.sort((a, b) => cmp(a.cluster, b.cluster) || cmp(a.path, b.path) || cmp(a.code, b.code));
  return report;
}
