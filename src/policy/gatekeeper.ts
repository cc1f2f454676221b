// Gatekeeper: a ConstraintTemplate (Rego, fixed) and a constraint carrying the rules as patterns. The
// constraint matches every pod template kind itself, so no ExpansionTemplate is needed and messages
// name the object that was actually written (the Deployment, not a Pod that does not exist yet).
import { RegshiftError } from '../errors.js';
import type { Rule } from '../rules/types.js';
import { gatekeeperRego } from './gatekeeper-rego.js';
import { podSpecKinds } from './kinds.js';
import type { PolicyMode, ResolvedPolicyOptions } from './options.js';
import { anyMatchPattern, movedPatterns, orderedForms, ruleForms } from './patterns.js';
import { managedByLabels } from './selectors.js';
import { exclusionRules } from './validation.js';

export const gatekeeperKind = 'RegshiftMovedRegistries';

/** Audit: admitted, and Gatekeeper's audit records the violation in the constraint's status. */
const enforcementAction: Record<PolicyMode, string> = { deny: 'deny', warn: 'warn', audit: 'dryrun' };

const stringProperty = { type: 'string' };

export function gatekeeperPolicies(rules: readonly Rule[], options: ResolvedPolicyOptions) {
  if (options.mutate)
    throw new RegshiftError('POLICY_MUTATE_UNSUPPORTED', 'Gatekeeper cannot rewrite only the moved images', {
      hint:
        "Gatekeeper's AssignImage sets a domain or path on every image it matches, with no condition on the " +
        'current prefix. Use --engine vap --mutate (Kubernetes >= 1.36) or --engine kyverno --mutate.',
    });
  const template = {
    apiVersion: 'templates.gatekeeper.sh/v1',
    kind: 'ConstraintTemplate',
    metadata: { name: gatekeeperKind.toLowerCase(), labels: managedByLabels },
    spec: {
      crd: {
        spec: {
          names: { kind: gatekeeperKind },
          validation: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                any: stringProperty,
                exclude: stringProperty,
                forms: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      match: stringProperty,
                      prefix: stringProperty,
                      unless: stringProperty,
                      type: stringProperty,
                      text: stringProperty,
                      rest: stringProperty,
                    },
                  },
                },
              },
            },
          },
        },
      },
      targets: [{ target: 'admission.k8s.gatekeeper.sh', rego: gatekeeperRego }],
    },
  };
  const groups = [...new Set(podSpecKinds.map((k) => k.group))];
  const constraint = {
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    kind: gatekeeperKind,
    metadata: { name: options.name, labels: managedByLabels },
    spec: {
      enforcementAction: enforcementAction[options.mode],
      match: {
        kinds: groups.map((group) => ({
          apiGroups: [group],
          kinds: podSpecKinds.filter((k) => k.group === group).map((k) => k.kind),
        })),
        ...(options.excludeNamespaces.length > 0
          ? { excludedNamespaces: [...options.excludeNamespaces] }
          : {}),
        namespaceSelector: {
          matchExpressions: [{ key: options.exemptLabel, operator: 'NotIn', values: ['true'] }],
        },
        labelSelector: {
          matchExpressions: [{ key: options.exemptLabel, operator: 'NotIn', values: ['true'] }],
        },
      },
      parameters: {
        any: movedPatterns(rules).any ?? '$^',
        exclude: anyMatchPattern(exclusionRules(options).flatMap(ruleForms)) ?? '',
        forms: orderedForms(rules).map((f) => ({
          match: f.match,
          prefix: f.prefix,
          ...(f.unless ? { unless: f.unless } : {}),
          type: f.replacement.type,
          ...(f.replacement.type === 'constant' ? { text: f.replacement.text } : {}),
          ...(f.replacement.type === 'keep-host' ? { rest: f.replacement.rest } : {}),
        })),
      },
    },
  };
  return [template, constraint];
}
