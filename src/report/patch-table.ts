/** The `regshift patch` table: one line per root (action, object, what changes), diffs, then a summary. */
import type { PatchEntry } from '../patch/index.js';
import { withHint } from './summary.js';

/** Shell-quote an argument when it needs it (the Helm command is meant to be pasted). */
function shellArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/** Control characters from cluster values never reach the terminal. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

export function patchSummary(patches: readonly PatchEntry[]) {
  const count = (p: (e: PatchEntry) => boolean) => patches.filter(p).length;
  return {
    roots: patches.length,
    planned: count((e) => e.outcome === 'planned'),
    applied: count((e) => e.outcome === 'applied'),
    restored: count((e) => e.outcome === 'restored'),
    refused: count((e) => e.outcome === 'refused'),
    failed: count((e) => e.outcome === 'failed'),
    skipped: count((e) => e.action === 'skip'),
    instead: count((e) => e.action === 'instead'),
    forced: count((e) => e.forced),
  };
}

const name = (e: PatchEntry) =>
  `${e.cluster}:${e.namespace ? `${e.namespace}/` : ''}${e.object.kind.toLowerCase()}/${e.object.name}`;

export function renderPatchTable(
  patches: readonly PatchEntry[],
  errors: readonly { cluster: string; path: string; code: string; message: string; hint?: string }[],
  mode: 'plan' | 'apply' | 'undo',
  record: string | null,
): string {
  const out: string[] = [];
  for (const e of patches) {
    const action = e.action === 'patch' ? (e.outcome ?? 'patch') : e.action;
    const what =
      e.action === 'patch'
        ? e.changes.map((c) => `${c.container ? `${c.container}: ` : ''}${c.from} → ${c.to}`).join(', ')
        : (e.reason ?? '');
    out.push(clean(`${action.padEnd(8)} ${name(e)}  ${what}`));
    if (e.command)
      out.push(
        clean(
          `         run: ${e.command.map(shellArg).join(' ')}   (CHART: the chart the release was installed from)`,
        ),
      );
    if (e.source) out.push(clean(`         source: ${e.source}`));
    for (const w of e.warnings) out.push(clean(`         warning: ${w}`));
  }
  const diffs = patches.filter((e) => e.diff !== '');
  if (diffs.length > 0 && mode !== 'apply') {
    out.push('');
    for (const e of diffs) out.push(clean(e.diff).trimEnd());
  }
  if (errors.length > 0) {
    out.push('', 'Problems');
    for (const e of errors)
      out.push(clean(`  ${e.code}  ${e.cluster}${e.path ? ` ${e.path}` : ''}: ${withHint(e)}`));
  }
  const s = patchSummary(patches);
  const parts = [
    mode === 'plan'
      ? `${s.planned} to patch (dry-run passed)`
      : mode === 'undo'
        ? `${s.restored} restored`
        : `${s.applied} patched`,
    `${s.skipped} skipped`,
    `${s.instead} to change elsewhere`,
  ];
  if (s.refused > 0) parts.push(`${s.refused} refused (changed since read)`);
  if (s.failed > 0) parts.push(`${s.failed} failed`);
  if (s.forced > 0) parts.push(`${s.forced} forced`);
  out.push('', parts.join('; '));
  if (record) out.push(`undo: regshift patch --undo ${shellArg(record)}`);
  return `${out.join('\n')}\n`;
}
