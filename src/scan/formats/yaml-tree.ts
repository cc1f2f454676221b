import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';

/** A string scalar with where it stands: its source range, its path, and the map that holds it. */
export interface ScalarSite {
  start: number;
  end: number;
  value: string;
  /** `spec.template.spec.containers[0].image` */
  path: string;
  isKey: boolean;
  /** The key this scalar is the value of, if any. */
  key: string | null;
  parent: YAMLMap | null;
}

function joinPath(path: string, segment: string | number): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  return path === '' ? segment : `${path}.${segment}`;
}

function collect(
  node: unknown,
  path: string,
  key: string | null,
  parent: YAMLMap | null,
  out: ScalarSite[],
): void {
  if (isAlias(node) || node == null) return;
  if (isScalar(node)) {
    if (typeof node.value === 'string' && node.range) {
      out.push({
        start: node.range[0],
        end: node.range[1],
        value: node.value,
        path,
        isKey: false,
        key,
        parent,
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
        out.push({
          start: keyNode.range[0],
          end: keyNode.range[1],
          value: keyNode.value,
          path: joinPath(path, keyText),
          isKey: true,
          key: null,
          parent: node,
        });
      }
      collect(pair.value, joinPath(path, keyText), keyText, node, out);
    }
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, index) => {
      collect(item, joinPath(path, index), null, null, out);
    });
  }
}

/** Every string scalar of a document, sorted by position. */
export function scalarSites(doc: Document): ScalarSite[] {
  const out: ScalarSite[] = [];
  collect(doc.contents, '', null, null, out);
  return out.sort((a, b) => a.start - b.start);
}

/** The innermost scalar whose source range holds [start, end), by binary search. */
export function siteAt(sites: readonly ScalarSite[], start: number, end: number): ScalarSite | undefined {
  let low = 0;
  let high = sites.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (sites[mid]!.start <= start) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  const site = found === -1 ? undefined : sites[found];
  return site && site.end >= end ? site : undefined;
}

/** A string-valued entry of a map, or undefined. */
export function stringEntry(map: YAMLMap | null, key: string): string | undefined {
  const value = map?.get(key);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
