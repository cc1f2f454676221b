// One-line flow collections of the plain block subset (`{ cpu: 1m, image: k8s.gcr.io/x }`, `[a, "b"]`):
// their own scalar rules, where `,` and brackets end a plain scalar. Anything else throws OutsideSubset.
import { joinPath } from './sites.js';
import {
  type Entry,
  nonStringKey,
  noSibling,
  nullValue,
  outside,
  type Scalar,
  startIndicators,
  YamlLine,
} from './yaml-line.js';

/** A line cursor that also reads flow collections closed on their line. */
export class YamlFlowLine extends YamlLine {
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
}
