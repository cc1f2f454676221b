/**
 * Progress against an earlier report. A finding is the same one when it names the same thing in the same
 * place, not the same line: an edit above it moves its line but does not fix it.
 */
import type { BaselineDiff, ReportFinding } from './types.js';

function identity(f: ReportFinding, scope: string): string {
  return f.source === 'file'
    ? ['file', scope, f.path, f.rule, f.match, f.context ?? ''].join('\0')
    : [
        f.source,
        scope,
        f.namespace ?? '',
        f.object ? `${f.object.kind}/${f.object.name}` : f.path,
        f.container ?? '',
        f.fieldPath ?? '',
        f.match,
      ].join('\0');
}

/** Keys for a list, the n-th repeat of one identity numbered n, so duplicates pair up one to one. */
export function findingKeys(
  findings: readonly ReportFinding[],
  scopeOf: (f: ReportFinding) => string = (f) => f.scope,
): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = identity(f, scopeOf(f));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}\0${n}`;
  });
}

function repositories(findings: readonly ReportFinding[]): Set<string> {
  return new Set(findings.filter((f) => f.source === 'file').map((f) => f.scope));
}

/**
 * Marks each current finding `new` or `remaining` and lists the baseline's fixed ones. A repository is
 * named after its input file, so when both sides hold exactly one repository they are taken as the same
 * one whatever the files are called (scan-june.json against scan-july.json).
 */
export function applyBaseline(current: ReportFinding[], baseline: readonly ReportFinding[]): BaselineDiff {
  const now = repositories(current);
  const before = repositories(baseline);
  const [onlyNow] = now;
  const rename = now.size === 1 && before.size === 1 && onlyNow !== undefined ? () => onlyNow : undefined;
  const baselineKeys = findingKeys(baseline, (f) => (rename && f.source === 'file' ? rename() : f.scope));
  const currentKeys = findingKeys(current);
  const known = new Set(baselineKeys);
  const stillThere = new Set<string>();
  let added = 0;
  current.forEach((f, i) => {
    const key = currentKeys[i]!;
    if (known.has(key)) {
      f.change = 'remaining';
      stillThere.add(key);
    } else {
      f.change = 'new';
      added++;
    }
  });
  const fixed = baseline.filter((_, i) => !stillThere.has(baselineKeys[i]!));
  return { before: baseline.length, after: current.length, fixed, added, remaining: current.length - added };
}
