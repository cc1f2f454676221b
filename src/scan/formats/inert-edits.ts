import { placesOf, replaceAll, type TextEdit } from '../../text/replace-all.js';
import { blockYamlSites } from './block-yaml.js';
import { documentStarts } from './yaml.js';
import { nonStringKey } from './yaml-line.js';

export type { TextEdit } from '../../text/replace-all.js';

/** Reference characters, none of them YAML syntax inside a one-line scalar (no space, quote, `#`, `,[]{}`). */
const inert = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;

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
