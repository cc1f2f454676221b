import { digest, name, tag } from '../reference/grammar.js';
import { matchRule } from '../rules/match.js';
import type { Rule, RuleMatch } from '../rules/types.js';
import { needleSearch } from './needles.js';

/** A rule prefix found in text, extended to the whole reference written there. */
export interface Hit {
  /** Offsets into the text: [start, end) of `text`. */
  start: number;
  end: number;
  /** The reference or host as written. */
  text: string;
  /** True when `text` names a repository (host/path…), false for a bare registry host or prefix. */
  hasPath: boolean;
  match: RuleMatch;
  /** The reference with JSON's `\/` read as `/`, when `text` is written so (`"k8s.gcr.io\/pause:3.2"`). */
  unescaped?: string;
}

/** The reference as it reads: `text`, or `unescaped` for one written with JSON's `\/`. */
export const hitReference = (hit: Hit): string => hit.unescaped ?? hit.text;

/** How many characters of `written` (with `\/` escapes) spell the first `length` unescaped ones. */
function writtenLength(written: string, length: number): number {
  let at = 0;
  for (let n = 0; n < length; n++) at += written.startsWith('\\/', at) ? 2 : 1;
  return at;
}

/**
 * A reference whose slashes JSON escaped (`k8s.gcr.io\/pause:3.2`, as PHP and some serialisers write):
 * read within its string, and the hit spans the text as written.
 */
function escapedHit(text: string, start: number, rules: readonly Rule[]): Hit | undefined {
  const window = text.slice(start, start + 1024).split(/["\n]/, 1)[0]!;
  const plain = window.replace(/\\\//g, '/');
  referenceAt.lastIndex = 0;
  const found = referenceAt.exec(plain);
  if (!found) return undefined;
  const reference = trimProse(found[0]);
  const match = matchRule(reference, rules);
  if (!match) return undefined;
  const end = start + writtenLength(window, reference.length);
  return {
    start,
    end,
    text: text.slice(start, end),
    hasPath: reference.length > match.length && reference[match.length] === '/',
    match: { ...match, length: writtenLength(window, match.length) },
    unescaped: reference,
  };
}

const referenceAt = new RegExp(`(?:${name})(?::(?:${tag}))?(?:@(?:${digest}))?`, 'y');
/** Characters that, just before a prefix, make it part of a longer word, host or path. */
const wordBefore = /[A-Za-z0-9._\-/@]/;

/** Sentence punctuation that the tag grammar accepts but prose means as an ending: `see k8s.gcr.io/pause:3.2.` */
function trimProse(reference: string): string {
  return reference.replace(/[.\-_]+$/, '');
}

/**
 * Every rule match in `text`: a needle at a word boundary, followed by the rest of an image reference.
 * Pure string work; the format scanners decide what each hit means.
 */
export function findHits(text: string, rules: readonly Rule[], needles: readonly string[]): Hit[] {
  const hits: Hit[] = [];
  let coveredUntil = -1;
  for (const start of needleSearch(needles).offsets(text)) {
    if (start < coveredUntil) continue;
    const inUrl = text.startsWith('://', start - 3);
    // Shell default expansions (`${IMAGE:-k8s.gcr.io/x}`, `${R:=k8s.gcr.io}`) end a word too.
    const shellDefault = text[start - 2] === ':' && (text[start - 1] === '-' || text[start - 1] === '=');
    if (start > 0 && wordBefore.test(text[start - 1]!) && !inUrl && !shellDefault) continue;
    referenceAt.lastIndex = start;
    const found = referenceAt.exec(text);
    if (!found) continue;
    let written = trimProse(found[0]);
    if (text.startsWith('\\/', start + found[0].length) && !inUrl) {
      const hit = escapedHit(text, start, rules);
      if (hit) {
        hits.push(hit);
        coveredUntil = hit.end;
        continue;
      }
    }
    const match = matchRule(written, rules);
    if (!match) continue;
    // In a URL (`https://k8s.gcr.io/v2/…`) only the host is the registry; the rest is an API path.
    if (inUrl) written = written.slice(0, match.length);
    // A bare host followed by ':' and a digit is another host (with a port), not this registry.
    const after = text[start + written.length];
    if (
      after === ':' &&
      /[0-9]/.test(text[start + written.length + 1] ?? '') &&
      written.length === match.length
    ) {
      continue;
    }
    hits.push({
      start,
      end: start + written.length,
      text: written,
      hasPath: written.length > match.length && written[match.length] === '/',
      match,
    });
    coveredUntil = start + written.length;
  }
  return hits;
}
