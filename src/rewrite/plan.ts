import { resolve } from 'node:path';
import { RegshiftError } from '../errors.js';
import type { Finding, ScanReport } from '../findings.js';
import { builtinRules } from '../rules/builtin.js';
import { isRegistryPrefix } from '../rules/config.js';
import { matchRule } from '../rules/match.js';
import type { Rule } from '../rules/types.js';
import { isKustomizeSelector, selectorHazard } from './kustomize.js';
import type { FilePlan, FixPlan, LeftFinding, PlannedEdit } from './types.js';

export interface PlanOptions {
  /** Directory the report's paths are relative to (default: process.cwd()). */
  cwd?: string;
  /** The rules the report was made with (default: the built-in set). */
  rules?: readonly Rule[];
  /** Send every matched reference to this prefix instead of the rules' targets (a private mirror). */
  to?: string;
}

function left(finding: Finding, reason: LeftFinding['reason'], message: string): LeftFinding {
  return {
    path: finding.path,
    line: finding.line,
    column: finding.column,
    match: finding.match,
    reason,
    message,
  };
}

/** Why a finding is never rewritten, or undefined for the ones that are. */
function neverRewritten(finding: Finding): LeftFinding | undefined {
  if (finding.kind === 'mention')
    return left(
      finding,
      'mention',
      'a mention in prose, a URL or a key; renaming it would change its meaning',
    );
  if (finding.kind === 'policy')
    return left(
      finding,
      'policy',
      'inside a policy that guards the old registry; rewriting it would turn it against the new one',
    );
  if (finding.action === 'report')
    return left(finding, 'report-only', finding.note ?? `rule ${finding.rule} is report-only`);
  return undefined;
}

function replacementFor(
  finding: Finding,
  rules: readonly Rule[],
  to: string | undefined,
): string | undefined {
  if (to === undefined) return finding.replacement ?? undefined;
  const match = matchRule(finding.match, rules);
  return match ? to + finding.match.slice(match.length) : undefined;
}

/**
 * Decide every edit: image and registry findings are rewritten, the rest are listed with the reason they
 * are left. Works on a report from `scan()` or parsed from `scan -o json`.
 */
export function planFixes(report: ScanReport, options: PlanOptions = {}): FixPlan {
  const cwd = options.cwd ?? process.cwd();
  const rules = options.rules ?? builtinRules;
  if (options.to !== undefined && !isRegistryPrefix(options.to)) {
    throw new RegshiftError('FIX_TARGET_INVALID', `--to ${options.to} is not a registry prefix`, {
      hint: 'Write a host with an optional path, no tag or digest, for example --to registry.example.com/k8s',
    });
  }
  const byFile = new Map<string, FilePlan>();
  const byPath = new Map<string, Finding[]>();
  for (const f of report.findings)
    if (f.source === 'file') byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  const findingsOf = (path: string) => byPath.get(path) ?? [];
  const leftFindings: LeftFinding[] = [];
  for (const finding of report.findings) {
    if (finding.source !== 'file') continue;
    const reason = neverRewritten(finding);
    if (reason) {
      leftFindings.push(reason);
      continue;
    }
    const absolute = resolve(cwd, finding.path);
    if (isKustomizeSelector(finding)) {
      const hazard = selectorHazard(finding, absolute, report.findings, cwd, rules);
      if (hazard) {
        leftFindings.push(
          left(finding, 'kustomize-selector', `kustomize images[].name selector left alone: ${hazard}`),
        );
        continue;
      }
    }
    const after = replacementFor(finding, rules, options.to);
    if (after === undefined || after === finding.match) continue;
    const edit: PlannedEdit = {
      path: finding.path,
      line: finding.line,
      column: finding.column,
      before: finding.match,
      after,
      kind: finding.kind,
      rule: finding.rule,
    };
    let plan = byFile.get(finding.path);
    if (!plan) {
      plan = { path: finding.path, absolute, edits: [], findings: findingsOf(finding.path) };
      byFile.set(finding.path, plan);
    }
    plan.edits.push(edit);
  }
  return { cwd, files: [...byFile.values()], left: leftFindings };
}
