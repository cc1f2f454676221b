import type { ClusterReport } from '../cluster-report.js';
import { renderClusterCsv } from './cluster-csv.js';
import { renderClusterMarkdown } from './cluster-markdown.js';
import { renderClusterTable } from './cluster-table.js';
import { renderHtmlOf } from './html-output.js';
import type { Style } from './table.js';

export type ClusterOutputFormat = 'table' | 'json' | 'markdown' | 'csv' | 'html';
export const clusterOutputFormats: ClusterOutputFormat[] = ['table', 'json', 'markdown', 'csv', 'html'];

export function renderClusterReport(
  report: ClusterReport,
  format: ClusterOutputFormat,
  style?: Style,
): string {
  switch (format) {
    case 'json': {
      // The common envelope; `command` names the shape (`policy --check --cluster` writes it too).
      const { tool, ...results } = report;
      return `${JSON.stringify({ tool, command: 'cluster', ...results }, null, 2)}\n`;
    }
    case 'markdown':
      return renderClusterMarkdown(report);
    case 'csv':
      return renderClusterCsv(report);
    case 'html':
      return renderHtmlOf(report, 'cluster');
    default:
      return renderClusterTable(report, style);
  }
}

export { renderClusterCsv, renderClusterMarkdown, renderClusterTable };
