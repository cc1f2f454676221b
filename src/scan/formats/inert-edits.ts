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

/** `value` with every occurrence of each edited text replaced (longest first, as `pairs` is sorted). */
export function replaceAll(value: string, pairs: readonly [string, string][]): string {
  let out = value;
  for (const [before, after] of pairs) out = out.split(before).join(after);
  return out;
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
  const places = new Set<number>();
  for (const [before] of pairs)
    for (let i = text.indexOf(before); i !== -1; i = text.indexOf(before, i + 1)) places.add(i);
  const starts = documentStarts(text);
  for (let d = 0; d < starts.length; d++) {
    const from = starts[d]!;
    const to = starts[d + 1] ?? text.length;
    const offsets = [...places].filter((p) => p >= from && p < to).map((p) => p - from);
    if (offsets.length === 0) continue;
    const read = blockYamlSites(
      text.slice(from, to),
      offsets.sort((a, b) => a - b),
    );
    if (!read) return false;
    const inDocument = edits.filter((e) => e.start >= from && e.start < to);
    for (const edit of inDocument) {
      const site = read.sites.find((s) => s.start <= edit.start - from && edit.end - from <= s.end);
      if (!site) return false;
      // A whole plain value replaced by a number, boolean or null would change its type.
      if (site.end - site.start === edit.end - edit.start && nonStringKey.test(edit.after)) return false;
    }
    for (const site of read.sites) {
      const inside = inDocument
        .filter((e) => site.start <= e.start - from && e.end - from <= site.end)
        .sort((a, b) => b.start - a.start);
      if (inside.length === 0 && !site.isKey) continue;
      const old = text.slice(from + site.start, from + site.end);
      let edited = old;
      for (const e of inside)
        edited =
          edited.slice(0, e.start - from - site.start) + e.after + edited.slice(e.end - from - site.start);
      if (replaceAll(old, pairs) !== edited) return false;
    }
  }
  return true;
}
