// The CEL that decides: which containers use a moved image, and the message naming each of them.
// Shared by ValidatingAdmissionPolicy and Kyverno's ValidatingPolicy (same CEL, same variables).
import type { Rule } from '../rules/types.js';
import { containerKeysOf, containersOf, movedTest, podSpecOf, replacementOf } from './cel.js';
import type { ResolvedPolicyOptions } from './options.js';

/** Containers named in one message; the rest are counted. */
const listedInMessage = 5;

export function validationVariables(rules: readonly Rule[], options: ResolvedPolicyOptions) {
  const excluded = exclusionRules(options);
  return [
    { name: 'spec', expression: podSpecOf('object') },
    { name: 'containers', expression: containersOf('variables.spec') },
    // Variables are evaluated lazily: oldObject is read only on UPDATE, where it exists.
    { name: 'oldSpec', expression: podSpecOf('oldObject') },
    {
      name: 'oldKeys',
      expression: `request.operation == 'UPDATE' ? ${containerKeysOf('variables.oldSpec')} : []`,
    },
    {
      // On UPDATE only containers the request adds or changes count: an object created before the
      // policy can still be labelled, scaled or have its finalizers removed.
      name: 'moved',
      expression:
        `variables.containers.filter(c, ${movedTest('c.image', rules, excluded)} && ` +
        `!((c.list + '/' + c.name + '=' + c.image) in variables.oldKeys))`,
    },
  ];
}

export function exclusionRules(options: ResolvedPolicyOptions): Rule[] {
  return options.excludeImages.map((from) => ({
    id: from,
    from,
    to: from,
    action: 'report',
    builtin: false,
  }));
}

export function validationMessage(rules: readonly Rule[]): string {
  const name =
    "(has(object.metadata.name) ? object.metadata.name : (has(object.metadata.generateName) ? object.metadata.generateName : ''))";
  const listed = `(size(variables.moved) > ${listedInMessage} ? variables.moved.slice(0, ${listedInMessage}) : variables.moved)`;
  // [x].map(r, …)[0] names the replacement once (CEL has no let in this environment).
  const each =
    `c.label + ' "' + c.name + '" uses ' + c.image + ', which moved' + ` +
    `[${replacementOf('c.image', rules)}].map(r, r == '' ? ' (no replacement known)' : ': use ' + r)[0]`;
  const more = `(size(variables.moved) > ${listedInMessage} ? '; and ' + string(size(variables.moved) - ${listedInMessage}) + ' more' : '')`;
  return `object.kind + ' ' + ${name} + ': ' + ${listed}.map(c, ${each}).join('; ') + ${more}`;
}

export function validations(rules: readonly Rule[]) {
  return [
    {
      expression: 'size(variables.moved) == 0',
      messageExpression: validationMessage(rules),
      reason: 'Forbidden',
    },
  ];
}
