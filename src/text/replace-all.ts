// Replacing many texts at once in one pass: what fix's edits do to every string they touch.

/** A replacement of [start, end) of a text by `after`. */
export interface TextEdit {
  start: number;
  end: number;
  after: string;
}

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
