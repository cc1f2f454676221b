/** Where an image moved: the target its input names (a finding's `replacement`), else the longest matching rule's. Pure. */
import { matchRule } from './match.js';
import { moveOf } from './move.js';
import type { Rule } from './types.js';

export function targetOf(
  input: { image: string; target?: string },
  rules: readonly Rule[],
): string | undefined {
  if (input.target) return input.target;
  const match = matchRule(input.image, rules);
  // A report-only rule without a target, or a tag the move left behind (exceptTags), names no new
  // location: the image is not compared with itself, and `mirror` reads it where it still is.
  return match ? (moveOf(input.image, match).target ?? undefined) : undefined;
}
