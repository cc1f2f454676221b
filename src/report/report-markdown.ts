/** `regshift report -o markdown`: the merged report for a pull request or an issue. */
import { markdownCell } from './markdown.js';
import { clusterFixCommand, fileFixCommand, groupFindings } from './model/fix.js';
import type { ReportModel } from './model/types.js';
import { plural, withHint } from './summary.js';

/** Plain text in a cell or heading: pipes escaped, line breaks folded, HTML-significant characters inert. */
function text(value: string): string {
  return value.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\s*\r?\n\s*/g, ' ');
}

function counts(record: Record<string, number>): string {
  return Object.entries(record)
    .map(([k, n]) => `${n} ${text(k)}`)
    .join(', ');
}

export function renderReportMarkdown(model: ReportModel): string {
  const s = model.summary;
  const lines = ['## regshift report', ''];
  lines.push(
    `${plural(s.findings, 'reference')} left${s.findings ? ` (${counts(s.byKind)})` : ''} in ${s.repositories} ${s.repositories === 1 ? 'repository' : 'repositories'} and ${plural(s.clusters, 'cluster')}`,
  );
  if (model.baseline) {
    const b = model.baseline;
    lines.push(
      '',
      `Since the baseline: ${b.fixed.length} fixed, ${b.added} new, ${b.after} left (was ${b.before}).`,
    );
  }
  if (s.images > 0) lines.push('', `Images at the new registry: ${counts(s.byVerdict)}.`);
  if (s.mirrored > 0) lines.push('', `Mirrored: ${counts(s.byMirrorStatus)}.`);
  lines.push('');
  for (const group of groupFindings(model.findings)) {
    const first = group.findings[0]!;
    lines.push(
      `### ${text(group.scope)}: ${text(first.source === 'file' ? `Change ${first.path}` : group.fixAt)}`,
      '',
    );
    if (first.source === 'file' && (first.kind === 'image' || first.kind === 'registry'))
      lines.push(`Fix: ${markdownCell(fileFixCommand(first.path))}`, '');
    lines.push('| Where | Kind | Found | Replace with | Owners / fix |', '| --- | --- | --- | --- | --- |');
    for (const f of group.findings) {
      const where =
        f.source === 'file'
          ? `${f.line}:${f.column}`
          : `${f.namespace ? `${f.namespace}/` : ''}${f.object ? `${f.object.kind.toLowerCase()}/${f.object.name}` : f.path}`;
      const owners = f.owners.map((o) => `${o.kind}/${o.name}`).join(' ← ');
      const command = clusterFixCommand(f);
      const extra = [owners ? text(owners) : '', command ? markdownCell(command) : '']
        .filter(Boolean)
        .join(' ');
      lines.push(
        `| ${text(where)} | ${f.kind}${f.change === 'new' ? ' (new)' : ''} | ${markdownCell(f.match)} | ${markdownCell(f.replacement)} | ${extra} |`,
      );
    }
    lines.push('');
  }
  if (model.images.length > 0) {
    lines.push(
      '### Images at the new registry',
      '',
      '| Image | New location | Verdict |',
      '| --- | --- | --- |',
    );
    for (const i of model.images)
      lines.push(`| ${markdownCell(i.image)} | ${markdownCell(i.target)} | ${text(i.verdict)} |`);
    lines.push('');
  }
  if (model.mirrors.length > 0) {
    lines.push('### Mirrored images', '', '| Source | Copied to | Status |', '| --- | --- | --- |');
    for (const m of model.mirrors)
      lines.push(`| ${markdownCell(m.source)} | ${markdownCell(m.target)} | ${text(m.status)} |`);
    lines.push('');
  }
  if (model.errors.length > 0) {
    lines.push('### Problems', '');
    for (const e of model.errors)
      lines.push(`- ${text(e.input)}: ${text(e.path)}: ${text(e.code)}: ${text(withHint(e))}`);
    lines.push('');
  }
  return lines.join('\n');
}
