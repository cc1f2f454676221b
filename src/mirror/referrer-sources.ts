/**
 * The source side of referrer copies: which referrers a manifest has (referrers API and tag schema, both
 * read, bounded and checked), which of them pass a type filter, and the index entry a copied one gets.
 */
import { RegistryError } from '../registry/errors.js';
import { getManifest, type ManifestLocation } from '../registry/manifest.js';
import {
  fetchReferrers,
  type ReferrerDescriptor,
  referrerDescriptors,
  referrersTag,
} from '../registry/referrers.js';
import type { ImageContext } from './image.js';
import type { ReferrerContext, ReferrerMode } from './referrers.js';
import type { Node } from './tree.js';

export type Repo = { registry: string; repository: string };

export function isNotFound(error: unknown): boolean {
  return error instanceof RegistryError && error.status === 404;
}

/** The manifest at `at`, or undefined when it is not there. */
export async function manifestIfAny(ctx: ImageContext, at: ManifestLocation) {
  try {
    return await getManifest(ctx.client, at, ctx.signal ? { signal: ctx.signal } : {});
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The entry a referrers index gives `node` (artifactType as the spec derives it). */
export function describe(node: Node): ReferrerDescriptor {
  const json = JSON.parse(node.bytes.toString('utf8')) as {
    artifactType?: string;
    config?: { mediaType?: string };
    annotations?: Record<string, string>;
  };
  const artifactType = json.artifactType ?? json.config?.mediaType;
  return {
    mediaType: node.mediaType,
    digest: node.digest,
    size: node.bytes.length,
    ...(artifactType ? { artifactType } : {}),
    ...(json.annotations ? { annotations: json.annotations } : {}),
  };
}

/**
 * The referrers API's answer at the source, once the registry is known to serve it. A registry whose first
 * answer said it has no such route is not asked again in this run (a request saved per manifest).
 */
async function sourceApi(
  from: Repo,
  digest: string,
  ctx: ImageContext,
  rctx: ReferrerContext,
  signal: { signal?: AbortSignal },
): Promise<ReferrerDescriptor[] | undefined> {
  const known = rctx.sourceApis.get(from.registry);
  if (known !== undefined && !(await known)) return undefined;
  const answer = fetchReferrers(ctx.client, { ...from, digest }, signal);
  if (known === undefined)
    rctx.sourceApis.set(
      from.registry,
      answer.then(
        (a) => a !== undefined,
        () => true,
      ),
    );
  return answer;
}

export async function sourceReferrers(
  from: Repo,
  digest: string,
  ctx: ImageContext,
  rctx: ReferrerContext,
): Promise<{ mode: ReferrerMode; descriptors: ReferrerDescriptor[] }> {
  const signal = ctx.signal ? { signal: ctx.signal } : {};
  const [api, tags] = await Promise.all([sourceApi(from, digest, ctx, rctx, signal), rctx.tags(from)]);
  const tag = referrersTag(digest);
  // A registry with the API may still hold a tag-schema index a client wrote: both count.
  const index =
    tags === undefined || tags.has(tag) ? await manifestIfAny(ctx, { ...from, reference: tag }) : undefined;
  const listed = index ? referrerDescriptors(index.bytes, from.registry, `${from.repository}:${tag}`) : [];
  const byDigest = new Map([...(api ?? []), ...listed].map((d) => [d.digest, d]));
  return { mode: api ? 'api' : 'tag-schema', descriptors: [...byDigest.values()] };
}

/**
 * The referrers of `types`. An index entry's artifactType is trusted when it matches; otherwise the
 * manifest itself is asked (go-containerregistry's registry lists the config's media type there, not the
 * manifest's artifactType).
 */
export async function ofTypes(
  descriptors: readonly ReferrerDescriptor[],
  from: Repo,
  types: readonly string[],
  ctx: ImageContext,
): Promise<ReferrerDescriptor[]> {
  const kept = await Promise.all(
    descriptors.map(async (d) => {
      if (types.includes(d.artifactType ?? '')) return d;
      const manifest = await manifestIfAny(ctx, { ...from, reference: d.digest });
      if (!manifest) return undefined;
      const type =
        (manifest.json as { artifactType?: string }).artifactType ?? manifest.json.config?.mediaType;
      return types.includes(type ?? '') ? d : undefined;
    }),
  );
  return kept.filter((d): d is ReferrerDescriptor => d !== undefined);
}
