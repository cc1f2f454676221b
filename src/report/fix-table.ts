/** The human view of `fix`: each file's edits, what was left and why, then a summary line. Pure. */
import type { FixResult } from '../rewrite/index.js';
import { plural } from './summary.js';
import { plainStyle, type Style } from './table.js';

function leftSummary(result: FixResult): string {
  if (result.left.length === 0) return '';
  const counts = new Map<string, number>();
  for (const l of result.left) counts.set(l.reason, (counts.get(l.reason) ?? 0) + 1);
  return `; left ${result.left.length} (${[...counts].map(([reason, n]) => `${n} ${reason}`).join(', ')})`;
}

/** "Rewrote 3 references in 2 files; left 1 (1 report-only)" */
export function fixSummary(result: FixResult): string {
  const done = result.files.filter((f) => f.status !== 'failed');
  const edits = done.reduce((n, f) => n + f.edits.length, 0);
  const failed = result.files.length - done.length;
  const verb = result.dryRun ? 'Would rewrite' : 'Rewrote';
  return `${verb} ${plural(edits, 'reference')} in ${plural(done.length, 'file')}${leftSummary(result)}${failed > 0 ? `; ${plural(failed, 'file')} failed` : ''}`;
}

/** What was not rewritten, one line each, or nothing. */
export function fixLeftList(result: FixResult): string {
  if (result.left.length === 0) return '';
  const lines = result.left.map(
    (l) => `  ${l.path}:${l.line}:${l.column}  ${l.match}  (${l.reason}: ${l.message})`,
  );
  return `Left as they are:\n${lines.join('\n')}\n\n`;
}

export function renderFixTable(result: FixResult, style: Style = plainStyle): string {
  const lines: string[] = [];
  for (const file of result.files) {
    if (file.status === 'failed') continue;
    lines.push(style.bold(file.path));
    for (const e of file.edits) lines.push(`  ${e.line}:${e.column}  ${e.before} → ${style.green(e.after)}`);
  }
  if (lines.length > 0) lines.push('');
  return `${lines.join('\n')}${lines.length > 0 ? '\n' : ''}${fixLeftList(result)}${fixSummary(result)}\n`;
}
