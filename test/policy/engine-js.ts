// The generated patterns run by JavaScript's RegExp (which reads them as RE2 does: only classes, groups,
// alternation and anchors are used), to compare them with rules/match.ts on many images quickly.
import { anyMatchPattern, orderedForms, type PrefixForm } from '../../src/policy/patterns.js';
import type { Rule } from '../../src/rules/types.js';

export function patternMatches(image: string, rules: readonly Rule[]): boolean {
  const pattern = anyMatchPattern(rules);
  return pattern !== undefined && new RegExp(pattern).test(image);
}

function replaced(image: string, form: PrefixForm): string {
  const prefix = new RegExp(form.prefix).exec(image)![0];
  const rest = image.slice(prefix.length);
  const r = form.replacement;
  if (r.type === 'none') return image;
  if (r.type === 'constant') return r.text + rest;
  const host = image.slice(0, image.indexOf('/'));
  return (r.rest === '' ? host : `${host}/${r.rest}`) + rest;
}

/** The image as the generated CEL rewrites it, or undefined when no form matches. */
export function patternReplacement(image: string, rules: readonly Rule[]): string | undefined {
  const form = orderedForms(rules).find((f) => new RegExp(f.match).test(image));
  return form ? replaced(image, form) : undefined;
}
