import { RegshiftError } from '../errors.js';
import { pathComponent } from '../reference/grammar.js';
import { canonicalPrefix } from './prefix.js';
import type { PackRule, Rule, RulePack } from './types.js';

const variable = /\{([a-z][a-z0-9_]*)\}/g;
const component = new RegExp(`^${pathComponent}$`);

/** The variables a prefix names, in order. */
function variablesIn(prefix: string | null): string[] {
  return prefix === null ? [] : [...prefix.matchAll(variable)].map((m) => m[1]!);
}

function fill(prefix: string, values: Readonly<Record<string, string>>): string {
  return prefix.replace(variable, (_, name: string) => values[name]!);
}

/**
 * One pack rule as a Rule. A variable without a value makes it report-only, on the prefix before the
 * variable (`gcr.io/{project}` reports every `gcr.io/…`), with a note naming the value to set.
 */
function toRule(pack: RulePack, spec: PackRule, values: Readonly<Record<string, string>>): Rule {
  const base = {
    id: pack.name,
    builtin: true,
    pack: pack.name,
    since: spec.since ?? pack.since,
    source: spec.source ?? pack.source,
    ...(spec.exceptTags ? { exceptTags: spec.exceptTags } : {}),
    ...(spec.exceptRepositories ? { exceptRepositories: spec.exceptRepositories } : {}),
    ...(spec.helmValue ? { helmValue: spec.helmValue } : {}),
  };
  const missing = [...new Set([...variablesIn(spec.from), ...variablesIn(spec.to)])].filter(
    (name) => values[name] === undefined,
  );
  if (missing.length > 0) {
    const from = spec.from.slice(0, spec.from.indexOf('{')).replace(/\/$/, '');
    const wanted = missing.map((name) => `variables.${name} (${pack.variables?.[name] ?? name})`).join(', ');
    return {
      ...base,
      from: canonicalPrefix(from),
      to: null,
      action: 'report',
      note: `no target until regshift.yaml sets ${wanted}.${spec.note ? ` ${spec.note}` : ''}`,
    };
  }
  return {
    ...base,
    from: canonicalPrefix(fill(spec.from, values)),
    to: spec.to === null ? null : canonicalPrefix(fill(spec.to, values)),
    action: spec.action,
    ...(spec.note ? { note: spec.note } : {}),
  };
}

/** A pack's rules with the user's variables filled in; a value that is not a path component is refused. */
export function packRules(pack: RulePack, values: Readonly<Record<string, string>>): Rule[] {
  for (const name of Object.keys(pack.variables ?? {})) {
    const value = values[name];
    if (value !== undefined && !component.test(value)) {
      throw new RegshiftError(
        'CONFIG_INVALID',
        `variables.${name} "${value}" is not one lowercase path component (pack ${pack.name})`,
        { hint: `Write ${pack.variables?.[name] ?? name}.` },
      );
    }
  }
  return pack.rules.map((spec) => toRule(pack, spec, values));
}
