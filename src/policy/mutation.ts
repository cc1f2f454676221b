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

/** Where each kind keeps its pod spec: as CEL from `object`, and as a JSON pointer. */
const specPlaces = [
  { kind: 'Pod', cel: 'object.spec', pointer: '/spec' },
  {
    kind: 'CronJob',
    cel: 'object.spec.jobTemplate.spec.template.spec',
    pointer: '/spec/jobTemplate/spec/template/spec',
  },
  { kind: 'PodTemplate', cel: 'object.template.spec', pointer: '/template/spec' },
  // Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job.
  { kind: '', cel: 'object.spec.template.spec', pointer: '/spec/template/spec' },
] as const;

/** JSON patches replacing each moved image of one pod spec (on UPDATE, only added or changed containers). */
function specPatches(
  rules: readonly Rule[],
  excluded: readonly Rule[],
  spec: string,
  pointer: string,
): string {
  return containerLists
    .map(({ field }) => {
      const list = `${spec}.${field}`;
      const moved = `has(c.image) && !(${containerKey(field)} in variables.oldKeys) && ${movedTest('c.image', rules, excluded)}`;
      // [index, replacement] first: a tag the move left behind has none ('') and is not rewritten.
      const pairs = `${list}.transformList(i, c, ${moved}, [i, ${replacementOf('c.image', rules)}])`;
      const patch = `JSONPatch{op: 'replace', path: '${pointer}/${field}/' + string(p[0]) + '/image', value: string(p[1])}`;
      return `(has(${list}) ? ${pairs}.filter(p, p[1] != '').map(p, ${patch}) : [])`;
    })
    .join(' + ');
}

/**
 * JSON patches replacing each moved image the request adds: in Pods, and with `mutateTemplates` in every
 * pod template too (the pod spec's place depends on the kind).
 */
export function imagePatches(rules: readonly Rule[], options: ResolvedPolicyOptions): string {
  const excluded = exclusionRules(options);
  const pod = specPlaces[0];
  if (!options.mutateTemplates) return specPatches(rules, excluded, pod.cel, pod.pointer);
  const fallback = specPlaces[specPlaces.length - 1]!;
  return specPlaces
    .slice(0, -1)
    .reduceRight(
      (otherwise, place) =>
        `(object.kind == '${place.kind}' ? ${specPatches(rules, excluded, place.cel, place.pointer)} : ${otherwise})`,
      specPatches(rules, excluded, fallback.cel, fallback.pointer),
    );
}

/** The kinds mutation acts on: Pods, or with `mutateTemplates` every kind that holds a pod spec. */
export function mutatedKinds(options: ResolvedPolicyOptions) {
  return options.mutateTemplates ? podSpecKinds : podSpecKinds.filter((k) => k.kind === 'Pod');
}

export function mutatingAdmissionPolicy(allRules: readonly Rule[], options: ResolvedPolicyOptions) {
  const rules = rewriteRules(allRules);
  const name = `${options.name}-rewrite`;
  const oldKeys = validationVariables(rules, options).filter((v) => v.name.startsWith('old'));
  const kinds = mutatedKinds(options);
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicy',
    metadata: { name, labels: managedByLabels },
    spec: {
      // A failed rewrite admits the Pod unchanged; the validating policy still reports (or denies) it.
      failurePolicy: 'Ignore',
      reinvocationPolicy: 'IfNeeded',
      matchConstraints: {
        resourceRules: resourceRules(kinds, ['CREATE', 'UPDATE']),
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
