// Rules: built-in registry moves, user configuration, and prefix matching. Pure but for loadConfig.
import { builtinRules } from './builtin.js';
import { type Config, configRules } from './config.js';
import type { Rule } from './types.js';

export * from './builtin.js';
export * from './config.js';
export * from './match.js';
export * from './target.js';
export * from './types.js';

/** The active rule set: built-ins (unless the config turns them off), then config rules, then flags. */
export function resolveRules(config: Config | undefined, flagRules: readonly Rule[] = []): Rule[] {
  const useBuiltin = config?.builtin ?? true;
  return [...(useBuiltin ? builtinRules : []), ...(config ? configRules(config) : []), ...flagRules];
}
