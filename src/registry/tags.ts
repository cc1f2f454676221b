/** Tag listing, following the `Link: <…>; rel="next"` pagination of the distribution spec, bounded. */
import { repositoryScope } from './auth/challenge.js';
import type { RegistryClient } from './client.js';
import { RegistryError, statusError } from './errors.js';
import type { FetchOptions } from './manifest.js';
import { checkedRepository } from './names.js';
import { header } from './transport.js';

/** The next page's URL from a Link header, resolved against the page that named it. */
export function nextPage(link: string | undefined, current: URL): URL | undefined {
  if (!link) return undefined;
  const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(link);
  if (!match) return undefined;
  try {
    return new URL(match[1]!, current);
  } catch {
    return undefined;
  }
}

function pagination(host: string, repository: string, problem: string): RegistryError {
  return new RegistryError(
    'REGISTRY_PAGINATION',
    'HTTP',
    host,
    `HTTP ${host}: tags of ${repository}: ${problem}`,
    {
      hint: 'The registry’s tag list pagination is broken (or hostile); list the tags you need by name instead.',
    },
  );
}

/** A distribution error body whose first code is NAME_UNKNOWN: the repository does not exist (yet). */
function nameUnknown(body: Buffer): boolean {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: { code?: unknown }[] };
    return parsed.errors?.[0]?.code === 'NAME_UNKNOWN';
  } catch {
    return false;
  }
}

/**
 * Every tag of a repository; with `unknownIsEmpty`, none for a repository the registry says it does not
 * know (404 NAME_UNKNOWN, as distribution and go-containerregistry answer for one never pushed to). Pagination stops with an error on a page named twice (a loop), a next page on
 * another origin (the registry's credentials would follow), or more pages than `limits.tagPages`.
 */
export async function listTags(
  client: RegistryClient,
  at: { registry: string; repository: string },
  options: FetchOptions & { pageSize?: number; unknownIsEmpty?: boolean } = {},
): Promise<string[]> {
  const tags: string[] = [];
  const { pageSize, unknownIsEmpty, ...fetchOptions } = options;
  const repository = checkedRepository(at.repository, at.registry);
  let path: string | undefined = `/v2/${repository}/tags/list${pageSize ? `?n=${pageSize}` : ''}`;
  const seen = new Set<string>();
  let origin: string | undefined;
  while (path !== undefined) {
    if (seen.size >= client.limits.tagPages)
      throw pagination(at.registry, repository, `more than ${client.limits.tagPages} pages`);
    seen.add(path);
    const { response, bytes } = await client.read(at.registry, path, {
      scopes: [repositoryScope(repository)],
      repository,
      maxBytes: client.limits.tagListBytes,
      what: `tags of ${repository}`,
      ...fetchOptions,
    });
    if (response.status === 404 && unknownIsEmpty && seen.size === 1 && nameUnknown(bytes)) return [];
    if (response.status !== 200)
      throw statusError(response.url.host, `tags of ${repository}`, response.status, bytes.toString('utf8'));
    origin ??= response.url.origin;
    let page: { tags?: unknown };
    try {
      page = JSON.parse(bytes.toString('utf8')) as { tags?: unknown };
    } catch {
      throw pagination(response.url.host, repository, 'a page that is not JSON');
    }
    if (Array.isArray(page.tags)) tags.push(...page.tags.filter((t): t is string => typeof t === 'string'));
    const next = nextPage(header(response, 'link'), response.url);
    if (next === undefined) break;
    if (next.origin !== origin)
      throw pagination(response.url.host, repository, `the next page is on another origin (${next.origin})`);
    path = next.pathname + next.search;
    if (seen.has(path)) throw pagination(response.url.host, repository, `page ${path} named twice (a loop)`);
  }
  return tags;
}
