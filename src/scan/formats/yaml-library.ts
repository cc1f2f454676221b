import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

const requireLazily = createRequire(import.meta.url);

/**
 * The `yaml` library, loaded on first use: block-yaml.ts reads the usual manifest without it, and loading
 * it costs more than scanning a small tree does.
 */
let loaded: typeof Yaml | undefined;
export const yamlLibrary = (): typeof Yaml => {
  loaded ??= requireLazily('yaml') as typeof Yaml;
  return loaded;
};
