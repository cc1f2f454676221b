import type { ScanReport } from '../findings.js';

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

/** RFC 4180: quote fields holding a comma, quote or line break; double the quotes inside. */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(report: ScanReport): string {
  const rows = [columns.join(',')];
  for (const finding of report.findings) rows.push(columns.map((c) => csvField(finding[c])).join(','));
  return `${rows.join('\r\n')}\r\n`;
}
