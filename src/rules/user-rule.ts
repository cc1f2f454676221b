import { RegshiftError } from '../errors.js';
import { canonicalPrefix, coversPrefix } from './prefix.js';
import type { Rule, RuleAction } from './types.js';

/** Why a rule from FROM to TO would rewrite its own output, or undefined when it would not. */
export function loopProblem(from: string, to: string | null): string | undefined {
  if (to === null) return undefined;
  const source = canonicalPrefix(from);
  const target = canonicalPrefix(to);
  if (source === target) return `"${from}" and "${to}" are the same registry prefix (${source})`;
  if (coversPrefix(source, target))
    return `the target "${to}" lies inside "${from}", so every rewritten reference would match again`;
  return undefined;
}

const loopHint =
  'Point the rule at a prefix outside FROM, for example docker.io/bitnami=docker.io/bitnamilegacy; ' +
  'to only report a prefix, use `action: report` in regshift.yaml.';

/** A user's rule (config file or --rule flag) in canonical form; refuses one that would loop. */
export function userRule(
  spec: {
    id?: string | undefined;
    from: string;
    to: string | null;
    action: RuleAction;
    exceptTags?: readonly string[] | undefined;
    note?: string | undefined;
  },
  where: string,
): Rule {
  const problem = loopProblem(spec.from, spec.to);
  if (problem) throw new RegshiftError('RULE_LOOP', `${where}: ${problem}`, { hint: loopHint });
  const from = canonicalPrefix(spec.from);
  return {
    id: spec.id ?? from,
    from,
    to: spec.to === null ? null : canonicalPrefix(spec.to),
    action: spec.action,
    builtin: false,
    ...(spec.exceptTags ? { exceptTags: spec.exceptTags } : {}),
    ...(spec.note ? { note: spec.note } : {}),
  };
}
