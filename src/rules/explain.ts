import { normalizedReference } from '../reference/normalize.js';
import { tryParseReference } from '../reference/parse.js';
import { matchRule } from './match.js';
import { excludedTag, moveOf } from './move.js';
import { packRules } from './pack-rules.js';
import { rulePacks } from './packs.js';
import type { Rule, RuleAction } from './types.js';

/** What `regshift rules --explain IMAGE` says about one image. */
export interface Explanation {
  image: string;
  /** The reference as a runtime pulls it (`bitnami/redis` → `docker.io/bitnami/redis:latest`). */
  normalized: string;
  /** The active rule that matches, or null. */
  rule: { id: string; from: string; to: string | null; action: RuleAction; pack: string | null } | null;
  /** The new reference; null when no rule matches or the match has no target. */
  target: string | null;
  /** True when `fix` would rewrite it. */
  rewritten: boolean;
  /** One sentence: what happens, or why nothing does. */
  reason: string;
  note: string | null;
  /** Shipped packs that are off but would match it. */
  packsThatMatch: string[];
}

/** Packs not in use whose rules would match `image`, variables unfilled. */
function offPacksMatching(image: string, active: readonly Rule[]): string[] {
  const on = new Set(active.map((r) => r.pack));
  return rulePacks.filter((p) => !on.has(p.name) && matchRule(image, packRules(p, {}))).map((p) => p.name);
}

function unmatched(image: string, normalized: string, reason: string, packsThatMatch: string[]): Explanation {
  return {
    image,
    normalized,
    rule: null,
    target: null,
    rewritten: false,
    reason,
    note: null,
    packsThatMatch,
  };
}

/** Which active rule matches `image` and what it becomes, or why none does. Undefined for an invalid reference. */
export function explainImage(image: string, rules: readonly Rule[]): Explanation | { error: string } {
  const parsed = tryParseReference(image);
  if (!parsed.ok) return { error: parsed.message };
  const normalized = normalizedReference(parsed.reference);
  const match = matchRule(image, rules);
  if (!match) {
    const keeper = rules.find(
      (r) => r.exceptRepositories && matchRule(image, [{ ...r, exceptRepositories: [] }]),
    );
    if (keeper) {
      const origin = keeper.pack ? `pack ${keeper.pack}` : 'your rule';
      const reason = `${origin} moves ${keeper.from}, but this repository stayed where it was: nothing to change`;
      return unmatched(image, normalized, reason, []);
    }
    const packsThatMatch = offPacksMatching(image, rules);
    const hint =
      packsThatMatch.length > 0
        ? `; turn on ${packsThatMatch.map((p) => `--pack ${p}`).join(' or ')} for it`
        : '; add one with --rule FROM=TO or in regshift.yaml if it moved';
    return unmatched(image, normalized, `no active rule covers ${normalized}${hint}`, packsThatMatch);
  }
  const { rule } = match;
  const move = moveOf(image, match);
  const rewritten = rule.action === 'rewrite' && move.target !== null;
  const origin = rule.pack ? `pack ${rule.pack}` : 'your rule';
  const tag = excludedTag(rule, image);
  const reason = rewritten
    ? `${origin} moves ${rule.from} to ${rule.to}: fix rewrites it`
    : tag !== undefined
      ? `${origin} matches ${rule.from}, but tag ${tag} was not copied to ${rule.to}: reported, never rewritten`
      : move.target === null
        ? `${origin} matches ${rule.from} but has no target (see the note): reported, never rewritten`
        : `${origin} matches ${rule.from} and is report-only: suggested ${move.target}, never rewritten`;
  return {
    image,
    normalized,
    rule: { id: rule.id, from: rule.from, to: rule.to, action: rule.action, pack: rule.pack ?? null },
    target: move.target,
    rewritten,
    reason,
    note: move.note,
    packsThatMatch: [],
  };
}
