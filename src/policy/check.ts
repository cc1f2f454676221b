// `regshift policy --check`: of what scan (or cluster) found, what would the policy act on today?
// Only container images in pod specs count (a Dockerfile or a README never reaches admission), minus
// the exemptions the policy is generated with.
import type { Finding } from '../findings.js';
import { matchRule } from '../rules/match.js';
import { type PolicyOptions, resolvePolicyOptions } from './options.js';
import { exclusionRules } from './validation.js';

const containerImage = /(?:^|\.)(?:containers|initContainers|ephemeralContainers)\[\d+\]\.image$/;

/** Findings the generated policy would warn about, record or deny if they were applied now. */
export function policyWouldAct<F extends Finding & { namespace?: string | null; fieldPath?: string }>(
  findings: readonly F[],
  options: PolicyOptions = {},
): F[] {
  const resolved = resolvePolicyOptions(options);
  const excluded = exclusionRules(resolved);
  return findings.filter((f) => {
    const where = f.fieldPath ?? f.context ?? '';
    if (f.kind !== 'image' || f.image === null || !containerImage.test(where)) return false;
    if (f.namespace && resolved.excludeNamespaces.includes(f.namespace)) return false;
    return matchRule(f.image, excluded) === undefined;
  });
}
