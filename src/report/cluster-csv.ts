import type { ClusterReport } from '../cluster-report.js';
import type { ClusterFinding } from '../findings.js';
import { csvField } from './csv.js';

const columns: [string, (f: ClusterFinding) => unknown][] = [
  ['cluster', (f) => f.cluster],
  ['source', (f) => f.source],
  ['namespace', (f) => f.namespace],
  ['kind', (f) => f.object.kind],
  ['name', (f) => f.object.name],
  ['container', (f) => f.container],
  ['fieldPath', (f) => f.fieldPath],
  ['match', (f) => f.match],
  ['image', (f) => f.image],
  ['replacement', (f) => f.replacement],
  ['rule', (f) => f.rule],
  ['pods', (f) => f.pods],
  ['imageID', (f) => f.imageID],
  ['runningFromNew', (f) => f.runningFromNew],
  ['owners', (f) => f.owners.map((o) => `${o.kind}/${o.name}`).join(' <- ')],
  ['managedBy', (f) => f.managedBy.tool],
  ['managedByName', (f) => f.managedBy.name],
  ['fixAt', (f) => f.fixAt],
];

/** One row per finding (RFC 4180); pull failures and problems are in -o json. */
export function renderClusterCsv(report: ClusterReport): string {
  const rows = [columns.map(([name]) => name).join(',')];
  for (const f of report.findings) rows.push(columns.map(([, get]) => csvField(get(f))).join(','));
  return `${rows.join('\r\n')}\r\n`;
}
