import type { ScanReport } from '../findings.js';
import { summaryLine } from './summary.js';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
}

export const plainStyle: Style = {
  bold: (t) => t,
  dim: (t) => t,
  red: (t) => t,
  yellow: (t) => t,
  green: (t) => t,
};

/** Findings grouped by file: `line:col  kind  match → replacement  (context)`, then a summary line. */
export function renderTable(report: ScanReport, style: Style = plainStyle): string {
  const out: string[] = [];
  let currentPath: string | undefined;
  let lastNote: string | undefined;
  const width = Math.max(0, ...report.findings.map((f) => `${f.line}:${f.column}`.length));
  for (const f of report.findings) {
    if (f.path !== currentPath) {
      if (currentPath !== undefined) out.push('');
      out.push(style.bold(f.path));
      currentPath = f.path;
      lastNote = undefined;
    }
    const where = `${f.line}:${f.column}`.padEnd(width);
    const kind =
      f.kind === 'image' || f.kind === 'registry'
        ? style.red(f.kind.padEnd(8))
        : style.yellow(f.kind.padEnd(8));
    const arrow = f.replacement ? ` → ${style.green(f.replacement)}` : '';
    const reportOnly = f.action === 'report' ? style.dim(' (report only)') : '';
    const context = f.context ? style.dim(`  ${f.context}`) : '';
    out.push(`  ${where}  ${kind}  ${f.match}${arrow}${reportOnly}${context}`);
    // A rule's note once per file, not on every line it matches.
    if (f.note && f.note !== lastNote) out.push(style.dim(`  ${' '.repeat(width)}  note: ${f.note}`));
    lastNote = f.note ?? lastNote;
  }
  if (report.findings.length > 0) out.push('');
  out.push(summaryLine(report));
  return `${out.join('\n')}\n`;
}
