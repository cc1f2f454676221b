/** Tag listing, following the `Link: <…>; rel="next"` pagination of the distribution spec. */
import { repositoryScope } from './auth/challenge.js';
import type { RegistryClient } from './client.js';
import { statusError } from './errors.js';
import type { FetchOptions } from './manifest.js';
import { header } from './transport.js';

/** The next page's path from a Link header, resolved against the page that named it. */
export function nextPage(link: string | undefined, current: URL): string | undefined {
  if (!link) return undefined;
  const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(link);
  if (!match) return undefined;
  const next = new URL(match[1]!, current);
  return next.pathname + next.search;
}

export async function listTags(
  client: RegistryClient,
  at: { registry: string; repository: string },
  options: FetchOptions & { pageSize?: number } = {},
): Promise<string[]> {
  const tags: string[] = [];
  const { pageSize, ...fetchOptions } = options;
  let path: string | undefined = `/v2/${at.repository}/tags/list${pageSize ? `?n=${pageSize}` : ''}`;
  for (let pages = 0; path !== undefined && pages < 10_000; pages++) {
    const { response, bytes } = await client.read(at.registry, path, {
      scopes: [repositoryScope(at.repository)],
      repository: at.repository,
      ...fetchOptions,
    });
    if (response.status !== 200)
      throw statusError(
        response.url.host,
        `tags of ${at.repository}`,
        response.status,
        bytes.toString('utf8'),
      );
    const page = JSON.parse(bytes.toString('utf8')) as { tags?: string[] | null };
    tags.push(...(page.tags ?? []));
    path = nextPage(header(response, 'link'), response.url);
  }
  return tags;
}
