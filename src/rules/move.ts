import { tryParseReference } from '../reference/parse.js';
import { applyMatch, matchRule } from './match.js';
import type { Rule, RuleMatch } from './types.js';

const patterns = new Map<string, RegExp>();

/** A tag glob (`*` for any run of characters, everything else literal) as an anchored expression. */
function tagPattern(glob: string): RegExp {
  let pattern = patterns.get(glob);
  if (!pattern) {
    const source = glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&'))
      .join('.*');
    pattern = new RegExp(`^${source}$`);
    patterns.set(glob, pattern);
  }
  return pattern;
}

/** The tag of `image` when the rule's move left it behind, else undefined. */
export function excludedTag(rule: Rule, image: string | null): string | undefined {
  if (!rule.exceptTags || image === null) return undefined;
  const parsed = tryParseReference(image);
  const tag = parsed.ok ? parsed.reference.tag : undefined;
  if (tag === undefined) return undefined;
  return rule.exceptTags.some((glob) => tagPattern(glob).test(tag)) ? tag : undefined;
}

/** Where a matched reference goes, and what a person should know about it. */
export interface Move {
  /** The new text for the match; null when there is none (a report-only rule without a target, a tag left behind). */
  target: string | null;
  /** The rule's note, or why there is no target. */
  note: string | null;
}

/**
 * The move for `text` (the match as written); `image` is the whole reference when known (a Helm `repository`
 * value's composed image), for the tag exceptions.
 */
export function moveOf(text: string, match: RuleMatch, image: string | null = text): Move {
  const { rule } = match;
  const tag = excludedTag(rule, image);
  if (tag !== undefined) {
    return {
      target: null,
      note: `no target: this tag (${tag}) was not copied to ${rule.to}; mirror it or move to a maintained image`,
    };
  }
  return { target: rule.to === null ? null : applyMatch(text, match), note: rule.note ?? null };
}

/**
 * Why `image` has no target although a rule matches it (its tag was not copied), or undefined. `check`
 * reports such an image `missing` with this reason instead of asking a registry.
 */
export function tagLeftBehind(image: string, rules: readonly Rule[]): string | undefined {
  const match = matchRule(image, rules);
  if (!match || excludedTag(match.rule, image) === undefined) return undefined;
  return moveOf(image, match).note ?? undefined;
}
