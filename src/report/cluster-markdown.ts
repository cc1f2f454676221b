import type { ClusterReport } from '../cluster-report.js';
import { clusterSummaryLine, groupByFix, objectName } from './cluster-summary.js';
import { markdownText } from './escape.js';
import { markdownCell } from './markdown.js';
import { withHint } from './summary.js';

function text(value: string): string {
  return markdownText(value.replace(/\s*\r?\n\s*/g, ' '), true);
}

export function renderClusterMarkdown(report: ClusterReport): string {
  const lines = ['## regshift cluster', '', clusterSummaryLine(report), ''];
  const labelled = report.clusters.length > 1;
  for (const group of groupByFix(report.findings)) {
    lines.push(`### ${labelled ? `[${text(group.cluster)}] ` : ''}${text(group.fixAt)}`, '');
    lines.push(
      '| Cluster | Object | Container | Found | Replace with | Pods | Owners |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const f of group.findings) {
      const owners = f.owners.map((o) => `${o.kind}/${o.name}`).join(' ← ');
      lines.push(
        `| ${text(f.cluster)} | ${text(objectName(f))} | ${text(f.container ?? '')} | ${markdownCell(f.match)} | ${markdownCell(f.replacement)} | ${f.pods} | ${text(owners)} |`,
      );
    }
    lines.push('');
  }
  if (report.pullFailures.length > 0) {
    lines.push(
      '### Pulls failing now',
      '',
      '| Cluster | Object | Reason | Image | Hosts | Message |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const p of report.pullFailures) {
      lines.push(
        `| ${text(p.cluster)} | ${text(`${p.namespace ? `${p.namespace}/` : ''}${p.object.kind.toLowerCase()}/${p.object.name}`)} | ${p.reason} | ${markdownCell(p.image)} | ${text(p.hosts.join(', '))} | ${text(p.message)} |`,
      );
    }
    lines.push('');
  }
  if (report.errors.length > 0) {
    lines.push('### Problems', '');
    for (const e of report.errors) lines.push(`- ${e.path}: ${e.code}: ${text(withHint(e))}`);
    lines.push('');
  }
  return lines.join('\n');
}
