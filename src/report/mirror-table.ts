/** The human view of a mirror run: one row per image, then each failure with its hint. Pure. */
import type { MirrorReport } from '../mirror/options.js';
import { alignColumns, shortDigest } from './columns.js';

export function formatBytes(bytes: number): string {
  // Rates are fractional (bytes per second): round them like sizes.
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function renderMirrorTable(report: MirrorReport): string {
  const rows = [
    ['', 'SOURCE', 'TARGET', 'STATUS', 'DIGEST', 'SIZE', 'COPIED', 'SKIPPED', 'MOUNTED', 'REFERRERS'],
  ];
  for (const r of report.results) {
    rows.push([
      r.status === 'failed' ? '✗' : '✓',
      r.source,
      r.target || '-',
      r.status === 'would-copy' ? 'would copy' : r.status,
      shortDigest(r.digest),
      formatBytes(r.size),
      formatBytes(r.copiedBytes),
      String(r.skippedBlobs),
      String(r.mountedBlobs),
      String(r.referrers),
    ]);
  }
  const lines = alignColumns(rows);
  for (const r of report.results) {
    if (!r.error) continue;
    lines.push(`  ${r.source}: ${r.error.message}`);
    if (r.error.hint) lines.push(`    hint: ${r.error.hint}`);
  }
  const bad = report.results.filter((r) => r.status === 'failed').length;
  const bytes = report.results.reduce((sum, r) => sum + r.copiedBytes, 0);
  const wouldCopy = report.results.filter((r) => r.status === 'would-copy').length;
  lines.push(
    wouldCopy > 0
      ? `dry run: ${wouldCopy}/${report.results.length} images would be copied; nothing was written`
      : `${report.results.length - bad}/${report.results.length} images mirrored; ${formatBytes(bytes)} copied`,
  );
  return `${lines.join('\n')}\n`;
}
