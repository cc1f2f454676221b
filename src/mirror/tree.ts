/**
 * An image as the source serves it: the top manifest and, for an index, its children (all of them, or
 * the chosen platforms), each verified against its digest. What to push comes from here, bottom-up.
 */

import { RegshiftError } from '../errors.js';
import type { RegistryClient } from '../registry/client.js';
import { digestOf } from '../registry/digest.js';
import {
  type Descriptor,
  type FetchOptions,
  getManifest,
  isIndex,
  type Manifest,
  type ManifestLocation,
} from '../registry/manifest.js';
import type { Platform } from './options.js';
import { narrowIndex } from './platform.js';

export interface Node {
  /** The bytes to push (the source's, unless a platform filter narrowed an index). */
  bytes: Buffer;
  digest: string;
  mediaType: string;
  /** Config and layers of an image manifest. */
  blobs: Descriptor[];
  children: Node[];
}

/** Layers that must not be copied: foreign (Windows base) layers served from their own URLs. */
function distributable(d: Descriptor & { urls?: string[] }): boolean {
  return !(d.urls && d.urls.length > 0 && /foreign|nondistributable/.test(d.mediaType));
}

function blobsOf(manifest: Manifest): Descriptor[] {
  const { config, layers } = manifest.json;
  return [...(config ? [config] : []), ...(layers ?? [])].filter(distributable);
}

/** Fetch the tree under `at` (depth-limited: an index of indexes at most); `sourceDigest` is the top's as served. */
export async function fetchTree(
  client: RegistryClient,
  at: ManifestLocation,
  platforms: readonly Platform[] | undefined,
  options: FetchOptions = {},
  depth = 0,
): Promise<{ node: Node; narrowed: boolean; sourceDigest: string }> {
  const manifest = await getManifest(client, at, options);
  const sourceDigest = manifest.digest;
  if (!isIndex(manifest)) {
    return {
      node: {
        bytes: manifest.bytes,
        digest: manifest.digest,
        mediaType: manifest.mediaType,
        blobs: blobsOf(manifest),
        children: [],
      },
      narrowed: false,
      sourceDigest,
    };
  }
  let bytes = manifest.bytes;
  let narrowed = false;
  if (platforms && platforms.length > 0 && depth === 0) {
    const kept = narrowIndex(bytes, platforms);
    if (!kept) {
      throw new RegshiftError(
        'MIRROR_PLATFORM',
        `${at.repository}:${at.reference} has none of the platforms asked for`,
        {
          hint: 'List the image’s platforms with `crane manifest`, or drop --platform to copy all of them.',
        },
      );
    }
    narrowed = !kept.equals(bytes);
    bytes = kept;
  }
  const descriptors = (JSON.parse(bytes.toString('utf8')) as { manifests?: Descriptor[] }).manifests ?? [];
  if (depth > 1) {
    throw new RegshiftError('MIRROR_DEPTH', `${at.repository}: indexes nested too deeply`, {
      hint: 'Copy the inner indexes by digest instead.',
    });
  }
  const children = await Promise.all(
    descriptors.map(
      async (d) =>
        (await fetchTree(client, { ...at, reference: d.digest }, undefined, options, depth + 1)).node,
    ),
  );
  const digest = narrowed ? digestOf(bytes) : manifest.digest;
  return {
    node: { bytes, digest, mediaType: manifest.mediaType, blobs: [], children },
    narrowed,
    sourceDigest,
  };
}

/** Every node below and including `node`, children before parents. */
export function bottomUp(node: Node): Node[] {
  return [...node.children.flatMap(bottomUp), node];
}

/** Distinct blobs of the tree (a layer shared by two platforms counts once). */
export function uniqueBlobs(nodes: readonly Node[]): Descriptor[] {
  const seen = new Map<string, Descriptor>();
  for (const node of nodes) for (const b of node.blobs) if (!seen.has(b.digest)) seen.set(b.digest, b);
  return [...seen.values()];
}
