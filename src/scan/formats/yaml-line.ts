// One line of a plain block YAML document (see block-yaml.ts): its key, its one-line scalars and flow
// collections, and the sites they make. Anything outside the subset throws OutsideSubset.
import { joinPath, type ScalarSite, unquotedSource } from './sites.js';

/** A scalar value of a map, as its sibling lookups see it: undefined for null and nested nodes. */
export interface Entry {
  start: number;
  end: number;
  value: string;
}

export interface Scalar {
  start: number;
  end: number;
  value: string;
  isNull: boolean;
}

/** Thrown inside, caught at the top: the document leaves the subset. */
export class OutsideSubset extends Error {}
export const outside = (): never => {
  throw new OutsideSubset();
};

export const nonStringKey =
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
export const nullValue = /^(?:~|null|Null|NULL)$/;
/** Characters that cannot start a plain scalar in this subset (flow, anchors, tags, directives…). */
const startIndicators = new Set([...'[]{}&*!%@`,|>#\'"']);

export const noSibling = () => undefined;

/** A cursor over the document's lines, and what one line's scalars make. */
export class YamlLine {
  readonly sites: ScalarSite[] = [];
  private hit = 0;
  // Current line: [start, end) without its line break and any \r; `next` is where the following line starts.
  protected start = 0;
  protected end = 0;
  protected next = 0;

  constructor(
    protected readonly text: string,
    private readonly hitStarts: readonly number[],
  ) {}

  protected advance(): void {
    this.start = this.next;
    const newline = this.text.indexOf('\n', this.start);
    const lineEnd = newline === -1 ? this.text.length : newline;
    this.next = newline === -1 ? this.text.length : newline + 1;
    this.end = this.text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  }

  protected indentOf(): number {
    let i = this.start;
    while (i < this.end && this.text[i] === ' ') i++;
    return i - this.start;
  }

  protected isSeqItem(at: number): boolean {
    return this.text[at] === '-' && (at + 1 === this.end || this.text[at + 1] === ' ');
  }

  protected siblings(entries: Map<string, Entry | null>): (key: string) => string | undefined {
    return (name) => {
      const entry = entries.get(name);
      return entry ? unquotedSource(this.text, entry.start, entry.end) : undefined;
    };
  }

  /** Where the `:` of a `key: value` line is, or undefined when the line holds no mapping key. */
  protected keyEnd(at: number): number | undefined {
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
  protected commentStart(from: number): number {
    for (let i = from + 1; i < this.end; i++) {
      if (this.text.charCodeAt(i) === 35 /* # */ && this.text.charCodeAt(i - 1) === 32) return i - 1;
    }
    return this.end;
  }

  /** A one-line scalar in [at, end): plain or quoted, nothing after it but a comment. */
  protected scalar(at: number, end: number): Scalar {
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
  protected quoted(at: number): Scalar {
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
  protected quotedEnd(at: number): number {
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

  protected spaces(at: number): number {
    while (at < this.end && this.text[at] === ' ') at++;
    return at;
  }

  /** A flow collection closed on its own line (`{ cpu: 1m, image: k8s.gcr.io/x }`, `[a, "b"]`); its end. */
  protected flow(at: number, path: string): number {
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
  protected flowScalar(at: number): Scalar {
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

  protected addSite(
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
