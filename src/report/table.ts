import type { ScanReport } from '../findings.js';
import { terminalValue } from './escape.js';
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
  let width = 0;
  for (const f of report.findings) width = Math.max(width, `${f.line}:${f.column}`.length);
  if (report.findings.length > 0) out.push(style.dim('line:col  kind      found → replacement  context'), '');
  for (const f of report.findings) {
    if (f.path !== currentPath) {
      if (currentPath !== undefined) out.push('');
      out.push(style.bold(terminalValue(f.path)));
      currentPath = f.path;
      lastNote = undefined;
    }
    const where = `${f.line}:${f.column}`.padEnd(width);
    const kind =
      f.kind === 'image' || f.kind === 'registry'
        ? style.red(f.kind.padEnd(8))
        : style.yellow(f.kind.padEnd(8));
    const arrow = f.replacement ? ` → ${style.green(terminalValue(f.replacement))}` : '';
    const reportOnly = f.action === 'report' ? style.dim(' (report only)') : '';
    const context = f.context ? style.dim(`  ${terminalValue(f.context)}`) : '';
    out.push(`  ${where}  ${kind}  ${terminalValue(f.match)}${arrow}${reportOnly}${context}`);
    // A rule's note once per file, not on every line it matches.
    if (f.note && f.note !== lastNote)
      out.push(style.dim(`  ${' '.repeat(width)}  note: ${terminalValue(f.note)}`));
    lastNote = f.note ?? lastNote;
  }
  if (report.findings.length > 0) out.push('');
  out.push(summaryLine(report));
  if (report.findings.some((f) => f.kind === 'image' || f.kind === 'registry'))
    out.push(
      style.dim(
        'Next: `regshift check` verifies the images at their new location; `regshift fix` rewrites image and\n' +
          'registry references (mention and policy rows are never rewritten).',
      ),
    );
  return `${out.join('\n')}\n`;
}
