import type { Document } from 'yaml';
import { appendAll, type Diagnostic, type FindingFormat } from '../../findings.js';
import type { Hit } from '../hits.js';
import { blockYamlSites } from './block-yaml.js';
import { type FormatResult, type FormatScanner, type SourceFile, toFinding } from './common.js';
import { isPolicyDocument } from './policy.js';
import { meaningAt, type ScalarSite, scannedAsText, siteAt } from './sites.js';
import { yamlLibrary } from './yaml-library.js';
import { scalarSites } from './yaml-tree.js';

interface PreparedDocument {
  start: number;
  policy: boolean;
  sites: ScalarSite[];
}

function parseDiagnostic(file: SourceFile, offset: number, doc: Document): Diagnostic {
  const error = doc.errors[0]!;
  const { line, column } = file.lines.position(offset + error.pos[0]);
  return {
    path: file.path,
    code: 'YAML_PARSE',
    message: `${file.path}:${line}:${column}: not valid YAML (${error.message.split('\n')[0]}); scanned as text`,
  };
}

function isPolicy(doc: Document): boolean {
  return yamlLibrary().isMap(doc.contents) && isPolicyDocument(doc.get('apiVersion'), doc.get('kind'));
}

const documentMarker = /^---(?=[ \t]|\r?$)/gm;

/** Where each document of a multi-document stream starts (the first at 0). */
export function documentStarts(text: string): number[] {
  const starts = [0];
  documentMarker.lastIndex = 0;
  for (let m = documentMarker.exec(text); m; m = documentMarker.exec(text))
    if (m.index > 0) starts.push(m.index);
  return starts;
}

/** The documents of a slice as the `yaml` library parses them, or the diagnostic of the first broken one. */
function parsedDocuments(file: SourceFile, from: number, text: string): PreparedDocument[] | Diagnostic {
  const docs = yamlLibrary().parseAllDocuments(text, {
    prettyErrors: false,
    uniqueKeys: false,
    strict: false,
  });
  const list = Array.isArray(docs) ? docs : [];
  const broken = list.find((doc) => doc.errors.length > 0);
  if (broken) return parseDiagnostic(file, from, broken);
  return list.map((doc) => ({
    start: doc.range[0],
    policy: isPolicy(doc),
    sites: scalarSites(doc, text),
  }));
}

/** Parse one slice of the file (a document, or the whole file) and place the hits in it. */
function scanSlice(
  file: SourceFile,
  format: FindingFormat,
  from: number,
  to: number,
  hits: readonly Hit[],
): FormatResult | Diagnostic {
  const text = file.text.slice(from, to);
  const simple = blockYamlSites(
    text,
    hits.map((h) => h.start - from),
  );
  const prepared = simple ? [{ start: 0, ...simple }] : parsedDocuments(file, from, text);
  if (!Array.isArray(prepared)) return prepared;
  const findings = hits.map((hit) => {
    const start = hit.start - from;
    let owner = prepared[0];
    for (const doc of prepared) if (doc.start <= start) owner = doc;
    const site = owner ? siteAt(owner.sites, start, hit.end - from) : undefined;
    if (owner?.policy)
      return toFinding(file, hit, format, { kind: 'policy', context: site?.path ?? null, image: null });
    const local = { ...hit, start, end: hit.end - from };
    return toFinding(file, hit, format, meaningAt(text, local, site));
  });
  return { findings, errors: [] };
}

/**
 * YAML: every string anywhere (custom resources too), by where the hit stands in the tree. Only documents
 * that hold a hit are parsed, so a rendered stream of thousands of documents costs one small parse.
 */
export function yamlScanner(format: FindingFormat): FormatScanner {
  return (file) => {
    // A %YAML directive applies to what follows it: parse such a file whole.
    const starts = file.text.startsWith('%') ? [0] : documentStarts(file.text);
    const out: FormatResult = { findings: [], errors: [] };
    for (let d = 0; d < starts.length; d++) {
      const from = starts[d]!;
      const to = starts[d + 1] ?? file.text.length;
      const hits = file.hits.filter((h) => h.start >= from && h.start < to);
      if (hits.length === 0) continue;
      const result = scanSlice(file, format, from, to, hits);
      if ('code' in result) return scannedAsText(file, format, result);
      appendAll(out.findings, result.findings);
    }
    return out;
  };
}
