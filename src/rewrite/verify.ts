import { parseAllDocuments } from 'yaml';
import type { Finding, FindingFormat } from '../findings.js';
import type { Rule } from '../rules/types.js';
import { editsStayInScalars, scanText } from '../scan/index.js';
import { LineIndex } from '../text/line-index.js';
import { placesOf, replaceAll, type TextEdit } from '../text/replace-all.js';
import type { PlannedEdit } from './types.js';

const structuredFormats: FindingFormat[] = ['yaml', 'json', 'helm-values', 'kustomize', 'compose'];

function findingKeys(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.line}\0${f.kind}\0${f.match}`).sort();
}

/** Deep equality, where a string may differ from its original only by the edits' replacements. */
function sameModuloEdits(a: unknown, b: unknown, pairs: readonly [string, string][]): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b || replaceAll(a, pairs) === b;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => sameModuloEdits(item, b[i], pairs));
  if (a instanceof Map || b instanceof Map)
    return sameModuloEdits(
      Object.fromEntries(a as Map<unknown, unknown>),
      Object.fromEntries(b as Map<unknown, unknown>),
      pairs,
    );
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const renamed = new Map(Object.entries(a).map(([k, v]) => [replaceAll(k, pairs), v]));
    const bEntries = Object.entries(b);
    return (
      renamed.size === bEntries.length &&
      bEntries.every(([k, v]) => renamed.has(k) && sameModuloEdits(renamed.get(k), v, pairs))
    );
  }
  return Object.is(a, b);
}

/** Aliases resolved per document before a file counts as an alias bomb (a 1 KB file can expand to GBs). */
const maxAliasCount = 10_000;

type Parsed = { ok: true; value: unknown } | { ok: false; message: string; refuse?: boolean };

function parseStructure(text: string, format: FindingFormat): Parsed {
  if (format === 'json') {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }
  const docs = parseAllDocuments(text, { uniqueKeys: false, strict: false });
  const list = Array.isArray(docs) ? docs : [];
  const broken = list.find((d) => d.errors.length > 0);
  if (broken) return { ok: false, message: broken.errors[0]!.message.split('\n')[0]! };
  try {
    return { ok: true, value: list.map((d) => d.toJS({ maxAliasCount })) };
  } catch (error) {
    // Never expand an untrusted file's aliases without a bound: such a file is refused, not verified for minutes.
    return { ok: false, refuse: true, message: (error as Error).message };
  }
}

/** Mappings with a key written twice, as the YAML parser counts them (JSON is read as YAML here). */
function duplicateKeyCount(text: string): number {
  const docs = parseAllDocuments(text, { uniqueKeys: true, strict: false });
  const list = Array.isArray(docs) ? docs : [];
  return list.reduce((n, d) => n + d.errors.filter((e) => e.code === 'DUPLICATE_KEY').length, 0);
}

/**
 * Why the edits would make two keys of one mapping the same (`k8s.gcr.io/pause:3.2:` renamed next to
 * `registry.k8s.io/pause:3.2:`), or undefined. Parsed only when an edited text's new value is already in
 * the file, the one way a rename can meet an existing key.
 */
export function duplicateKeyProblem(
  oldText: string,
  newText: string,
  edits: readonly { after: string }[],
): string | undefined {
  const afters = [...new Set(edits.map((e) => e.after))].map((a) => [a, a] as [string, string]);
  if (placesOf(oldText, afters).length === 0) return undefined;
  if (duplicateKeyCount(newText) <= duplicateKeyCount(oldText)) return undefined;
  return 'the edit would give one mapping two identical keys (the new name is already a key there); merge them by hand';
}

/** The edits as offsets into the old text; an edit whose text is not where it says gets an empty span. */
function textEdits(oldText: string, edits: readonly PlannedEdit[]): TextEdit[] {
  const lines = new LineIndex(oldText);
  return edits.map((edit) => {
    const start = lines.lineStart(edit.line) + edit.column - 1;
    const end = start + edit.before.length;
    // A span that does not hold `before` lies inside no scalar: editsStayInScalars then answers false.
    return oldText.slice(start, end) === edit.before
      ? { start, end, after: edit.after }
      : { start: -1, end: -1, after: '' };
  });
}

/**
 * Why the edited text does not parse to the old structure but for the replaced strings (each string edited
 * wholly: every occurrence of an edited text in it replaced), or undefined when it does.
 */
export function structureProblem(
  oldText: string,
  newText: string,
  edits: readonly { before: string; after: string }[],
  format: FindingFormat,
): string | undefined {
  const oldStructure = parseStructure(oldText, format);
  if (!oldStructure.ok && oldStructure.refuse) return `cannot verify the file: ${oldStructure.message}`;
  if (!oldStructure.ok) return undefined; // scanned as text before; nothing structural to keep
  const newStructure = parseStructure(newText, format);
  if (!newStructure.ok) return `the edited file no longer parses: ${newStructure.message}`;
  // An edit of JSON written with `\/` changes the parsed string as its unescaped text.
  const jsonText = (t: string) => (format === 'json' ? t.replaceAll('\\/', '/') : t);
  const pairs = edits
    .map((e) => [jsonText(e.before), jsonText(e.after)] as [string, string])
    .sort((x, y) => y[0].length - x[0].length);
  if (!sameModuloEdits(oldStructure.value, newStructure.value, pairs)) {
    return 'the edited file parses to a different structure than the original (beyond the replaced strings)';
  }
  return undefined;
}

/**
 * Check an edited text before it is written: re-scanned, exactly the edited findings are gone and nothing
 * new appeared; a file that parsed as YAML or JSON still parses to the same structure but for the edits.
 * Returns why it failed, or undefined when the edit is sound.
 */
export function verifyRewrite(
  file: { absolute: string; path: string },
  oldText: string,
  newText: string,
  edits: readonly PlannedEdit[],
  rules: readonly Rule[],
  /** What the scan found in the old text; scanned again when not given. */
  known?: readonly Finding[],
): string | undefined {
  const before = known ?? scanText({ ...file, text: oldText }, rules).findings;
  const rescanned = scanText({ ...file, text: newText }, rules);
  const after = rescanned.findings;
  // A multiset of what should remain: a file may hold 150,000 findings, so no indexOf per edit.
  const expected = new Map<string, number>();
  for (const key of findingKeys(before)) expected.set(key, (expected.get(key) ?? 0) + 1);
  for (const edit of edits) {
    const key = `${edit.line}\0${edit.kind}\0${edit.before}`;
    const n = expected.get(key);
    if (n !== undefined) expected.set(key, n - 1);
  }
  const extra: string[] = [];
  for (const key of findingKeys(after)) {
    const n = expected.get(key) ?? 0;
    if (n > 0) expected.set(key, n - 1);
    else extra.push(key.split('\0').reverse().join(' at line '));
  }
  const missing = [...expected.values()].some((n) => n > 0);
  if (extra.length > 0 || missing) {
    return `re-scanning the edited text did not give the expected findings${extra.length > 0 ? ` (unexpected: ${extra.slice(0, 3).join('; ')})` : ''}`;
  }
  const { format } = rescanned;
  if (!structuredFormats.includes(format)) return undefined;
  const duplicate = duplicateKeyProblem(oldText, newText, edits);
  if (duplicate) return duplicate;
  if (format !== 'json' && editsStayInScalars(oldText, textEdits(oldText, edits))) return undefined;
  return structureProblem(oldText, newText, edits, format);
}
