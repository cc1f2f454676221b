// Rules: built-in registry moves, user configuration, and prefix matching. Pure but for loadConfig.
import { builtinRules } from './builtin.js';
import { type Config, configRules } from './config.js';
import type { Rule } from './types.js';

export * from './builtin.js';
export * from './config.js';
export * from './match.js';
export * from './prefix.js';
export * from './types.js';
export * from './user-rule.js';

/**
 * The active rule set: built-ins (unless the config turns them off), then config rules, then flags. A later
 * rule for the same prefix replaces an earlier one: the user's own rule wins over the shipped one.
 */
export function resolveRules(config: Config | undefined, flagRules: readonly Rule[] = []): Rule[] {
  const useBuiltin = config?.builtin ?? true;
  const byPrefix = new Map<string, Rule>();
  for (const rule of [
    ...(useBuiltin ? builtinRules : []),
    ...(config ? configRules(config) : []),
    ...flagRules,
  ]) {
    byPrefix.delete(rule.from);
    byPrefix.set(rule.from, rule);
  }
  return [...byPrefix.values()];
}
