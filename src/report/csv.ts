import type { ScanReport } from '../findings.js';
import { csvText } from './escape.js';

const columns = [
  'path',
  'line',
  'column',
  'endLine',
  'endColumn',
  'kind',
  'match',
  'image',
  'replacement',
  'rule',
  'format',
  'context',
] as const;

/** RFC 4180 quoting, and text a spreadsheet would run as a formula neutralised (escape.ts). */
export function csvField(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return csvText(value === null || value === undefined ? '' : String(value));
}

export function renderCsv(report: ScanReport): string {
  const rows = [columns.join(',')];
  for (const finding of report.findings) rows.push(columns.map((c) => csvField(finding[c])).join(','));
  return `${rows.join('\r\n')}\r\n`;
}
