// MutatingAdmissionPolicy (admissionregistration.k8s.io/v1, GA in 1.36): rewrite the matched prefix in
// the three container lists of Pods. The result no longer matches any rule, so a second pass (or a
// controller and its Pods both mutated) never prefixes twice; tags and digests are kept as written.
import type { Rule } from '../rules/types.js';
import { containerKey, containerLists, movedTest, replacementOf } from './cel.js';
import { podSpecKinds, resourceRules } from './kinds.js';
import type { ResolvedPolicyOptions } from './options.js';
import { managedByLabels, namespaceSelector, objectSelector } from './selectors.js';
import { exclusionRules, validationVariables } from './validation.js';

/** Only rules that rewrite: a report-only rule never changes an image. */
export function rewriteRules(rules: readonly Rule[]): Rule[] {
  return rules.filter((r) => r.action === 'rewrite');
}

/** JSON patches replacing each moved image the request adds (on UPDATE, only added or changed containers). */
export function imagePatches(rules: readonly Rule[], options: ResolvedPolicyOptions): string {
  const excluded = exclusionRules(options);
  return containerLists
    .map(({ field }) => {
      const list = `object.spec.${field}`;
      const moved = `has(c.image) && !(${containerKey(field)} in variables.oldKeys) && ${movedTest('c.image', rules, excluded)}`;
      const patch = `JSONPatch{op: 'replace', path: '/spec/${field}/' + string(i) + '/image', value: ${replacementOf('c.image', rules)}}`;
      return `(has(${list}) ? ${list}.transformList(i, c, ${moved}, ${patch}) : [])`;
    })
    .join(' + ');
}

export function mutatingAdmissionPolicy(allRules: readonly Rule[], options: ResolvedPolicyOptions) {
  const rules = rewriteRules(allRules);
  const name = `${options.name}-rewrite`;
  const oldKeys = validationVariables(rules, options).filter((v) => v.name.startsWith('old'));
  const pods = podSpecKinds.filter((k) => k.kind === 'Pod');
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicy',
    metadata: { name, labels: managedByLabels },
    spec: {
      // A failed rewrite admits the Pod unchanged; the validating policy still reports (or denies) it.
      failurePolicy: 'Ignore',
      reinvocationPolicy: 'IfNeeded',
      matchConstraints: {
        resourceRules: resourceRules(pods, ['CREATE', 'UPDATE']),
        namespaceSelector: namespaceSelector(options),
        objectSelector: objectSelector(options),
      },
      variables: oldKeys,
      mutations: [{ patchType: 'JSONPatch', jsonPatch: { expression: imagePatches(rules, options) } }],
    },
  };
  const binding = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicyBinding',
    metadata: { name, labels: managedByLabels },
    spec: { policyName: name },
  };
  return [policy, binding];
}
