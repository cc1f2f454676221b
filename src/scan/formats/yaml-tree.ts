import type { Document, Node, YAMLMap } from 'yaml';
import { joinPath, type ScalarSite, unquotedSource } from './sites.js';
import { yamlLibrary } from './yaml-library.js';

function siblingOf(map: YAMLMap | null, text: string): (key: string) => string | undefined {
  const { isScalar } = yamlLibrary();
  return (key) => {
    const node = map?.get(key, true);
    if (!isScalar(node) || !node.range || node.value === null || typeof node.value === 'object')
      return undefined;
    return unquotedSource(text, node.range[0], node.range[1]);
  };
}

const noSibling = () => undefined;

function collect(
  node: unknown,
  path: string,
  key: string | null,
  parent: YAMLMap | null,
  text: string,
  out: ScalarSite[],
): void {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlLibrary();
  if (isAlias(node) || node == null) return;
  if (isScalar(node)) {
    if (typeof node.value === 'string' && node.range) {
      const sibling = parent ? siblingOf(parent, text) : noSibling;
      out.push({
        start: node.range[0],
        end: node.range[1],
        value: node.value,
        path,
        isKey: false,
        key,
        sibling,
      });
    }
    return;
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const keyText = isScalar(keyNode) ? String(keyNode.value) : '?';
      if (isScalar(keyNode) && typeof keyNode.value === 'string' && keyNode.range) {
        const [start, end] = keyNode.range;
        out.push({
          start,
          end,
          value: keyNode.value,
          path: joinPath(path, keyText),
          isKey: true,
          key: null,
          sibling: noSibling,
        });
      }
      collect(pair.value, joinPath(path, keyText), keyText, node, text, out);
    }
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, index) => {
      collect(item, joinPath(path, index), null, null, text, out);
    });
  }
}

/** Every string scalar of a document, sorted by position. */
export function scalarSites(doc: Document, text: string): ScalarSite[] {
  const out: ScalarSite[] = [];
  collect(doc.contents, '', null, null, text, out);
  return out.sort((a, b) => a.start - b.start);
}
