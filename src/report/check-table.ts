/** The human view of a check: a mark per image, verdict, short digests, then connectivity hops. Pure. */
import type { CheckReport } from '../check/run.js';
import { alignColumns, shortDigest } from './columns.js';

export const allowListWarning =
  'registry.k8s.io does not promise these hosts: they change without notice. Mirroring the images ' +
  '(regshift mirror) into a registry you control is the durable answer.';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function renderCheckTable(report: CheckReport): string {
  const lines: string[] = [];
  if (report.images.length > 0) {
    const rows = [['', 'IMAGE', 'TARGET', 'VERDICT', 'SOURCE', 'TARGET DIGEST']];
    for (const c of report.images) {
      rows.push([
        c.verdict === 'same-digest' ? '✓' : '✗',
        c.image,
        c.target ?? '-',
        c.verdict,
        shortDigest(c.sourceDigest),
        shortDigest(c.targetDigest),
      ]);
    }
    lines.push(...alignColumns(rows));
    for (const c of report.images) {
      if (c.detail === 'signed-at-source-not-at-target') {
        lines.push(`  ${c.image}: signed at the source, but ${c.target} has no signatures or attestations`);
        lines.push(
          '    hint: copy them with `regshift mirror` (it copies referrers), or signature checks at admission fail',
        );
      }
      if (!c.error || c.verdict === 'source-missing') continue;
      lines.push(`  ${c.image}: ${c.error}`);
      if (c.hint) lines.push(`    hint: ${c.hint}`);
    }
    lines.push('');
  }
  for (const c of report.connectivity) {
    lines.push(`${c.ok ? '✓' : '✗'} ${c.registry}${c.ok ? '' : `: ${c.error}`}`);
    if (!c.ok && c.hint) lines.push(`    hint: ${c.hint}`);
    if (c.hops.length > 0) {
      lines.push(
        ...alignColumns(
          c.hops.map((h) => ['   ', String(h.status ?? '---'), hostOf(h.url), `${h.ms} ms`, h.url]),
        ),
      );
    }
    if (c.hosts.length > 0) lines.push(`    hosts to allow: ${c.hosts.join(', ')}`);
  }
  if (report.connectivity.some((c) => c.registry === 'registry.k8s.io'))
    lines.push(`note: ${allowListWarning}`);
  const bad = report.images.filter((c) => c.verdict !== 'same-digest').length;
  const down = report.connectivity.filter((c) => !c.ok).length;
  lines.push(
    `${report.images.length - bad}/${report.images.length} images safe to switch; ` +
      `${report.connectivity.length - down}/${report.connectivity.length} registries reachable`,
  );
  return `${lines.join('\n')}\n`;
}
