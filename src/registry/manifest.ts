/** Manifests: GET and HEAD with the four accepted media types, digests computed and checked, platform children. */
import { normalizedDomain, normalizedPath } from '../reference/normalize.js';
import type { ImageReference } from '../reference/parse.js';
import { repositoryScope } from './auth/challenge.js';
import type { RegistryClient } from './client.js';
import { digestAlgorithm, digestOf } from './digest.js';
import { digestMismatch, RegistryError, statusError } from './errors.js';
import { isDigest, manifestPath } from './names.js';
import type { Hop } from './options.js';
import { header } from './transport.js';

export const mediaTypes = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

export const manifestAccept = Object.values(mediaTypes).join(', ');

/** A repository on a registry, and a tag or digest in it. */
export interface ManifestLocation {
  registry: string;
  repository: string;
  /** A tag or a digest. */
  reference: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
  annotations?: Record<string, string>;
}

export interface ManifestJson {
  schemaVersion?: number;
  mediaType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
  subject?: Descriptor;
}

export interface Manifest extends ManifestLocation {
  /** Computed from the bytes, never taken from Docker-Content-Digest. */
  digest: string;
  mediaType: string;
  bytes: Buffer;
  json: ManifestJson;
}

export interface FetchOptions {
  signal?: AbortSignal;
  hops?: Hop[];
}

/** Where an image reference's manifest lives; the digest wins over the tag. */
export function manifestLocation(ref: ImageReference): ManifestLocation {
  return {
    registry: normalizedDomain(ref),
    repository: normalizedPath(ref),
    reference: ref.digest ?? ref.tag ?? 'latest',
  };
}

function what(at: ManifestLocation): string {
  return `manifest ${at.repository}${at.reference.includes(':') ? '@' : ':'}${at.reference}`;
}

export async function getManifest(
  client: RegistryClient,
  at: ManifestLocation,
  options: FetchOptions = {},
): Promise<Manifest> {
  const { response, bytes } = await client.read(at.registry, manifestPath(at), {
    headers: { accept: manifestAccept },
    scopes: [repositoryScope(at.repository)],
    repository: at.repository,
    maxBytes: client.limits.manifestBytes,
    what: what(at),
    ...options,
  });
  if (response.status !== 200)
    throw statusError(response.url.host, what(at), response.status, bytes.toString('utf8'));
  const pinned = at.reference.includes(':') ? at.reference : undefined;
  const digest = digestOf(bytes, pinned ? digestAlgorithm(pinned) : 'sha256');
  if (pinned && digest !== pinned) throw digestMismatch(response.url.host, what(at), pinned, digest);
  let json: ManifestJson;
  try {
    json = JSON.parse(bytes.toString('utf8')) as ManifestJson;
  } catch {
    json = {};
  }
  checkDescriptors(json, response.url.host, what(at));
  const mediaType = json.mediaType ?? header(response, 'content-type')?.split(';')[0] ?? '';
  return { ...at, digest, mediaType, bytes, json };
}

/**
 * Every descriptor a manifest names (config, layers, index children, subject) has a verifiable digest and
 * a size that is a whole number: they go into URLs and byte counts later.
 */
function checkDescriptors(json: ManifestJson, host: string, where: string): void {
  const all = [json.config, ...(json.layers ?? []), ...(json.manifests ?? []), json.subject];
  const hint = 'The registry served a malformed or hostile manifest; do not use this image from it.';
  for (const d of all) if (d !== undefined) checkDescriptor(d, host, where, hint);
}

/** One descriptor a registry served: a verifiable digest and a whole-number size, or a RegistryError. */
export function checkDescriptor(d: unknown, host: string, where: string, hint: string): Descriptor {
  const digest = typeof d === 'object' && d !== null ? (d as Descriptor).digest : d;
  if (typeof digest !== 'string' || !isDigest(digest)) {
    throw new RegistryError(
      'REGISTRY_INVALID_NAME',
      'HTTP',
      host,
      `${host}: ${where} names an invalid digest ${JSON.stringify(String(digest).slice(0, 200))}`,
      { hint },
    );
  }
  const size = (d as Descriptor).size;
  if (!Number.isSafeInteger(size) || size < 0) {
    const text = `${host}: ${where} gives ${digest} the size ${JSON.stringify(size)}`;
    throw new RegistryError('REGISTRY_INVALID_NAME', 'HTTP', host, text, { hint });
  }
  return d as Descriptor;
}

/** HEAD: existence and the server's digest claim (unverified), without the body. Undefined when absent. */
export async function headManifest(
  client: RegistryClient,
  at: ManifestLocation,
  options: FetchOptions = {},
): Promise<
  { digest: string | undefined; mediaType: string | undefined; size: number | undefined } | undefined
> {
  const response = await client.request(at.registry, manifestPath(at), {
    method: 'HEAD',
    headers: { accept: manifestAccept },
    scopes: [repositoryScope(at.repository)],
    repository: at.repository,
    ...options,
  });
  await response.body.dump();
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw statusError(response.url.host, what(at), response.status);
  const length = header(response, 'content-length');
  const claimed = header(response, 'docker-content-digest');
  return {
    // A claim that is not a digest is no claim.
    digest: claimed !== undefined && isDigest(claimed) ? claimed : undefined,
    mediaType: header(response, 'content-type')?.split(';')[0],
    size: length === undefined ? undefined : Number(length),
  };
}

export function isIndex(manifest: Pick<Manifest, 'mediaType' | 'json'>): boolean {
  return (
    manifest.mediaType === mediaTypes.ociIndex ||
    manifest.mediaType === mediaTypes.dockerList ||
    (manifest.mediaType === '' && Array.isArray(manifest.json.manifests))
  );
}

/** The platform manifests an index lists (attestations, with platform unknown/unknown, left out). */
export function platformChildren(manifest: Pick<Manifest, 'json'>): Descriptor[] {
  return (manifest.json.manifests ?? []).filter((d) => d.platform?.os !== 'unknown');
}

/** The child for a platform (linux/amd64 unless told), else the first one. */
export function pickPlatform(
  manifest: Pick<Manifest, 'json'>,
  platform: { os: string; architecture: string } = { os: 'linux', architecture: 'amd64' },
): Descriptor | undefined {
  const children = platformChildren(manifest);
  return (
    children.find(
      (d) => d.platform?.os === platform.os && d.platform?.architecture === platform.architecture,
    ) ?? children[0]
  );
}
