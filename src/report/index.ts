// Reporters: one pure function per format, (report) => string.
import type { ScanReport } from '../findings.js';
import { renderCsv } from './csv.js';
import { renderHtmlOf } from './html-output.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTable, type Style } from './table.js';

export type OutputFormat = 'table' | 'json' | 'sarif' | 'markdown' | 'csv' | 'html';
export const outputFormats: OutputFormat[] = ['table', 'json', 'sarif', 'markdown', 'csv', 'html'];

/** `root`: the directory paths are relative to (SARIF gives files outside it absolute URIs). */
export function renderReport(report: ScanReport, format: OutputFormat, style?: Style, root?: string): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, root);
    case 'markdown':
      return renderMarkdown(report);
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtmlOf(report, 'repository');
    default:
      return renderTable(report, style);
  }
}

// The human views of the other commands (library users may print them too).
export { renderCheckTable } from './check-table.js';
export { formatBytes, renderMirrorTable } from './mirror-table.js';
export type { Style };
export { renderCsv, renderHtmlOf, renderJson, renderMarkdown, renderSarif, renderTable };
