import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { toPosix } from '../text/posix-path.js';

/** The ignore files honoured in every directory, in the order rules are added (later wins). */
const ignoreFileNames = ['.gitignore', '.ignore'];

/** One directory's ignore rules; paths are tested relative to `base`. */
export interface IgnoreLayer {
  base: string;
  rules: Ignore;
  /**
   * Verdicts by file name, when every pattern is a name without a slash (`*.log`, `node_modules/`,
   * `!keep.bak`): git then matches names alone, at any depth, so one verdict serves every file of that
   * name. The walker never enters an ignored directory, so no parent can change it.
   */
  byName: Map<string, { ignored: boolean; unignored: boolean }> | undefined;
}

/** True when no pattern of the file has a slash before its end (see IgnoreLayer.byName). */
function namesOnly(content: string): boolean {
  for (const raw of content.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const pattern = line.replace(/^!/, '').replace(/\/$/, '');
    if (pattern.includes('/') || pattern.includes('\\')) return false;
  }
  return true;
}

/** The rules of one directory's ignore files, or undefined when it has none. */
export function loadIgnoreLayer(dir: string, present?: (name: string) => boolean): IgnoreLayer | undefined {
  let rules: Ignore | undefined;
  let byName = true;
  for (const name of ignoreFileNames) {
    if (present && !present(name)) continue;
    let content: string;
    try {
      content = readFileSync(join(dir, name), 'utf8');
    } catch {
      continue;
    }
    rules ??= ignore();
    rules.add(content);
    byName &&= namesOnly(content);
  }
  return rules ? { base: dir, rules, byName: byName ? new Map() : undefined } : undefined;
}

/**
 * Layers from the enclosing git repository's top down to (not including) `root`, so
 * `regshift scan sub/` honours the repository's own .gitignore as git does.
 */
export function ancestorLayers(root: string): IgnoreLayer[] {
  if (existsSync(join(root, '.git'))) return [];
  const chain: string[] = [];
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    chain.push(dir);
    if (existsSync(join(dir, '.git'))) break;
    // Not inside a repository: only the tree's own ignore files count.
    if (dirname(dir) === dir) return [];
  }
  return chain
    .reverse()
    .map((dir) => loadIgnoreLayer(dir))
    .filter((layer): layer is IgnoreLayer => layer !== undefined);
}

function verdictByPath(layer: IgnoreLayer, path: string, isDirectory: boolean) {
  const rel = toPosix(path.slice(layer.base.endsWith(sep) ? layer.base.length : layer.base.length + 1));
  return layer.rules.test(isDirectory ? `${rel}/` : rel);
}

function verdictByName(
  layer: IgnoreLayer,
  byName: NonNullable<IgnoreLayer['byName']>,
  path: string,
  isDirectory: boolean,
) {
  const name = path.slice(path.lastIndexOf(sep) + 1);
  const key = isDirectory ? `${name}/` : name;
  let verdict = byName.get(key);
  if (!verdict) {
    verdict = layer.rules.test(key);
    byName.set(key, verdict);
  }
  return verdict;
}

/** Deepest layer with an opinion decides; a negation (`!keep.yaml`) can re-include. */
export function isIgnored(
  layers: readonly IgnoreLayer[],
  path: string,
  isDirectory: boolean,
  /** Test the whole path, parents included: for a path that did not come from the walk itself. */
  wholePath = false,
): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!;
    // Layers are ancestors of `path`, so slicing is `relative()` without its resolve/normalise.
    if (!path.startsWith(layer.base) || path.length <= layer.base.length) continue;
    const verdict =
      layer.byName && !wholePath
        ? verdictByName(layer, layer.byName, path, isDirectory)
        : verdictByPath(layer, path, isDirectory);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}
