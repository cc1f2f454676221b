// CEL for the admission policies (ValidatingAdmissionPolicy, MutatingAdmissionPolicy, Kyverno's CEL
// policies): where each kind keeps its pod spec, its containers, and the rules as regular expressions.
import type { Rule } from '../rules/types.js';
import { anyMatchPattern, movedPatterns, orderedForms, type PrefixForm, ruleForms } from './patterns.js';

/** A CEL string literal (single quotes; backslashes and quotes escaped). */
export function celString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A regular expression as a CEL raw string: the patterns never contain a quote. */
export function celPattern(pattern: string): string {
  if (pattern.includes("'")) throw new Error(`pattern with a quote: ${pattern}`);
  return `r'${pattern}'`;
}

/** The pod spec of any kind the policies match, from `object` or `oldObject`. */
export function podSpecOf(root: string): string {
  return [
    `${root}.kind == 'Pod' ? ${root}.spec :`,
    `${root}.kind == 'CronJob' ? ${root}.spec.jobTemplate.spec.template.spec :`,
    `${root}.kind == 'PodTemplate' ? ${root}.template.spec :`,
    `${root}.spec.template.spec`,
  ].join(' ');
}

/** The three container lists, as they are named in messages. */
export const containerLists = [
  { field: 'containers', label: 'container' },
  { field: 'initContainers', label: 'init container' },
  { field: 'ephemeralContainers', label: 'ephemeral container' },
] as const;

/** Every container of a pod spec as `{list, label, name, image}`: the lists hold different types. */
export function containersOf(spec: string): string {
  return containerLists
    .map(
      ({ field, label }) =>
        `(has(${spec}.${field}) ? ${spec}.${field}.map(c, {'list': '${field}', 'label': '${label}', ` +
        `'name': string(c.name), 'image': has(c.image) ? string(c.image) : ''}) : [])`,
    )
    .join(' + ');
}

/** `list/name=image` for one container: what an UPDATE must change for the container to count. */
export function containerKey(field: string, container = 'c'): string {
  return `'${field}/' + string(${container}.name) + '=' + (has(${container}.image) ? string(${container}.image) : '')`;
}

/** The keys of every container of a pod spec (see containerKey). */
export function containerKeysOf(spec: string): string {
  return containerLists
    .map(({ field }) => `(has(${spec}.${field}) ? ${spec}.${field}.map(c, ${containerKey(field)}) : [])`)
    .join(' + ');
}

/** True for an image some rule matches and no exclusion does. */
export function movedTest(image: string, rules: readonly Rule[], excluded: readonly Rule[]): string {
  const { any, guarded } = movedPatterns(rules);
  const tests = [
    ...(any === undefined ? [] : [`${image}.matches(${celPattern(any)})`]),
    ...guarded.map((f) => formTest(image, f)),
  ];
  if (tests.length === 0) return 'false';
  const test = tests.length === 1 ? tests[0]! : `(${tests.join(' || ')})`;
  // An exclusion is a prefix the policy lets through, however it is written: every form of it, no exceptions.
  const exclusion = anyMatchPattern(excluded.flatMap(ruleForms));
  return exclusion === undefined ? test : `${test} && !${image}.matches(${celPattern(exclusion)})`;
}

/** True when this form covers the image. */
function formTest(image: string, form: PrefixForm): string {
  const test = `${image}.matches(${celPattern(form.match)})`;
  return form.unless ? `(${test} && !${image}.matches(${celPattern(form.unless)}))` : test;
}

function replacedPrefix(image: string, form: PrefixForm): string {
  const { replacement } = form;
  if (replacement.type === 'none') return "''";
  if (replacement.type === 'constant') return celString(replacement.text);
  const host = `${image}.substring(0, ${image}.indexOf('/'))`;
  return replacement.rest === '' ? host : `${host} + ${celString(`/${replacement.rest}`)}`;
}

/** The image with its matched prefix replaced, the rule the matcher prefers winning (as in scan); '' when
 * that rule names no target (report only). */
export function replacementOf(image: string, rules: readonly Rule[]): string {
  let expression = image;
  for (const form of [...orderedForms(rules)].reverse()) {
    const rest = `${image}.substring(size(${image}.find(${celPattern(form.prefix)})))`;
    const replaced = form.replacement.type === 'none' ? "''" : `${replacedPrefix(image, form)} + ${rest}`;
    expression = `(${formTest(image, form)} ? ${replaced} : ${expression})`;
  }
  return expression;
}
