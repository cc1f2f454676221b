// ValidatingAdmissionPolicy and its binding (admissionregistration.k8s.io/v1, GA since 1.30).
import type { Rule } from '../rules/types.js';
import { podSpecKinds, resourceRules } from './kinds.js';
import type { PolicyMode, ResolvedPolicyOptions } from './options.js';
import { managedByLabels, namespaceSelector, objectSelector } from './selectors.js';
import { validations, validationVariables } from './validation.js';

const validationActions: Record<PolicyMode, string[]> = {
  warn: ['Warn'],
  deny: ['Deny'],
  audit: ['Audit'],
};

export function validatingAdmissionPolicy(rules: readonly Rule[], options: ResolvedPolicyOptions) {
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: options.name, labels: managedByLabels },
    spec: {
      // Deny fails closed; warn and audit must never block a request, not even on an error.
      failurePolicy: options.mode === 'deny' ? 'Fail' : 'Ignore',
      matchConstraints: {
        resourceRules: resourceRules(podSpecKinds, ['CREATE', 'UPDATE']),
        namespaceSelector: namespaceSelector(options),
        objectSelector: objectSelector(options),
      },
      variables: validationVariables(rules, options),
      validations: validations(rules),
    },
  };
  const binding = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: options.name, labels: managedByLabels },
    spec: { policyName: options.name, validationActions: validationActions[options.mode] },
  };
  return [policy, binding];
}
