import { type Document, isMap, isScalar, parseAllDocuments, type YAMLMap } from 'yaml';
import type { Diagnostic, FindingFormat } from '../../findings.js';
import { tryParseReference } from '../../reference/parse.js';
import type { Hit } from '../hits.js';
import { type FormatScanner, type HitMeaning, type SourceFile, toFinding } from './common.js';
import { isPolicyDocument } from './policy.js';
import { classifyInText, registryKeyPattern } from './text.js';
import { type ScalarSite, scalarSites, siteAt } from './yaml-tree.js';

/** Keys that hold a repository next to `registry` / `tag` / `digest` keys (Helm's split image fields). */
const repositoryKeys = ['repository', 'image', 'name'];

/** A sibling scalar as written (so `tag: 1.10` stays "1.10", not the number 1.1), without quotes. */
function siblingSource(map: YAMLMap | null, key: string, text: string): string | undefined {
  const node = map?.get(key, true);
  if (!isScalar(node) || !node.range || node.value === null || typeof node.value === 'object')
    return undefined;
  const source = text.slice(node.range[0], node.range[1]).trim();
  return source.replace(/^(["'])(.*)\1$/s, '$2') || undefined;
}

function withTagAndDigest(reference: string, map: YAMLMap | null, text: string): string {
  const parsed = tryParseReference(reference);
  if (!parsed.ok || parsed.reference.tag !== undefined || parsed.reference.digest !== undefined)
    return reference;
  const tag = siblingSource(map, 'tag', text);
  const digest = siblingSource(map, 'digest', text);
  let out = reference;
  if (tag && !tag.includes('{{')) out += `:${tag}`;
  if (digest && !digest.includes('{{')) out += `@${digest}`;
  return out;
}

/** The image a split `registry:` value composes with its sibling `repository` and `tag`, or null. */
function composedFromRegistry(site: ScalarSite, hit: Hit, text: string): string | null {
  if (site.key === null || !/registry$/i.test(site.key)) return null;
  for (const key of repositoryKeys) {
    if (key === site.key) continue;
    const repository = siblingSource(site.parent, key, text);
    if (repository)
      return withTagAndDigest(`${hit.text}/${repository.replace(/^\/+/, '')}`, site.parent, text);
  }
  return null;
}

function meaningAt(text: string, hit: Hit, site: ScalarSite | undefined): HitMeaning {
  if (!site) return { kind: classifyInText(text, hit), context: null };
  if (site.isKey) return { kind: hit.hasPath ? 'image' : 'mention', context: site.path };
  const whole = site.value.trim() === hit.text;
  if (!hit.hasPath) {
    if (whole || (site.key !== null && registryKeyPattern.test(site.key))) {
      return { kind: 'registry', context: site.path, image: composedFromRegistry(site, hit, text) };
    }
    return { kind: classifyInText(text, hit), context: site.path };
  }
  const image =
    whole && site.key !== null && repositoryKeys.includes(site.key)
      ? withTagAndDigest(hit.text, site.parent, text)
      : hit.text;
  return { kind: 'image', context: site.path, image };
}

function parseDiagnostic(file: SourceFile, format: FindingFormat, doc: Document): Diagnostic {
  const error = doc.errors[0]!;
  const { line, column } = file.lines.position(error.pos[0]);
  const code = format === 'json' ? 'JSON_PARSE' : 'YAML_PARSE';
  const what = format === 'json' ? 'JSON' : 'YAML';
  return {
    path: file.path,
    code,
    message: `${file.path}:${line}:${column}: not valid ${what} (${error.message.split('\n')[0]}); scanned as text`,
  };
}

/** JSON.parse is the judge of JSON: the YAML parser also accepts trailing commas and comments. */
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

function scannedAsText(file: SourceFile, format: FindingFormat, diagnostic: Diagnostic) {
  const findings = file.hits.map((hit) =>
    toFinding(file, hit, format, { kind: classifyInText(file.text, hit), context: null }),
  );
  return { findings, errors: [diagnostic] };
}

function isPolicy(doc: Document): boolean {
  return isMap(doc.contents) && isPolicyDocument(doc.get('apiVersion'), doc.get('kind'));
}

/** YAML and JSON: every string anywhere (custom resources too), by where the hit stands in the tree. */
export function yamlScanner(format: FindingFormat): FormatScanner {
  return (file) => {
    const invalidJson = format === 'json' ? jsonDiagnostic(file) : undefined;
    if (invalidJson) return scannedAsText(file, format, invalidJson);
    const docs = parseAllDocuments(file.text, { prettyErrors: false, uniqueKeys: false, strict: false });
    const list = Array.isArray(docs) ? docs : [];
    const broken = list.find((doc) => doc.errors.length > 0);
    if (broken) {
      const findings = file.hits.map((hit) =>
        toFinding(file, hit, format, { kind: classifyInText(file.text, hit), context: null }),
      );
      return { findings, errors: [parseDiagnostic(file, format, broken)] };
    }
    const prepared = list.map((doc) => ({
      start: doc.range[0],
      policy: isPolicy(doc),
      sites: scalarSites(doc),
    }));
    const findings = file.hits.map((hit) => {
      let owner = prepared[0];
      for (const doc of prepared) if (doc.start <= hit.start) owner = doc;
      const site = owner ? siteAt(owner.sites, hit.start, hit.end) : undefined;
      if (owner?.policy)
        return toFinding(file, hit, format, { kind: 'policy', context: site?.path ?? null, image: null });
      return toFinding(file, hit, format, meaningAt(file.text, hit, site));
    });
    return { findings, errors: [] };
  };
}
