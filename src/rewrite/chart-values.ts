import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, parseAllDocuments, type YAMLMap } from 'yaml';
import { LineIndex } from '../text/line-index.js';
import type { PlannedEdit } from './types.js';

export type ChartValueEdit = { edit: PlannedEdit } | { already: true } | { problem: string };

/** The key's column (0-based) in its line. */
function indentOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** A block map with at least one item whose keys start their lines, or undefined. */
function blockMap(node: unknown): YAMLMap | undefined {
  if (!isMap(node) || node.flow || node.items.length === 0) return undefined;
  return node;
}

function firstKeyOffset(map: YAMLMap): number | undefined {
  const key = map.items[0]?.key;
  return isScalar(key) && key.range ? key.range[0] : undefined;
}

function setIn(value: unknown, path: readonly string[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return true;
  const object = value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  return { ...object, [head]: setIn((object as Record<string, unknown>)[head], rest) };
}

type Place = { at: number; before: string; after: string } | { already: true };

/** The file's indentation step: the first nested block map's against the top level; two spaces if none. */
function stepOf(text: string, root: YAMLMap): number {
  for (const item of root.items) {
    const child = blockMap(item.value);
    const at = child && firstKeyOffset(child);
    if (at !== undefined) return Math.max(1, indentOf(text, at));
  }
  return 2;
}

/** Where to write `path: true` in one values document, as an insertion or a replacement. */
function locate(text: string, root: YAMLMap, path: readonly string[], eol: string): Place | undefined {
  let map = root;
  let parentIndent = 0;
  let depth = 0;
  for (; depth < path.length; depth++) {
    const item = map.items.find((i) => isScalar(i.key) && i.key.value === path[depth]);
    if (!item) break;
    if (depth === path.length - 1) {
      const value = item.value;
      if (isScalar(value) && value.value === true) return { already: true };
      if (!isScalar(value) || !value.range) return undefined;
      return { at: value.range[0], before: text.slice(value.range[0], value.range[1]), after: 'true' };
    }
    const next = blockMap(item.value);
    if (!next) return undefined;
    parentIndent = indentOf(text, firstKeyOffset(map) ?? 0);
    map = next;
  }
  const at = firstKeyOffset(map);
  if (at === undefined) return undefined;
  const indent = indentOf(text, at);
  const step = depth === 0 ? stepOf(text, root) : indent - parentIndent;
  if (step <= 0) return undefined;
  const rest = path.slice(depth);
  const lines = rest.map((key, i) => {
    const pad = i === 0 ? '' : ' '.repeat(indent + step * i);
    return `${pad}${key}:${i === rest.length - 1 ? ' true' : ''}`;
  });
  // Inserted before the map's first key, which then starts the next line at its own indentation.
  return { at, before: '', after: `${lines.join(eol)}${eol}${' '.repeat(indent)}` };
}

/**
 * The edit that sets a Helm value (`global.security.allowInsecureImages`) to true in a values file's text,
 * written in the file's own style, or why it cannot be done safely. The result is checked: it parses to the
 * old values with that one value set.
 */
export function setChartValue(text: string, path: readonly string[], file: string): ChartValueEdit {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0]!.errors.length > 0)
    return { problem: 'not a single YAML document' };
  const root = blockMap(docs[0]!.contents);
  if (!root || indentOf(text, firstKeyOffset(root) ?? 0) !== 0)
    return { problem: 'not a block mapping at the top' };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const place = locate(text, root, path, eol);
  if (!place) return { problem: `${path.join('.')} is not a plain value in block mappings` };
  if ('already' in place) return place;
  const newText = text.slice(0, place.at) + place.after + text.slice(place.at + place.before.length);
  try {
    const expected = setIn(docs[0]!.toJS(), path);
    const actual = parseAllDocuments(newText);
    if (!Array.isArray(actual) || actual.length !== 1 || actual[0]!.errors.length > 0)
      return { problem: 'the edited file would not parse' };
    if (!isDeepStrictEqual(actual[0]!.toJS(), expected))
      return { problem: 'the edited file would hold other values than the one set' };
  } catch (error) {
    // An alias bomb or a value JSON cannot hold: leave the file to a person.
    return { problem: (error as Error).message };
  }
  const { line, column } = new LineIndex(text).position(place.at);
  return {
    edit: {
      path: file,
      line,
      column,
      before: place.before,
      after: place.after,
      kind: 'registry',
      rule: 'chart-values',
    },
  };
}
