// The generated patterns run by JavaScript's RegExp (which reads them as RE2 does: only classes, groups,
// alternation and anchors are used), to compare them with rules/match.ts on many images quickly.
import { movedPatterns, orderedForms, type PrefixForm } from '../../src/policy/patterns.js';
import type { Rule } from '../../src/rules/types.js';

const applies = (f: PrefixForm, image: string) =>
  new RegExp(f.match).test(image) && !(f.unless && new RegExp(f.unless).test(image));

/** As the CEL's moved test: the pattern of plain forms, or a guarded form that applies. */
export function patternMatches(image: string, rules: readonly Rule[]): boolean {
  const { any, guarded } = movedPatterns(rules);
  return (any !== undefined && new RegExp(any).test(image)) || guarded.some((f) => applies(f, image));
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
  const form = orderedForms(rules).find((f) => applies(f, image));
  return form ? replaced(image, form) : undefined;
}
