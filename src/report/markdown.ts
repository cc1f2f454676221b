import type { ScanReport } from '../findings.js';
import { markdownCode, markdownText } from './escape.js';
import { summaryLine, withHint } from './summary.js';

/** A value as inline code in a table cell (escaped: `|`, line breaks and controls cannot break out). */
export function markdownCell(value: string | null): string {
  if (value === null || value === '') return '';
  return markdownCode(value);
}

export function renderMarkdown(report: ScanReport): string {
  const lines = ['## regshift scan', '', summaryLine(report), ''];
  if (report.findings.length > 0) {
    lines.push('| Location | Kind | Found | Replace with |', '| --- | --- | --- | --- |');
    for (const f of report.findings) {
      lines.push(
        `| ${markdownText(f.path)}:${f.line}:${f.column} | ${f.kind} | ${markdownCell(f.match)} | ${markdownCell(f.replacement)} |`,
      );
    }
    lines.push('');
  }
  if (report.errors.length > 0) {
    lines.push('### Problems', '');
    for (const e of report.errors)
      lines.push(`- ${markdownText(e.path)}: ${e.code}: ${markdownText(withHint(e))}`);
    lines.push('');
  }
  return lines.join('\n');
}
