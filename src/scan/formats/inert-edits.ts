import { blockYamlSites } from './block-yaml.js';
import { documentStarts } from './yaml.js';
import { nonStringKey } from './yaml-line.js';

/** A replacement of [start, end) of a text by `after`. */
export interface TextEdit {
  start: number;
  end: number;
  after: string;
}

/** Reference characters, none of them YAML syntax inside a one-line scalar (no space, quote, `#`, `,[]{}`). */
const inert = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;

/** The edited texts by value and length, so a file with 150,000 edits is searched in one pass. */
interface PairIndex {
  width: number;
  /** The first `width` characters of every edited text: most places are passed over with one lookup. */
  heads: Set<string>;
  afterOf: Map<string, string>;
  /** The edited texts' lengths, longest first. */
  lengths: number[];
}

const indexes = new WeakMap<readonly [string, string][], PairIndex>();

function pairIndex(pairs: readonly [string, string][]): PairIndex {
  let index = indexes.get(pairs);
  if (index) return index;
  let width = 8;
  for (const [before] of pairs) width = Math.min(width, before.length);
  const afterOf = new Map<string, string>();
  for (const [before, after] of pairs) if (!afterOf.has(before)) afterOf.set(before, after);
  const heads = new Set([...afterOf.keys()].map((before) => before.slice(0, width)));
  const lengths = [...new Set([...afterOf.keys()].map((b) => b.length))].sort((a, b) => b - a);
  index = { width, heads, afterOf, lengths };
  indexes.set(pairs, index);
  return index;
}

/** The longest edited text starting at `i`, or undefined. */
function pairAt(value: string, i: number, index: PairIndex): readonly [string, string] | undefined {
  if (!index.heads.has(value.slice(i, i + index.width))) return undefined;
  for (const length of index.lengths) {
    if (i + length > value.length) continue;
    const before = value.slice(i, i + length);
    const after = index.afterOf.get(before);
    if (after !== undefined) return [before, after];
  }
  return undefined;
}

/** Where any edited text starts in `text`. */
export function placesOf(text: string, pairs: readonly [string, string][]): number[] {
  if (pairs.length === 0) return [];
  const index = pairIndex(pairs);
  const places: number[] = [];
  for (let i = 0; i + index.width <= text.length; i++) if (pairAt(text, i, index)) places.push(i);
  return places;
}

/**
 * `value` with every occurrence of each edited text replaced, left to right, the longest text where several
 * start at one place; replaced text is not searched again.
 */
export function replaceAll(value: string, pairs: readonly [string, string][]): string {
  if (pairs.length === 0 || value.length === 0) return value;
  const index = pairIndex(pairs);
  let out = '';
  let copied = 0;
  for (let i = 0; i + index.width <= value.length; ) {
    const pair = pairAt(value, i, index);
    if (!pair) {
      i++;
      continue;
    }
    out += value.slice(copied, i) + pair[1];
    i += pair[0].length;
    copied = i;
  }
  return copied === 0 ? value : out + value.slice(copied);
}

/**
 * True when the edits cannot change a YAML text's meaning beyond what rewrite/verify.ts accepts: every edit
 * lies inside one scalar of a document in the plain block subset (block-yaml.ts, property-tested against
 * the `yaml` library) and writes only reference characters, which no scalar style of that subset reads as
 * syntax (and no ':' at the end, which could make a key); an edited scalar, and any key holding an edited
 * text, reads as its old text with every edited text replaced. Then the parse and compare of the whole file
 * before and after can be skipped; anything else answers false and gets that check.
 */
export function editsStayInScalars(text: string, edits: readonly TextEdit[]): boolean {
  if (text.startsWith('%')) return false;
  if (edits.some((e) => e.start < 0 || !inert.test(e.after) || e.after.endsWith(':'))) return false;
  const pairs = [...new Map(edits.map((e) => [text.slice(e.start, e.end), e.after])).entries()].sort(
    (x, y) => y[0].length - x[0].length,
  );
  // Every place an edited text stands, edited or not: a key that holds one must be edited too.
  const places = placesOf(text, pairs);
  const starts = documentStarts(text);
  for (let d = 0; d < starts.length; d++) {
    const from = starts[d]!;
    const to = starts[d + 1] ?? text.length;
    const offsets = places.filter((p) => p >= from && p < to).map((p) => p - from);
    if (offsets.length === 0) continue;
    const read = blockYamlSites(
      text.slice(from, to),
      offsets.sort((a, b) => a - b),
    );
    if (!read) return false;
    // Scalars never overlap: sorted by start, their ends rise too, so one pass pairs edits with sites
    // (a file may hold 150,000 edits).
    const sites = [...read.sites].sort((a, b) => a.start - b.start);
    const inDocument = edits
      .filter((e) => e.start >= from && e.start < to)
      .map((e) => ({ start: e.start - from, end: e.end - from, after: e.after }))
      .sort((a, b) => a.start - b.start);
    const editsIn = new Map<number, typeof inDocument>();
    let s = 0;
    for (const edit of inDocument) {
      while (s < sites.length && sites[s]!.end < edit.end) s++;
      const site = sites[s];
      if (!site || site.start > edit.start) return false;
      // A whole plain value replaced by a number, boolean or null would change its type.
      if (site.end - site.start === edit.end - edit.start && nonStringKey.test(edit.after)) return false;
      const list = editsIn.get(s);
      if (list) list.push(edit);
      else editsIn.set(s, [edit]);
    }
    for (let i = 0; i < sites.length; i++) {
      const site = sites[i]!;
      const inside = editsIn.get(i) ?? [];
      if (inside.length === 0 && !site.isKey) continue;
      const old = text.slice(from + site.start, from + site.end);
      let edited = old;
      for (let k = inside.length - 1; k >= 0; k--) {
        const e = inside[k]!;
        edited = edited.slice(0, e.start - site.start) + e.after + edited.slice(e.end - site.start);
      }
      if (replaceAll(old, pairs) !== edited) return false;
    }
  }
  return true;
}
