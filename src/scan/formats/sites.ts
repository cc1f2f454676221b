import type { Diagnostic, FindingFormat } from '../../findings.js';
import { tryParseReference } from '../../reference/parse.js';
import { type Hit, hitReference } from '../hits.js';
import { type FormatResult, type HitMeaning, type SourceFile, toFinding, wholeImage } from './common.js';
import { classifyInText, registryKeyPattern } from './text.js';

/** A string scalar of a YAML or JSON tree, with where it stands. */
export interface ScalarSite {
  start: number;
  end: number;
  value: string;
  /** `spec.template.spec.containers[0].image` */
  path: string;
  isKey: boolean;
  /** The key this scalar is the value of, if any. */
  key: string | null;
  /** A scalar sibling in the same map, as written (so `tag: 1.10` stays "1.10"), without quotes. */
  sibling(key: string): string | undefined;
}

export function joinPath(path: string, segment: string | number): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  return path === '' ? segment : `${path}.${segment}`;
}

/** A scalar's source text without its quotes, or undefined when empty. */
export function unquotedSource(text: string, start: number, end: number): string | undefined {
  const source = text.slice(start, end).trim();
  return source.replace(/^(["'])(.*)\1$/s, '$2') || undefined;
}

/** The innermost site whose range holds [start, end), by binary search over sites sorted by start. */
export function siteAt(sites: readonly ScalarSite[], start: number, end: number): ScalarSite | undefined {
  let low = 0;
  let high = sites.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (sites[mid]!.start <= start) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  const site = found === -1 ? undefined : sites[found];
  return site && site.end >= end ? site : undefined;
}

/** Keys that hold a repository next to `registry` / `tag` / `digest` keys (Helm's split image fields). */
const repositoryKeys = ['repository', 'image', 'name'];

function withTagAndDigest(reference: string, site: ScalarSite): string {
  const parsed = tryParseReference(reference);
  if (!parsed.ok || parsed.reference.tag !== undefined || parsed.reference.digest !== undefined)
    return reference;
  const tag = site.sibling('tag');
  const digest = site.sibling('digest');
  let out = reference;
  if (tag && !tag.includes('{{')) out += `:${tag}`;
  if (digest && !digest.includes('{{')) out += `@${digest}`;
  return out;
}

/** The image a split `registry:` value composes with its sibling `repository` and `tag`, or null. */
function composedFromRegistry(site: ScalarSite, hit: Hit): string | null {
  if (site.key === null || !/registry$/i.test(site.key)) return null;
  for (const key of repositoryKeys) {
    const repository = site.sibling(key);
    if (repository) return withTagAndDigest(`${hitReference(hit)}/${repository.replace(/^\/+/, '')}`, site);
  }
  return null;
}

/** What a hit means where it stands in a YAML or JSON tree. */
export function meaningAt(text: string, hit: Hit, site: ScalarSite | undefined): HitMeaning {
  if (!site) return { kind: classifyInText(text, hit), context: null };
  if (site.isKey) return { kind: hit.hasPath ? 'image' : 'mention', context: site.path };
  const whole = site.value.trim() === hitReference(hit);
  if (!hit.hasPath) {
    if (whole || (site.key !== null && registryKeyPattern.test(site.key))) {
      return { kind: 'registry', context: site.path, image: composedFromRegistry(site, hit) };
    }
    return { kind: classifyInText(text, hit), context: site.path };
  }
  const composes = whole && site.key !== null && repositoryKeys.includes(site.key);
  return {
    kind: 'image',
    context: site.path,
    image: composes ? withTagAndDigest(hitReference(hit), site) : wholeImage(text, hit),
  };
}

/** A file that did not parse: its hits classified as plain text, with the parse diagnostic. */
export function scannedAsText(file: SourceFile, format: FindingFormat, diagnostic: Diagnostic): FormatResult {
  const findings = file.hits.map((hit) =>
    toFinding(file, hit, format, { kind: classifyInText(file.text, hit), context: null }),
  );
  return { findings, errors: [diagnostic] };
}
