/**
 * The search for rule prefixes in one pass where they share a long enough part: the built-in seven all
 * contain `gcr.io`, so one search for it rules out nearly every file, where a search per prefix read
 * every file seven times (most of a 1 GiB scan's time). Each place the shared part occurs is then
 * checked against every prefix, so what is found is exactly what a search per prefix finds.
 */
export class NeedleSearch {
  /** The longest part every needle contains, when it is long enough to be selective. */
  readonly anchor: string | undefined;
  private readonly anchorBytes: Buffer | undefined;
  /** Where the anchor starts inside each needle. */
  private readonly anchorAt: number[];
  private readonly needleBytes: Buffer[];

  constructor(private readonly needles: readonly string[]) {
    this.anchor = commonPart(needles);
    this.anchorBytes = this.anchor === undefined ? undefined : Buffer.from(this.anchor);
    this.anchorAt = needles.map((n) => (this.anchor === undefined ? 0 : n.indexOf(this.anchor)));
    this.needleBytes = needles.map((n) => Buffer.from(n));
  }

  /** True when any needle occurs in the bytes (memchr-fast: most files are never decoded). */
  inBytes(bytes: Buffer): boolean {
    const anchor = this.anchorBytes;
    if (!anchor) return this.needleBytes.some((needle) => bytes.includes(needle));
    for (let i = bytes.indexOf(anchor); i !== -1; i = bytes.indexOf(anchor, i + 1)) {
      for (let k = 0; k < this.needleBytes.length; k++) {
        const needle = this.needleBytes[k]!;
        const start = i - this.anchorAt[k]!;
        const end = start + needle.length;
        if (start >= 0 && end <= bytes.length && needle.compare(bytes, start, end) === 0) return true;
      }
    }
    return false;
  }

  /** Start offsets of every needle occurrence in `text`, ascending, without duplicates. */
  offsets(text: string): number[] {
    const found = new Set<number>();
    if (this.anchor === undefined) {
      for (const needle of this.needles) {
        for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) found.add(i);
      }
    } else {
      for (let i = text.indexOf(this.anchor); i !== -1; i = text.indexOf(this.anchor, i + 1)) {
        for (let k = 0; k < this.needles.length; k++) {
          const start = i - this.anchorAt[k]!;
          if (start >= 0 && text.startsWith(this.needles[k]!, start)) found.add(start);
        }
      }
    }
    return [...found].sort((a, b) => a - b);
  }
}

/** Shorter shared parts match too much text to save anything. */
const minAnchorLength = 6;

/** The longest substring of the shortest needle that every needle contains, if long enough. */
function commonPart(needles: readonly string[]): string | undefined {
  if (needles.length === 0) return undefined;
  const shortest = needles.reduce((a, b) => (b.length < a.length ? b : a));
  for (let length = shortest.length; length >= minAnchorLength; length--) {
    for (let start = 0; start + length <= shortest.length; start++) {
      const part = shortest.slice(start, start + length);
      if (needles.every((n) => n.includes(part))) return part;
    }
  }
  return undefined;
}

const searches = new WeakMap<readonly string[], NeedleSearch>();

/** One search per needle list (the list a scan passes around is the same array throughout). */
export function needleSearch(needles: readonly string[]): NeedleSearch {
  let search = searches.get(needles);
  if (!search) {
    search = new NeedleSearch(needles);
    searches.set(needles, search);
  }
  return search;
}
