/** Merge the parts read from several documents into one report model, optionally against a baseline. */
import { applyBaseline, findingKeys } from './baseline.js';
import type { InputPart } from './read.js';
import type { ReportFinding, ReportModel, ReportSummary, ScopeRow } from './types.js';

/** Later documents win: a re-run of check or mirror replaces the earlier verdict for the same image. */
function lastByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    byKey.delete(k);
    byKey.set(k, item);
  }
  return [...byKey.values()];
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** The same finding given twice (one scan passed twice, two overlapping scans) is kept once. */
function uniqueFindings(parts: readonly InputPart[]): ReportFinding[] {
  const seen = new Set<string>();
  const out: ReportFinding[] = [];
  for (const part of parts) {
    const keys = findingKeys(part.findings);
    part.findings.forEach((f, i) => {
      const key = `${keys[i]}\0${f.line}:${f.column}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push(f);
    });
  }
  return out;
}

/** Repositories, then clusters, each in first-seen order; finding counts from the merged findings. */
function mergeScopes(parts: readonly InputPart[], findings: readonly ReportFinding[]): ScopeRow[] {
  const byKey = new Map<string, ScopeRow>();
  for (const scope of parts.flatMap((p) => p.scopes)) {
    const key = `${scope.type}\0${scope.name}`;
    const known = byKey.get(key);
    if (!known) byKey.set(key, { ...scope });
    else {
      known.read = Math.max(known.read ?? 0, scope.read ?? 0);
      known.reachable ||= scope.reachable;
    }
  }
  const counts = countBy(findings, (f) => `${f.source === 'file' ? 'repository' : 'cluster'}\0${f.scope}`);
  for (const [key, n] of Object.entries(counts)) {
    const [type, name] = key.split('\0') as ['repository' | 'cluster', string];
    const scope = byKey.get(key) ?? { name, type, read: null, findings: 0, reachable: true };
    scope.findings = n;
    byKey.set(key, scope);
  }
  return [...byKey.values()].sort((a, b) => (a.type === b.type ? 0 : a.type === 'repository' ? -1 : 1));
}

function compareReportFindings(a: ReportFinding, b: ReportFinding): number {
  const byType = Number(a.source !== 'file') - Number(b.source !== 'file');
  if (byType !== 0) return byType;
  if (a.scope !== b.scope) return a.scope < b.scope ? -1 : 1;
  if (a.fixAt !== b.fixAt) return a.fixAt < b.fixAt ? -1 : 1;
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

export function summarize(model: Omit<ReportModel, 'summary'>): ReportSummary {
  const scopes = countBy(model.scopes, (s) => s.type);
  return {
    findings: model.findings.length,
    byKind: countBy(model.findings, (f) => f.kind),
    byRule: countBy(model.findings, (f) => f.rule),
    bySource: countBy(model.findings, (f) => f.source),
    images: model.images.length,
    byVerdict: countBy(model.images, (i) => i.verdict),
    mirrored: model.mirrors.length,
    byMirrorStatus: countBy(model.mirrors, (m) => m.status),
    repositories: scopes['repository'] ?? 0,
    clusters: scopes['cluster'] ?? 0,
    pullFailures: model.pullFailures.length,
    errors: model.errors.length,
  };
}

export function mergeParts(parts: readonly InputPart[], baseline?: readonly InputPart[]): ReportModel {
  const findings = uniqueFindings(parts).sort(compareReportFindings);
  const model: Omit<ReportModel, 'summary'> = {
    inputs: parts.flatMap((p) => (p.kind ? [{ name: p.name, kind: p.kind }] : [])),
    scopes: mergeScopes(parts, findings),
    findings,
    images: lastByKey(
      parts.flatMap((p) => p.images),
      (i) => `${i.image}\0${i.target ?? ''}`,
    ),
    connectivity: lastByKey(
      parts.flatMap((p) => p.connectivity),
      (c) => c.registry,
    ),
    mirrors: lastByKey(
      parts.flatMap((p) => p.mirrors),
      (m) => `${m.source}\0${m.target}`,
    ),
    pullFailures: lastByKey(
      parts.flatMap((p) => p.pullFailures),
      (p) => JSON.stringify(p),
    ),
    errors: [...parts, ...(baseline ?? [])].flatMap((p) => p.errors),
    baseline: baseline ? applyBaseline(findings, uniqueFindings(baseline)) : null,
  };
  return { ...model, summary: summarize(model) };
}
