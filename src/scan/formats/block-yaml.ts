// The sites of a YAML document written in plain block style, found line by line without building a tree.
// Most Kubernetes YAML is this simple subset (block maps and sequences of one-line scalars, block scalars),
// and the `yaml` library's full parse costs about fifty times more. Anything outside the subset (flow
// collections, anchors, tags, escapes, multi-line plain or quoted scalars, tabs, odd indentation) returns
// undefined and the caller parses with `yaml` instead, so the library stays the judge of every hard case.
// The subset is valid YAML by construction, which is why no parse error can hide here; a property test
// compares this with the library's tree on generated documents.
import { isPolicyDocument } from './policy.js';
import { joinPath, type ScalarSite, unquotedSource } from './sites.js';

/** A scalar value of a map, as its sibling lookups see it: undefined for null and nested nodes. */
interface Entry {
  start: number;
  end: number;
  value: string;
}

interface Frame {
  kind: 'map' | 'seq';
  indent: number;
  path: string;
  entries: Map<string, Entry | null>;
  count: number;
}

interface Scalar {
  start: number;
  end: number;
  value: string;
  isNull: boolean;
}

/** Thrown inside, caught at the top: the document leaves the subset. */
class OutsideSubset extends Error {}
const outside = (): never => {
  throw new OutsideSubset();
};

const nonStringKey =
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
const nullValue = /^(?:~|null|Null|NULL)$/;
/** Characters that cannot start a plain scalar in this subset (flow, anchors, tags, directives…). */
const startIndicators = new Set([
  '[',
  ']',
  '{',
  '}',
  '&',
  '*',
  '!',
  '%',
  '@',
  '`',
  ',',
  '|',
  '>',
  '#',
  "'",
  '"',
]);

const noSibling = () => undefined;

/** Folded scalar lines: a single line break becomes a space, each empty line a line break. */
function fold(lines: readonly string[]): string {
  let out = '';
  let empty = 0;
  let started = false;
  for (const line of lines) {
    if (line === '') {
      empty++;
      continue;
    }
    out += started && empty === 0 ? ' ' : '\n'.repeat(empty);
    out += line;
    started = true;
    empty = 0;
  }
  return out;
}

class BlockReader {
  readonly sites: ScalarSite[] = [];
  private readonly stack: Frame[] = [];
  private root: Frame | undefined;
  private pending: { indent: number; path: string } | undefined;
  private hit = 0;
  // Current line: [start, end) without its line break and any \r; `next` is where the following line starts.
  private start = 0;
  private end = 0;
  private next = 0;

  constructor(
    private readonly text: string,
    private readonly hitStarts: readonly number[],
  ) {}

  read(): { policy: boolean; sites: ScalarSite[] } {
    let first = true;
    while (this.next < this.text.length) {
      this.advance();
      const indent = this.indentOf();
      const at = this.start + indent;
      if (at === this.end || this.text[at] === '#') continue;
      if (indent === 0 && /^(?:---|\.\.\.)(?= |$)|^%/.test(this.text.slice(at, Math.min(at + 4, this.end)))) {
        // Only the slice's own start marker, with nothing after it but a comment.
        const rest = this.text.slice(at + 3, this.end).trim();
        if (!first || !this.text.startsWith('---', at) || (rest !== '' && !rest.startsWith('#'))) outside();
      } else this.line(indent, at);
      first = false;
    }
    const root = this.root;
    const policy =
      root?.kind === 'map' &&
      isPolicyDocument(root.entries.get('apiVersion')?.value, root.entries.get('kind')?.value);
    return { policy, sites: this.sites };
  }

  private advance(): void {
    this.start = this.next;
    const newline = this.text.indexOf('\n', this.start);
    const lineEnd = newline === -1 ? this.text.length : newline;
    this.next = newline === -1 ? this.text.length : newline + 1;
    this.end = this.text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  }

  private indentOf(): number {
    let i = this.start;
    while (i < this.end && this.text[i] === ' ') i++;
    return i - this.start;
  }

  private isSeqItem(at: number): boolean {
    return this.text[at] === '-' && (at + 1 === this.end || this.text[at + 1] === ' ');
  }

  private line(indent: number, at: number): void {
    const pending = this.pending;
    this.pending = undefined;
    const top = this.stack.at(-1);
    if (pending && (indent > pending.indent || (indent === pending.indent && this.isSeqItem(at)))) {
      this.open(this.isSeqItem(at) ? 'seq' : 'map', indent, pending.path);
    } else if (!this.root) {
      this.root = this.open(this.isSeqItem(at) ? 'seq' : 'map', indent, '');
    } else if (top && indent > top.indent) outside();
    while ((this.stack.at(-1)?.indent ?? -1) > indent) this.stack.pop();
    let frame = this.stack.at(-1) ?? outside();
    if (frame.indent !== indent) outside();
    if (frame.kind === 'seq' && !this.isSeqItem(at)) {
      // A sequence written at its key's own indentation ends where that map's next key starts.
      this.stack.pop();
      frame = this.stack.at(-1) ?? outside();
      if (frame.kind !== 'map' || frame.indent !== indent) outside();
    }
    if (frame.kind === 'seq') this.seqItem(frame, at);
    else if (this.isSeqItem(at)) outside();
    else this.mapEntry(frame, at);
  }

  private open(kind: Frame['kind'], indent: number, path: string): Frame {
    const frame: Frame = { kind, indent, path, entries: new Map(), count: 0 };
    this.stack.push(frame);
    return frame;
  }

  private seqItem(frame: Frame, dash: number): void {
    const path = joinPath(frame.path, frame.count++);
    let at = dash + 1;
    while (at < this.end && this.text[at] === ' ') at++;
    if (at === this.end || this.text[at] === '#' || this.isSeqItem(at)) outside();
    const flow = this.text[at] === '{' || this.text[at] === '[';
    if (!flow && this.keyEnd(at) !== undefined) {
      this.mapEntry(this.open('map', at - this.start, path), at);
      return;
    }
    const scalar = this.value(at, frame.indent, path);
    if (scalar) this.addSite(scalar, path, false, null, noSibling);
  }

  private mapEntry(frame: Frame, at: number): void {
    const colon = this.keyEnd(at) ?? outside();
    const key = this.scalar(at, colon);
    if (key.isNull || nonStringKey.test(key.value) || key.value.length > 1000) outside();
    const path = joinPath(frame.path, key.value);
    this.addSite(key, path, true, null, noSibling);
    let at2 = colon + 1;
    while (at2 < this.end && this.text[at2] === ' ') at2++;
    const entries = frame.entries;
    const known = entries.has(key.value);
    if (at2 === this.end || this.text[at2] === '#') {
      if (!known) entries.set(key.value, null);
      this.pending = { indent: frame.indent, path };
      return;
    }
    const value = this.value(at2, frame.indent, path);
    if (!known) entries.set(key.value, value?.isNull === false ? value : null);
    if (value) this.addSite(value, path, false, key.value, this.siblings(entries));
  }

  private siblings(entries: Map<string, Entry | null>): (key: string) => string | undefined {
    return (name) => {
      const entry = entries.get(name);
      return entry ? unquotedSource(this.text, entry.start, entry.end) : undefined;
    };
  }

  /** Where the `:` of a `key: value` line is, or undefined when the line holds no mapping key. */
  private keyEnd(at: number): number | undefined {
    const quoted = this.text[at] === '"' || this.text[at] === "'";
    const from = quoted ? this.quotedEnd(at) : at;
    const stop = this.commentStart(from);
    for (let i = from; i < stop; i++) {
      if (this.text.charCodeAt(i) !== 58 /* : */) continue;
      if (i + 1 === this.end || this.text[i + 1] === ' ') return i;
      if (quoted) return undefined;
    }
    return undefined;
  }

  /** Where a ` #` comment starts on this line after `from`, else the line's end (searching no further). */
  private commentStart(from: number): number {
    for (let i = from + 1; i < this.end; i++) {
      if (this.text.charCodeAt(i) === 35 /* # */ && this.text.charCodeAt(i - 1) === 32) return i - 1;
    }
    return this.end;
  }

  /** A one-line scalar in [at, end): plain or quoted, nothing after it but a comment. */
  private scalar(at: number, end: number): Scalar {
    const quote = this.text[at];
    if (quote === '"' || quote === "'") {
      const scalar = this.quoted(at);
      if (!/^(?: +(?:#.*)?)?$/.test(this.text.slice(scalar.end, end))) outside();
      return scalar;
    }
    const c = this.text[at]!;
    const next = this.text[at + 1];
    if (startIndicators.has(c) || ('-?:'.includes(c) && (next === ' ' || at + 1 === end))) outside();
    let stop = Math.min(this.commentStart(at), end);
    while (stop > at && this.text[stop - 1] === ' ') stop--;
    const value = this.text.slice(at, stop);
    if (value.includes(': ') || value.endsWith(':')) outside();
    return { start: at, end: stop, value, isNull: nullValue.test(value) };
  }

  /** A quoted scalar closed on its own line; double quotes without escapes. */
  private quoted(at: number): Scalar {
    const quote = this.text[at];
    const close = this.quotedEnd(at);
    const inner = this.text.slice(at + 1, close - 1);
    if (quote === '"' && inner.includes('\\')) outside();
    return {
      start: at,
      end: close,
      value: quote === "'" ? inner.replaceAll("''", "'") : inner,
      isNull: false,
    };
  }

  /** The offset just past the closing quote of the quoted scalar at `at`, on this line. */
  private quotedEnd(at: number): number {
    const quote = this.text[at]!;
    for (let i = at + 1; i < this.end; i++) {
      if (this.text[i] !== quote) continue;
      if (quote === "'" && this.text[i + 1] === "'") {
        i++;
        continue;
      }
      return i + 1;
    }
    return outside();
  }

  /**
   * A value: a one-line scalar, a block scalar whose lines are indented past `parentIndent`, or a one-line
   * flow collection (undefined: its scalars are sites of their own).
   */
  private value(at: number, parentIndent: number, path: string): Scalar | undefined {
    const c = this.text[at];
    if (c === '|' || c === '>') return this.blockScalar(at, parentIndent);
    if (c !== '{' && c !== '[') return this.scalar(at, this.end);
    const end = this.flow(at, path);
    if (!/^(?: +(?:#.*)?)?$/.test(this.text.slice(end, this.end))) outside();
    return undefined;
  }

  private spaces(at: number): number {
    while (at < this.end && this.text[at] === ' ') at++;
    return at;
  }

  /** A flow collection closed on its own line (`{ cpu: 1m, image: k8s.gcr.io/x }`, `[a, "b"]`); its end. */
  private flow(at: number, path: string): number {
    const isMap = this.text[at] === '{';
    const close = isMap ? '}' : ']';
    const entries = new Map<string, Entry | null>();
    let i = this.spaces(at + 1);
    if (this.text[i] === close) return i + 1;
    for (let index = 0; ; index++) {
      let key: string | null = null;
      let itemPath = joinPath(path, index);
      if (isMap) {
        const keyScalar = this.flowScalar(i);
        if (keyScalar.isNull || nonStringKey.test(keyScalar.value)) outside();
        key = keyScalar.value;
        itemPath = joinPath(path, key);
        this.addSite(keyScalar, itemPath, true, null, noSibling);
        i = this.spaces(keyScalar.end);
        if (this.text[i] !== ':' || this.text[i + 1] !== ' ') outside();
        i = this.spaces(i + 2);
      }
      const nested = this.text[i] === '{' || this.text[i] === '[';
      const value = nested ? undefined : this.flowScalar(i);
      i = this.spaces(value ? value.end : this.flow(i, itemPath));
      if (key !== null && !entries.has(key)) entries.set(key, value?.isNull === false ? value : null);
      if (value) this.addSite(value, itemPath, false, key, key === null ? noSibling : this.siblings(entries));
      if (this.text[i] === close) return i + 1;
      if (this.text[i] !== ',') outside();
      i = this.spaces(i + 1);
      if (this.text[i] === close) outside(); // a trailing comma: rare enough to leave to the library
    }
  }

  /** A scalar inside a flow collection: quoted, or plain up to `,`, a bracket or `: `. */
  private flowScalar(at: number): Scalar {
    const quote = this.text[at];
    if (quote === '"' || quote === "'") return this.quoted(at);
    const c = this.text[at];
    if (c === undefined || at >= this.end || startIndicators.has(c)) outside();
    // In flow, `-`, `?` and `:` are indicators before a space or a flow indicator too.
    if ('-?:'.includes(c!) && (at + 1 === this.end || ' ,[]{}'.includes(this.text[at + 1]!))) outside();
    let i = at;
    for (; i < this.end; i++) {
      const ch = this.text[i]!;
      if (ch === ',' || ch === '[' || ch === ']' || ch === '{' || ch === '}') break;
      if (ch === ':' && ' ,]}'.includes(this.text[i + 1] ?? ' ')) break;
      if (ch === '#' && this.text[i - 1] === ' ') outside();
    }
    let stop = i;
    while (stop > at && this.text[stop - 1] === ' ') stop--;
    const value = this.text.slice(at, stop);
    return { start: at, end: stop, value, isNull: nullValue.test(value) };
  }

  private blockScalar(at: number, parentIndent: number): Scalar {
    const header = /^[|>]-?(?: +#.*| *)$/.exec(this.text.slice(at, this.end));
    if (!header) outside();
    const folded = this.text[at] === '>';
    const strip = this.text[at + 1] === '-';
    const lines: string[] = [];
    let contentIndent = -1;
    let end = -1;
    while (this.next < this.text.length) {
      const mark = this.next;
      this.advance();
      if (this.start === this.end) {
        lines.push('');
        continue;
      }
      const indent = this.indentOf();
      if (this.start + indent === this.end) outside(); // a line of spaces: the library's rules are subtle
      if (indent <= parentIndent) {
        this.next = mark;
        break;
      }
      if (contentIndent === -1) contentIndent = indent;
      if (indent < contentIndent || (folded && indent > contentIndent)) outside();
      lines.push(this.text.slice(this.start + contentIndent, this.end));
      end = this.next;
    }
    if (contentIndent === -1) outside();
    while (lines.at(-1) === '') lines.pop();
    const body = folded ? fold(lines) : lines.join('\n');
    // The library's range of a block scalar ends after its last content line's line break.
    return { start: at, end, value: strip ? body : `${body}\n`, isNull: false };
  }

  private addSite(
    scalar: Scalar,
    path: string,
    isKey: boolean,
    key: string | null,
    sibling: (key: string) => string | undefined,
  ): void {
    const starts = this.hitStarts;
    while (this.hit < starts.length && starts[this.hit]! < scalar.start) this.hit++;
    if (this.hit === starts.length || starts[this.hit]! > scalar.end || scalar.isNull) return;
    this.sites.push({ start: scalar.start, end: scalar.end, value: scalar.value, path, isKey, key, sibling });
  }
}

/**
 * The sites holding a hit (by start offset, ascending) in one YAML document, and whether the document is a
 * policy; undefined when the document is not plain block YAML and needs the full parser.
 */
export function blockYamlSites(
  text: string,
  hitStarts: readonly number[],
): { policy: boolean; sites: ScalarSite[] } | undefined {
  // Tabs and lone carriage returns (a line break to YAML) are left to the library.
  if (text.includes('\t') || /\r(?!\n)/.test(text)) return undefined;
  try {
    return new BlockReader(text, hitStarts).read();
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}
