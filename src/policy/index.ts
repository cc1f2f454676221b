// Rules -> admission policies (ValidatingAdmissionPolicy, MutatingAdmissionPolicy, Kyverno,
// Gatekeeper). Pure: returns objects; the CLI serialises them.
import { RegshiftError } from '../errors.js';
import type { Rule } from '../rules/types.js';
import { gatekeeperPolicies } from './gatekeeper.js';
import { kyvernoPolicies } from './kyverno.js';
import { mutatingAdmissionPolicy } from './mutation.js';
import { type PolicyOptions, type ResolvedPolicyOptions, resolvePolicyOptions } from './options.js';
import { validatingAdmissionPolicy } from './vap.js';

export * from './options.js';
export { anyMatchPattern, movedPatterns, ruleForms } from './patterns.js';

/** A Kubernetes object as the API takes it. */
export type PolicyObject = { apiVersion: string; kind: string; metadata: { name: string } } & Record<
  string,
  unknown
>;

export interface GeneratedPolicy {
  /** The objects to apply, in order (a policy before its binding). */
  objects: PolicyObject[];
  /** What a person should know before applying them (the CLI prints these as YAML comments). */
  notes: string[];
}

function notesFor(options: ResolvedPolicyOptions): string[] {
  const notes: string[] = [];
  const flags = `--engine ${options.engine}${options.mutateTemplates ? ' --mutate-templates' : options.mutate ? ' --mutate' : ''}`;
  if (options.mode === 'warn')
    notes.push(
      'Warn mode: requests are admitted and the client sees a warning for each moved image.',
      `To enforce, first list what would be denied (regshift scan / regshift cluster), then regenerate with \`regshift policy ${flags} --mode deny\`.`,
    );
  if (options.mode === 'audit')
    notes.push(
      'Audit mode: requests are admitted and each moved image is recorded in the API server audit log.',
    );
  if (options.mode === 'deny')
    notes.push('Deny mode: requests that add an image from a moved registry are rejected.');
  notes.push(
    `Exempt an object or a namespace with the label ${options.exemptLabel}=true` +
      (options.excludeNamespaces.length > 0
        ? `; never acting in: ${options.excludeNamespaces.join(', ')}`
        : '') +
      '.',
  );
  if (options.mutateTemplates)
    notes.push(
      'Mutation also rewrites the pod templates of controllers: GitOps tools (Argo CD, Flux) will report ' +
        'drift, because what they apply is no longer what is stored. Fix the sources (regshift fix) as well.',
    );
  else if (options.mutate)
    notes.push('Mutation rewrites Pods only; the objects that create them keep the old images.');
  return notes;
}

/** Admission policies that decide as `scan` does: an image a rule matches is a moved image. */
export function generatePolicy(rules: readonly Rule[], options: PolicyOptions = {}): GeneratedPolicy {
  const resolved = resolvePolicyOptions(options);
  if (rules.length === 0)
    throw new RegshiftError('POLICY_NO_RULES', 'there are no rules to turn into a policy', {
      hint: 'Keep the built-in rules (builtin: true in regshift.yaml) or add one with --rule FROM=TO.',
    });
  const objects: Record<string, unknown>[] = [];
  if (resolved.engine === 'vap') {
    objects.push(...validatingAdmissionPolicy(rules, resolved));
    if (resolved.mutate) objects.push(...mutatingAdmissionPolicy(rules, resolved));
  } else if (resolved.engine === 'kyverno') {
    objects.push(...kyvernoPolicies(rules, resolved));
  } else {
    objects.push(...gatekeeperPolicies(rules, resolved));
  }
  return { objects: objects as PolicyObject[], notes: notesFor(resolved) };
}
export { policyWouldAct } from './check.js';
