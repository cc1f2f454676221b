import type { ResolvedPolicyOptions } from './options.js';

/** Namespaces and objects the policies act on: not excluded, not labelled exempt. */
export function namespaceSelector(options: ResolvedPolicyOptions) {
  const expressions: { key: string; operator: 'NotIn'; values: string[] }[] = [
    { key: options.exemptLabel, operator: 'NotIn', values: ['true'] },
  ];
  if (options.excludeNamespaces.length > 0) {
    expressions.push({
      key: 'kubernetes.io/metadata.name',
      operator: 'NotIn',
      values: [...options.excludeNamespaces],
    });
  }
  return { matchExpressions: expressions };
}

export function objectSelector(options: ResolvedPolicyOptions) {
  return { matchExpressions: [{ key: options.exemptLabel, operator: 'NotIn', values: ['true'] }] };
}

export const managedByLabels = { 'app.kubernetes.io/managed-by': 'regshift' };
