import type { Finding, FindingKind, ScanReport } from '../findings.js';

export const kindOrder: FindingKind[] = ['image', 'registry', 'mention', 'policy'];

export function countByKind(findings: readonly Finding[]): Record<FindingKind, number> {
  const counts: Record<FindingKind, number> = { image: 0, registry: 0, mention: 0, policy: 0 };
  for (const f of findings) counts[f.kind]++;
  return counts;
}

/** A diagnostic in one line: what happened, then what to do (`hint`) when it says. */
export function withHint(diagnostic: { message: string; hint?: string | null }): string {
  return diagnostic.hint ? `${diagnostic.message}; hint: ${diagnostic.hint}` : diagnostic.message;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "12 findings (9 image, 2 registry, 1 mention) in 5 files; 40 files scanned, 2 skipped; 1 problem" */
export function summaryLine(report: ScanReport): string {
  const counts = countByKind(report.findings);
  const byKind = kindOrder.filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
  const filesWithFindings = new Set(report.findings.map((f) => f.path)).size;
  const parts = [
    `${plural(report.findings.length, 'finding')}${byKind.length > 0 ? ` (${byKind.join(', ')})` : ''}` +
      (filesWithFindings > 0 ? ` in ${plural(filesWithFindings, 'file')}` : ''),
    `${plural(report.summary.files, 'file')} scanned, ${report.summary.skipped} skipped`,
  ];
  if (report.errors.length > 0) parts.push(plural(report.errors.length, 'problem'));
  return parts.join('; ');
}
