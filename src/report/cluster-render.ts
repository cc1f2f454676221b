import type { ClusterReport } from '../cluster-report.js';
import { renderClusterCsv } from './cluster-csv.js';
import { renderClusterMarkdown } from './cluster-markdown.js';
import { renderClusterTable } from './cluster-table.js';
import type { Style } from './table.js';

export type ClusterOutputFormat = 'table' | 'json' | 'markdown' | 'csv';
export const clusterOutputFormats: ClusterOutputFormat[] = ['table', 'json', 'markdown', 'csv'];

export function renderClusterReport(
  report: ClusterReport,
  format: ClusterOutputFormat,
  style?: Style,
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'markdown':
      return renderClusterMarkdown(report);
    case 'csv':
      return renderClusterCsv(report);
    default:
      return renderClusterTable(report, style);
  }
}

export { renderClusterCsv, renderClusterMarkdown, renderClusterTable };
