// Kyverno (>= 1.15): a ValidatingPolicy and, with --mutate, a MutatingPolicy (policies.kyverno.io/v1).
// They run the same CEL as the ValidatingAdmissionPolicy and the MutatingAdmissionPolicy, and match
// every pod template kind explicitly, so Kyverno's auto-generation for controllers is turned off.
import type { Rule } from '../rules/types.js';
import { celString } from './cel.js';
import { podSpecKinds, resourceRules } from './kinds.js';
import { imagePatches, mutatedKinds, rewriteRules } from './mutation.js';
import type { PolicyMode, ResolvedPolicyOptions } from './options.js';
import { managedByLabels, namespaceSelector, objectSelector } from './selectors.js';
import { validations, validationVariables } from './validation.js';

const actions: Record<PolicyMode, string[]> = { warn: ['Warn'], deny: ['Deny'], audit: ['Audit'] };
const noAutogen = { podControllers: { controllers: [] } };

/** The object's opt-out label again as a match condition: `kyverno apply` does not apply objectSelector. */
function notExempt(options: ResolvedPolicyOptions) {
  const key = celString(options.exemptLabel);
  return [
    {
      name: 'not-exempt',
      expression: `!has(object.metadata.labels) || !(${key} in object.metadata.labels) || object.metadata.labels[${key}] != 'true'`,
    },
  ];
}

export function kyvernoPolicies(rules: readonly Rule[], options: ResolvedPolicyOptions) {
  const match = (kinds: typeof podSpecKinds) => ({
    resourceRules: resourceRules(kinds, ['CREATE', 'UPDATE']),
    namespaceSelector: namespaceSelector(options),
    objectSelector: objectSelector(options),
  });
  const objects: Record<string, unknown>[] = [
    {
      apiVersion: 'policies.kyverno.io/v1',
      kind: 'ValidatingPolicy',
      metadata: { name: options.name, labels: managedByLabels },
      spec: {
        validationActions: actions[options.mode],
        failurePolicy: options.mode === 'deny' ? 'Fail' : 'Ignore',
        // The CEL reads the admission request (UPDATEs judge only added images): admission only.
        evaluation: { background: { enabled: false } },
        autogen: noAutogen,
        matchConstraints: match(podSpecKinds),
        matchConditions: notExempt(options),
        variables: validationVariables(rules, options),
        validations: validations(rules),
      },
    },
  ];
  if (options.mutate) {
    const rewrite = rewriteRules(rules);
    objects.push({
      apiVersion: 'policies.kyverno.io/v1',
      kind: 'MutatingPolicy',
      metadata: { name: `${options.name}-rewrite`, labels: managedByLabels },
      spec: {
        failurePolicy: 'Ignore',
        reinvocationPolicy: 'IfNeeded',
        evaluation: { background: { enabled: false } },
        autogen: noAutogen,
        matchConstraints: match(mutatedKinds(options)),
        matchConditions: notExempt(options),
        variables: validationVariables(rewrite, options).filter((v) => v.name.startsWith('old')),
        mutations: [{ patchType: 'JSONPatch', jsonPatch: { expression: imagePatches(rewrite, options) } }],
      },
    });
  }
  return objects;
}
