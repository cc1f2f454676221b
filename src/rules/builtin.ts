import type { Rule } from './types.js';

export const k8sRuleId = 'k8s.gcr.io';
export const k8sTarget = 'registry.k8s.io';

/** Every name Kubernetes' own images were served under before registry.k8s.io. */
export const k8sLegacyPrefixes = [
  'k8s.gcr.io',
  'gcr.io/google-containers',
  'gcr.io/google_containers',
  'gcr.io/k8s-artifacts-prod',
  'us.gcr.io/k8s-artifacts-prod',
  'eu.gcr.io/k8s-artifacts-prod',
  'asia.gcr.io/k8s-artifacts-prod',
] as const;

export const builtinRules: readonly Rule[] = k8sLegacyPrefixes.map((from) => ({
  id: k8sRuleId,
  from,
  to: k8sTarget,
  action: 'rewrite',
  builtin: true,
}));
