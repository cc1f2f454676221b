/**
 * The search for rule prefixes in one pass where they share a long enough part: the built-in seven all
 * contain `gcr.io`, so one search for it rules out nearly every file, where a search per prefix read
 * every file seven times (most of a 1 GiB scan's time). Each place the shared part occurs is then
 * checked against every prefix, so what is found is exactly what a search per prefix finds.
 */
export class NeedleSearch {
  /** The longest part every needle contains, when it is long enough to be selective. */
  readonly anchor: string | undefined;
  /** The anchor in lowercase and, when different, uppercase. */
  private readonly anchorBytes: Buffer[];
  private readonly anchorTexts: string[];
  /** Where the anchor starts inside each needle. */
  private readonly anchorAt: number[];
  private readonly needleBytes: Buffer[];

  constructor(private readonly needles: readonly string[]) {
    this.anchor = commonPart(needles);
    this.anchorTexts = this.anchor === undefined ? [] : caseVariants(this.anchor);
    this.anchorBytes = this.anchorTexts.map((a) => Buffer.from(a));
    this.anchorAt = needles.map((n) => (this.anchor === undefined ? 0 : n.indexOf(this.anchor)));
    this.needleBytes = needles.map((n) => Buffer.from(n));
  }

  /** True when any needle occurs in the bytes (memchr-fast: most files are never decoded). */
  inBytes(bytes: Buffer): boolean {
    if (this.anchor === undefined)
      return this.needles.some((needle) => caseVariants(needle).some((n) => bytes.includes(n)));
    for (const anchor of this.anchorBytes) {
      for (let i = bytes.indexOf(anchor); i !== -1; i = bytes.indexOf(anchor, i + 1)) {
        for (let k = 0; k < this.needleBytes.length; k++) {
          const start = i - this.anchorAt[k]!;
          if (start >= 0 && equalsFoldAt(bytes, start, this.needleBytes[k]!)) return true;
        }
      }
    }
    return false;
  }

  /** Start offsets of every needle occurrence in `text`, ascending, without duplicates. */
  offsets(text: string): number[] {
    const found = new Set<number>();
    if (this.anchor === undefined) {
      for (const needle of this.needles.flatMap(caseVariants)) {
        for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) found.add(i);
      }
    } else {
      for (const anchor of this.anchorTexts) {
        for (let i = text.indexOf(anchor); i !== -1; i = text.indexOf(anchor, i + 1)) {
          for (let k = 0; k < this.needles.length; k++) {
            const needle = this.needles[k]!;
            const start = i - this.anchorAt[k]!;
            if (start >= 0 && text.slice(start, start + needle.length).toLowerCase() === needle)
              found.add(start);
          }
        }
      }
    }
    return [...found].sort((a, b) => a - b);
  }
}

function caseVariants(text: string): string[] {
  const upper = text.toUpperCase();
  return upper === text ? [text] : [text, upper];
}

/** True when `needle` (lowercase ASCII) is at `start` in `bytes`, ignoring ASCII case. */
function equalsFoldAt(bytes: Buffer, start: number, needle: Buffer): boolean {
  if (start + needle.length > bytes.length) return false;
  for (let j = 0; j < needle.length; j++) {
    const b = bytes[start + j]!;
    if ((b >= 65 && b <= 90 ? b | 0x20 : b) !== needle[j]) return false;
  }
  return true;
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
