// Rules: built-in registry moves, user configuration, and prefix matching. Pure but for loadConfig.
import { k8sRuleId } from './builtin.js';
import { type Config, configRules } from './config.js';
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
  return [...byPrefix.values()];
}
