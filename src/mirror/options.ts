/** What `mirrorImages` takes and returns, with every default in one place. */
import type { ErrorCode } from '../errors.js';
import type { ImageInput } from '../inputs/images.js';
import type { Rule } from '../rules/types.js';
import type { TagFilter } from './repos.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface MirrorOptions {
  images: readonly ImageInput[];
  /** Whole repositories (`HOST/PATH`): every tag that `tagFilter` keeps is mirrored. */
  repos?: readonly string[];
  tagFilter?: TagFilter;
  /** `HOST/PREFIX`: each image goes to `HOST/PREFIX/<its repository path>`. */
  to: string;
  /** Rules that say where an old-registry image is served now (it is fetched from there). */
  rules?: readonly Rule[];
  /** Fetch old-registry images from the old location rather than their new one. */
  fromOld?: boolean;
  /** Only these platforms of multi-platform images (the index is rewritten, so its digest changes). */
  platforms?: readonly Platform[];
  /** Images in flight at once, and blob transfers at once (platforms of an image are read together). */
  jobs?: number;
  /** Copy each image's referrers (signatures, attestations, SBOMs) too; default true. */
  withReferrers?: boolean;
  /** Only referrers of these artifact types (cosign's tag-stored signatures are then left out). */
  referrerTypes?: readonly string[];
  /** Look (source manifests, destination HEADs) but write nothing. */
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Called as blobs and images finish (the library prints nothing). */
  onProgress?: (progress: MirrorProgress) => void;
}

export interface MirrorProgress {
  imagesDone: number;
  imagesTotal: number;
  /** Bytes uploaded to the destination so far. */
  bytes: number;
  /** Blobs settled so far (copied, mounted or found present). */
  blobsDone: number;
}

export type MirrorStatus = 'copied' | 'up-to-date' | 'would-copy' | 'failed';

export interface MirrorResult {
  /** The image as given. */
  source: string;
  /** Where its bytes were read (the new location of an old-registry image, unless fromOld). */
  fetchedFrom: string;
  target: string;
  /** Digest of the top manifest pushed (null when it could not be read). */
  digest: string | null;
  /** Bytes of the image: its manifests and distinct blobs, all platforms copied (0 when unread). */
  size: number;
  copiedBytes: number;
  copiedBlobs: number;
  skippedBlobs: number;
  mountedBlobs: number;
  /** Referrers (signatures, attestations, SBOMs, cosign's tags) at the destination after the copy. */
  referrers: number;
  /** How the source stored them and how the destination got them (null: none found, or not copied). */
  referrersFrom: 'api' | 'tag-schema' | null;
  referrersTo: 'api' | 'tag-schema' | null;
  status: MirrorStatus;
  error: { code: ErrorCode; message: string; hint: string | null } | null;
}

export interface MirrorReport {
  results: MirrorResult[];
  /** Things the user should know that are not failures (e.g. a platform filter changed an index digest). */
  warnings: string[];
}

export const mirrorDefaults = {
  jobs: 8,
  /** Open connections per registry host for each job: a job's manifest reads overlap its blob transfer. */
  connectionsPerJob: 2,
} as const;
