// The sites of a YAML document written in plain block style, found line by line without building a tree.
// Most Kubernetes YAML is this simple subset (block maps and sequences of one-line scalars, one-line flow
// collections, block scalars), and the `yaml` library's full parse costs about fifty times more. Anything
// outside the subset (anchors, tags, escapes, multi-line plain, quoted or flow nodes, tabs, odd indentation) returns
// undefined and the caller parses with `yaml` instead, so the library stays the judge of every hard case.
// The subset is valid YAML by construction, which is why no parse error can hide here; a property test
// compares this with the library's tree on generated documents.
import { isPolicyDocument } from './policy.js';
import { joinPath, type ScalarSite } from './sites.js';
import { YamlFlowLine } from './yaml-flow.js';
import { type Entry, nonStringKey, noSibling, OutsideSubset, outside, type Scalar } from './yaml-line.js';

interface Frame {
  kind: 'map' | 'seq';
  indent: number;
  path: string;
  entries: Map<string, Entry | null>;
  count: number;
}

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

class BlockReader extends YamlFlowLine {
  private readonly stack: Frame[] = [];
  private root: Frame | undefined;
  private pending: { indent: number; path: string } | undefined;
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
