/**
 * OCI 1.1 referrers: the manifests whose `subject` is a digest (signatures, attestations, SBOMs). Read
 * through the referrers API (`GET /v2/<name>/referrers/<digest>`) where a registry offers it, else from the
 * referrers tag schema, an index under the tag `<alg>-<hex>`. cosign's older tags (`sha256-<hex>.sig`,
 * `.att`, `.sbom`) are named here too. Every digest a server names is checked before it is used.
 */
import { repositoryScope } from './auth/challenge.js';
import type { RegistryClient } from './client.js';
import { RegistryError, statusError } from './errors.js';
import { checkDescriptor, type Descriptor, type FetchOptions, headManifest, mediaTypes } from './manifest.js';
import { checkedDigest, checkedRepository } from './names.js';
import { header } from './transport.js';

export interface ReferrerDescriptor extends Descriptor {
  artifactType?: string;
}

/** The tag of the referrers tag schema for `digest`: `sha256:ab…` → `sha256-ab…`. */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-');
}

/** cosign's tags for signatures, attestations and SBOMs of `digest` (before OCI 1.1 referrers). */
export function cosignTags(digest: string): string[] {
  const base = referrersTag(digest);
  return [`${base}.sig`, `${base}.att`, `${base}.sbom`];
}

/** A tag that holds referrers of another manifest rather than an image of its own. */
export function isReferrerTag(tag: string): boolean {
  return /^sha(?:256|384|512)-[a-f0-9]{64,128}(?:\.(?:sig|att|sbom))?$/.test(tag);
}

/**
 * The descriptors an index lists, each checked (digest grammar, whole-number size); a broken or hostile
 * entry is an error rather than something to follow.
 */
export function referrerDescriptors(bytes: Buffer, host: string, what: string): ReferrerDescriptor[] {
  let json: { manifests?: unknown };
  try {
    json = JSON.parse(bytes.toString('utf8')) as { manifests?: unknown };
  } catch {
    throw new RegistryError('REGISTRY_INVALID_NAME', 'HTTP', host, `${host}: ${what} is not JSON`, {
      hint: 'The registry served a malformed referrers index; its signatures cannot be copied from it.',
    });
  }
  const list = Array.isArray(json.manifests) ? (json.manifests as ReferrerDescriptor[]) : [];
  const hint = 'The registry served a malformed referrers index; its signatures cannot be copied from it.';
  return list.map((d) => checkDescriptor(d, host, what, hint) as ReferrerDescriptor);
}

/**
 * The referrers API's answer for `digest`: the descriptors, or undefined when the registry does not offer
 * the API (404, or an answer that is not an index: CNCF distribution 2.8 has no such route). A registry
 * that offers it may still 404 a repository it does not know yet.
 */
export async function fetchReferrers(
  client: RegistryClient,
  at: { registry: string; repository: string; digest: string },
  options: FetchOptions = {},
): Promise<ReferrerDescriptor[] | undefined> {
  const repository = checkedRepository(at.repository, at.registry);
  const what = `referrers of ${repository}@${at.digest}`;
  const { response, bytes } = await client.read(
    at.registry,
    `/v2/${repository}/referrers/${checkedDigest(at.digest, at.registry)}`,
    {
      headers: { accept: mediaTypes.ociIndex },
      scopes: [repositoryScope(repository)],
      repository,
      maxBytes: client.limits.manifestBytes,
      what,
      ...options,
    },
  );
  if (response.status === 404 || response.status === 405 || response.status === 400) return undefined;
  if (response.status !== 200)
    throw statusError(response.url.host, what, response.status, bytes.toString('utf8'));
  const contentType = header(response, 'content-type')?.split(';')[0]?.trim();
  if (contentType !== mediaTypes.ociIndex) return undefined;
  return referrerDescriptors(bytes, response.url.host, what);
}

/** An index of referrers for the tag schema, entries sorted by digest so equal sets give equal bytes. */
export function referrersIndex(descriptors: readonly ReferrerDescriptor[]): Buffer {
  const manifests = [...new Map(descriptors.map((d) => [d.digest, d])).values()]
    .sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0))
    .map((d) => ({
      mediaType: d.mediaType,
      digest: d.digest,
      size: d.size,
      ...(d.artifactType ? { artifactType: d.artifactType } : {}),
      ...(d.annotations ? { annotations: d.annotations } : {}),
    }));
  return Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests }));
}

/**
 * Whether `digest` has any referrer in the repository: through the API where there is one, else the tag
 * schema's tag or cosign's `.sig`/`.att` tags (HEADs only).
 */
export async function hasReferrers(
  client: RegistryClient,
  at: { registry: string; repository: string; digest: string },
  options: FetchOptions = {},
): Promise<boolean> {
  const api = await fetchReferrers(client, at, options);
  if (api && api.length > 0) return true;
  const tags = [referrersTag(at.digest), ...cosignTags(at.digest).slice(0, 2)];
  const found = await Promise.all(
    tags.map((reference) =>
      headManifest(client, { registry: at.registry, repository: at.repository, reference }, options),
    ),
  );
  return found.some((f) => f !== undefined);
}
