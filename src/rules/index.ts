// Rules: built-in registry moves, user configuration, and prefix matching. Pure but for loadConfig.
import { RegshiftError } from '../errors.js';
import { k8sRuleId } from './builtin.js';
import { type Config, configRules } from './config.js';
import { matchRule } from './match.js';
import { shippedRules } from './packs.js';
import type { Rule } from './types.js';

export * from './builtin.js';
export * from './config.js';
export * from './explain.js';
export * from './match.js';
export * from './move.js';
export * from './pack-rules.js';
export * from './packs.js';
export * from './prefix.js';
export * from './target.js';
export * from './types.js';
export * from './user-rule.js';

/**
 * The active rule set: the default pack (unless the config says `builtin: false`) and the packs the config
 * and --pack name, then config rules, then --rule flags. A later rule for the same prefix replaces an
 * earlier one: the user's own rule wins over the shipped one.
 */
export function resolveRules(
  config: Config | undefined,
  flagRules: readonly Rule[] = [],
  flagPacks: readonly string[] = [],
): Rule[] {
  const packs = [...((config?.builtin ?? true) ? [k8sRuleId] : []), ...(config?.packs ?? []), ...flagPacks];
  const byPrefix = new Map<string, Rule>();
  for (const rule of [
    ...shippedRules(packs, config?.variables),
    ...(config ? configRules(config) : []),
    ...flagRules,
  ]) {
    byPrefix.delete(rule.from);
    byPrefix.set(rule.from, rule);
  }
  const rules = [...byPrefix.values()];
  refuseCycles(rules);
  return rules;
}

/** Rules that send images back where they came from (A → B, B → A): each fix run would undo the last. */
function refuseCycles(rules: readonly Rule[]): void {
  const rewrites = rules.filter((r) => r.action === 'rewrite' && r.to !== null);
  for (const start of rewrites) {
    const seen: Rule[] = [start];
    for (let rule = start; ; ) {
      const next = matchRule(`${rule.to}/x`, rewrites)?.rule;
      if (!next) break;
      if (next === start) {
        const chain = [...seen, start].map((r) => r.from).join(' → ');
        throw new RegshiftError('RULE_LOOP', `rules send images round in a circle: ${chain}`, {
          hint: 'Drop or change one of these rules (a --rule or regshift.yaml rule replaces a pack rule for the same prefix).',
        });
      }
      if (seen.includes(next)) break;
      seen.push(next);
      rule = next;
    }
  }
}
