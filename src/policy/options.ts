import { type ErrorCode, RegshiftError } from '../errors.js';
import { isRegistryPrefix } from '../rules/config.js';

export type PolicyEngine = 'vap' | 'kyverno' | 'gatekeeper';
export type PolicyMode = 'warn' | 'deny' | 'audit';

export const policyEngines: readonly PolicyEngine[] = ['vap', 'kyverno', 'gatekeeper'];
export const policyModes: readonly PolicyMode[] = ['warn', 'deny', 'audit'];

export interface PolicyOptions {
  /** vap (ValidatingAdmissionPolicy, the default), kyverno or gatekeeper. */
  engine?: PolicyEngine;
  /** warn (default: admit and warn), deny, or audit (admit and record in the audit log). */
  mode?: PolicyMode;
  /** Also rewrite matched images in Pods (MutatingAdmissionPolicy, Kyverno mutate, Gatekeeper AssignImage). */
  mutate?: boolean;
  /**
   * With `mutate`, also rewrite the pod templates of controllers (Deployment, CronJob, …). GitOps tools
   * (Argo CD, Flux) then report drift: what they apply is not what is stored.
   */
  mutateTemplates?: boolean;
  /** Namespaces the policies never act in. */
  excludeNamespaces?: readonly string[];
  /** Image prefixes (whole host/path components, as rules match) the policies let through. */
  excludeImages?: readonly string[];
  /** An object or namespace with this label set to "true" is exempt. */
  exemptLabel?: string;
  /** metadata.name of the generated objects (each engine adds its suffixes). */
  name?: string;
}

export interface ResolvedPolicyOptions {
  engine: PolicyEngine;
  mode: PolicyMode;
  mutate: boolean;
  mutateTemplates: boolean;
  excludeNamespaces: readonly string[];
  excludeImages: readonly string[];
  exemptLabel: string;
  name: string;
}

export const defaultExemptLabel = 'regshift.io/exempt';
export const defaultPolicyName = 'regshift-moved-registries';

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const labelKey = /^(?:[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

function invalid(code: ErrorCode, message: string, hint: string): never {
  throw new RegshiftError(code, message, { hint });
}

/** Options with their defaults, validated: everything here ends up inside an object sent to a cluster. */
export function resolvePolicyOptions(options: PolicyOptions = {}): ResolvedPolicyOptions {
  const resolved: ResolvedPolicyOptions = {
    engine: options.engine ?? 'vap',
    mode: options.mode ?? 'warn',
    mutate: (options.mutate ?? false) || (options.mutateTemplates ?? false),
    mutateTemplates: options.mutateTemplates ?? false,
    excludeNamespaces: options.excludeNamespaces ?? [],
    excludeImages: options.excludeImages ?? [],
    exemptLabel: options.exemptLabel ?? defaultExemptLabel,
    name: options.name ?? defaultPolicyName,
  };
  if (!policyEngines.includes(resolved.engine))
    invalid(
      'POLICY_ENGINE',
      `unknown policy engine "${resolved.engine}"`,
      'Choose vap, kyverno or gatekeeper.',
    );
  if (!policyModes.includes(resolved.mode))
    invalid('POLICY_MODE', `unknown policy mode "${resolved.mode}"`, 'Choose warn, deny or audit.');
  for (const ns of resolved.excludeNamespaces) {
    if (!dnsLabel.test(ns))
      invalid(
        'POLICY_NAMESPACE',
        `"${ns}" is not a namespace name`,
        'Namespace names are DNS labels (a-z, 0-9, -).',
      );
  }
  for (const prefix of resolved.excludeImages) {
    if (!isRegistryPrefix(prefix))
      invalid(
        'POLICY_EXCLUDE_IMAGE',
        `"${prefix}" is not an image prefix`,
        'Give a registry host with optional path, e.g. k8s.gcr.io/pause (no tag or digest).',
      );
  }
  if (!labelKey.test(resolved.exemptLabel))
    invalid(
      'POLICY_LABEL',
      `"${resolved.exemptLabel}" is not a label key`,
      'Write it as prefix/name, e.g. regshift.io/exempt.',
    );
  if (!dnsLabel.test(resolved.name))
    invalid(
      'POLICY_NAME',
      `"${resolved.name}" is not a valid object name`,
      'Use lowercase letters, digits and -.',
    );
  return resolved;
}
