// One line of a plain block YAML document (see block-yaml.ts): its key and its one-line scalars (flow
// collections: yaml-flow.ts), and the sites they make. Anything outside the subset throws OutsideSubset.
import { type ScalarSite, unquotedSource } from './sites.js';

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
export const startIndicators = new Set([...'[]{}&*!%@`,|>#\'"']);

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
