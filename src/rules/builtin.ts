import { packRules } from './pack-rules.js';
import type { Rule, RulePack } from './types.js';

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

/** The pack that is on by default: every image there is on registry.k8s.io with the same digest. */
export const k8sPack: RulePack = {
  name: k8sRuleId,
  title: 'Kubernetes images: k8s.gcr.io and the old gcr.io names frozen, registry.k8s.io serves them',
  since: '2023-04-03',
  source: 'https://kubernetes.io/blog/2023/02/06/k8s-gcr-io-freeze-announcement/',
  defaultOn: true,
  overrides: ['gcr'],
  rules: k8sLegacyPrefixes.map((from) => ({ from, to: k8sTarget, action: 'rewrite' as const })),
};

export const builtinRules: readonly Rule[] = packRules(k8sPack, {});
