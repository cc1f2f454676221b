import type { ScanReport } from '../findings.js';
import { summaryLine } from './summary.js';

/** Escape what Markdown table cells treat specially. */
export function markdownCell(value: string | null): string {
  if (value === null || value === '') return '';
  return `\`${value.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

export function renderMarkdown(report: ScanReport): string {
  const lines = ['## regshift scan', '', summaryLine(report), ''];
  if (report.findings.length > 0) {
    lines.push('| Location | Kind | Found | Replace with |', '| --- | --- | --- | --- |');
    for (const f of report.findings) {
      lines.push(
        `| ${f.path}:${f.line}:${f.column} | ${f.kind} | ${markdownCell(f.match)} | ${markdownCell(f.replacement)} |`,
      );
    }
    lines.push('');
  }
  if (report.errors.length > 0) {
    lines.push('### Problems', '');
    for (const e of report.errors) lines.push(`- ${e.path}: ${e.code}: ${e.message}`);
    lines.push('');
  }
  return lines.join('\n');
}
