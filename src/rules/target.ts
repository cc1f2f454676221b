/** Where an image moved: the target its input names (a finding's `replacement`), else the longest matching rule's. Pure. */
import { applyMatch, matchRule } from './match.js';
import type { Rule } from './types.js';

export function targetOf(
  input: { image: string; target?: string },
  rules: readonly Rule[],
): string | undefined {
  if (input.target) return input.target;
  const match = matchRule(input.image, rules);
  // A report-only rule without a target names no new location: the image is not compared with itself.
  return match && match.rule.to !== null ? applyMatch(input.image, match) : undefined;
}
