import { createRequire } from 'node:module';
import type * as Jsonc from 'jsonc-parser';
import type { Diagnostic } from '../../findings.js';
import type { Hit } from '../hits.js';
import { type FormatScanner, type SourceFile, toFinding } from './common.js';
import { isPolicyDocument } from './policy.js';
import { joinPath, meaningAt, type ScalarSite, scannedAsText, siteAt, unquotedSource } from './sites.js';

/** Loaded on the first JSON file with a hit: most scans have none, and every scan would pay its start-up. */
const requireLazily = createRequire(import.meta.url);
const jsonc = () => requireLazily('jsonc-parser') as typeof Jsonc;

/** JSON.parse is the judge of JSON (fast, native); jsonc-parser then gives positions without building a tree. */
function jsonDiagnostic(file: SourceFile): Diagnostic | undefined {
  try {
    JSON.parse(file.text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const position = Number(/at position (\d+)/.exec(message)?.[1] ?? 0);
    const { line, column } = file.lines.position(Math.min(position, file.text.length));
    return {
      path: file.path,
      code: 'JSON_PARSE',
      message: `${file.path}:${line}:${column}: not valid JSON (${message}); scanned as text`,
    };
  }
}

interface Frame {
  path: string;
  /** Scalar members by key, as [start, end) of their source. */
  scalars: Map<string, [number, number]>;
}

/** Whether a hit lies within [start, end): binary search, as hits are sorted and a file may hold thousands. */
function holdsHit(hits: readonly Hit[], start: number, end: number): boolean {
  let low = 0;
  let high = hits.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (hits[mid]!.start < start) low = mid + 1;
    else high = mid;
  }
  const hit = hits[low];
  return hit !== undefined && hit.end <= end;
}

/** String sites that hold a hit, with their paths and sibling lookups, from one streaming pass. */
function jsonSites(text: string, hits: readonly Hit[]): { sites: ScalarSite[]; policy: boolean } {
  const sites: ScalarSite[] = [];
  const frames: Frame[] = [];
  let top: Record<string, string> = {};
  const pathOf = (jsonPath: Jsonc.JSONPath) => jsonPath.reduce<string>((p, seg) => joinPath(p, seg), '');
  jsonc().visit(text, {
    onObjectBegin: (_o, _l, _sl, _sc, pathSupplier) => {
      frames.push({ path: pathOf(pathSupplier()), scalars: new Map() });
    },
    onObjectEnd: () => {
      frames.pop();
    },
    onObjectProperty: (property, offset, length, _sl, _sc, pathSupplier) => {
      if (!holdsHit(hits, offset, offset + length)) return;
      const sibling = () => undefined;
      sites.push({
        start: offset + 1,
        end: offset + length - 1,
        value: property,
        path: pathOf([...pathSupplier(), property]),
        isKey: true,
        key: null,
        sibling,
      });
    },
    onLiteralValue: (value, offset, length, _sl, _sc, pathSupplier) => {
      const path = pathSupplier();
      const key = path.at(-1);
      const frame = typeof key === 'string' ? frames.at(-1) : undefined;
      frame?.scalars.set(key as string, [offset, offset + length]);
      if (frames.length === 1 && typeof key === 'string' && typeof value === 'string')
        top = { ...top, [key]: value };
      if (typeof value !== 'string' || !holdsHit(hits, offset, offset + length)) return;
      // Siblings may follow this value, so look them up in the frame when asked, not now.
      const sibling = (name: string) => {
        const range = frame?.scalars.get(name);
        return range ? unquotedSource(text, range[0], range[1]) : undefined;
      };
      sites.push({
        start: offset + 1,
        end: offset + length - 1,
        value,
        path: pathOf(path),
        isKey: false,
        key: typeof key === 'string' ? key : null,
        sibling,
      });
    },
  });
  return {
    sites: sites.sort((a, b) => a.start - b.start),
    policy: isPolicyDocument(top['apiVersion'], top['kind']),
  };
}

/** JSON: like YAML, every string anywhere, by its path; a policy document's hits are `policy`. */
export const scanJson: FormatScanner = (file) => {
  const invalid = jsonDiagnostic(file);
  if (invalid) return scannedAsText(file, 'json', invalid);
  const { sites, policy } = jsonSites(file.text, file.hits);
  const findings = file.hits.map((hit) => {
    const site = siteAt(sites, hit.start, hit.end);
    if (policy)
      return toFinding(file, hit, 'json', { kind: 'policy', context: site?.path ?? null, image: null });
    return toFinding(file, hit, 'json', meaningAt(file.text, hit, site));
  });
  return { findings, errors: [] };
};
