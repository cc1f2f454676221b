/**
 * Referrers of copied manifests (signatures, attestations, SBOMs), copied with them so verification
 * against the mirror keeps working. Read from the source's referrers API when it has one, and from the
 * referrers tag schema (`sha256-<hex>`) and cosign's `.sig`/`.att`/`.sbom` tags; written as manifests
 * whose `subject` an OCI 1.1 registry indexes, plus, where the destination has no referrers API, the
 * tag-schema index that clients fall back to.
 */
import { cosignTags, type ReferrerDescriptor } from '../registry/referrers.js';
import type { BlobStats } from './blobs.js';
import { all, copyTree, type ImageContext } from './image.js';
import type { MirrorItem } from './plan.js';
import { describe, isNotFound, ofTypes, sourceReferrers } from './referrer-sources.js';
import { heldAtTarget, targetMode, updateTagSchema } from './referrer-targets.js';

export type ReferrerMode = 'api' | 'tag-schema';

export interface ReferrerContext {
  /** Only referrers with these artifact types; cosign's tag-stored signatures are then left out. */
  types?: readonly string[];
  /** Tags of a source repository, listed once per run; undefined when it cannot be listed. */
  tags: (at: { registry: string; repository: string }) => Promise<ReadonlySet<string> | undefined>;
  /** Per destination registry: does it serve the referrers API? Found once, after a first push. */
  targetModes: Map<string, Promise<ReferrerMode>>;
  /** Tag-schema indexes at destinations without the API, by repository and tag, as this run knows them. */
  targetIndexes: Map<string, Promise<ReferrerDescriptor[]>>;
  /** Per source registry: does it serve the referrers API? Learnt from its first answer. */
  sourceApis: Map<string, Promise<boolean>>;
  /** Subjects whose referrers this run copied (or is copying), by source and destination repository. */
  subjects: Map<string, Promise<SubjectOutcome>>;
}

/** What copying one subject's referrers did. */
interface SubjectOutcome {
  count: number;
  sourceMode: ReferrerMode | null;
  targetMode: ReferrerMode | null;
  wrote: boolean;
}

/** Per image: referrer manifests (and cosign tags) now at the destination, and the modes used. */
export interface ReferrerTally {
  count: number;
  sourceMode: ReferrerMode | null;
  targetMode: ReferrerMode | null;
}

/** Signatures of signatures (a signed SBOM) are followed this deep. */
const maxDepth = 2;

/**
 * Copy the referrers of each of `subjects` (digests already at the destination) from `item.from`'s
 * repository to `item.to`'s. True when anything new was written.
 */
export async function copyReferrers(
  item: Pick<MirrorItem, 'from' | 'to' | 'target'>,
  subjects: readonly string[],
  ctx: ImageContext,
  rctx: ReferrerContext,
  stats: BlobStats,
  total: ReferrerTally,
  depth = 0,
): Promise<boolean> {
  const from = { registry: item.from.registry, repository: item.from.repository };
  const to = { registry: item.to.registry, repository: item.to.repository };
  const name = `${to.registry}/${to.repository}`;
  const one = async (digest: string): Promise<SubjectOutcome> => {
    const tally: SubjectOutcome = { count: 0, sourceMode: null, targetMode: null, wrote: false };
    let wrote = false;
    const found = await sourceReferrers(from, digest, ctx, rctx);
    const wanted = rctx.types ? await ofTypes(found.descriptors, from, rctx.types, ctx) : found.descriptors;
    if (found.descriptors.length > 0 && (tally.sourceMode === null || found.mode === 'api'))
      tally.sourceMode = found.mode;
    const entries: ReferrerDescriptor[] = [];
    // A destination without the API lists what it holds in its tag-schema index: a referrer missing there
    // is copied without a HEAD first (and an index missing from its tag list is not even read).
    const mode = wanted.length > 0 && !ctx.dryRun ? await targetMode(ctx, rctx, to, digest) : undefined;
    const held = mode === 'tag-schema' ? await heldAtTarget(ctx, rctx, to, digest) : undefined;
    await all(
      wanted.map(async (d) => {
        const at = {
          from: { ...from, reference: d.digest },
          to: { ...to, reference: d.digest },
          target: `${name}@${d.digest}`,
        };
        const absent = held !== undefined && !held.some((h) => h.digest === d.digest);
        const { status, top } = await copyTree(at, ctx, stats, { absent });
        tally.count++;
        if (status === 'copied') wrote = true;
        entries.push(describe(top));
        if (depth < maxDepth && (await copyReferrers(at, [d.digest], ctx, rctx, stats, tally, depth + 1)))
          wrote = true;
      }),
    );
    // cosign before OCI 1.1: signatures, attestations and SBOMs under tags named after the digest.
    if (!rctx.types) {
      const tags = await rctx.tags(from);
      await all(
        cosignTags(digest)
          .filter((tag) => tags === undefined || tags.has(tag))
          .map(async (tag) => {
            const at = {
              from: { ...from, reference: tag },
              to: { ...to, reference: tag },
              target: `${name}:${tag}`,
            };
            try {
              const { status } = await copyTree(at, ctx, stats);
              tally.count++;
              if (status === 'copied') wrote = true;
            } catch (error) {
              if (!isNotFound(error)) throw error;
            }
          }),
      );
    }
    if (entries.length > 0 && mode) {
      tally.targetMode = mode;
      if (mode === 'tag-schema' && (await updateTagSchema(ctx, rctx, to, digest, entries))) wrote = true;
    }
    tally.wrote = wrote;
    return tally;
  };
  // Tags that share a digest share its referrers: copied once per run, counted for each image.
  const outcomes = await Promise.allSettled(
    subjects.map((digest) => {
      const key = `${from.registry}/${from.repository}>${name}@${digest}`;
      let outcome = rctx.subjects.get(key);
      if (!outcome) {
        outcome = one(digest);
        rctx.subjects.set(key, outcome);
      }
      return outcome;
    }),
  );
  let wrote = false;
  for (const settled of outcomes) {
    if (settled.status === 'rejected') throw settled.reason;
    const o = settled.value;
    total.count += o.count;
    if (o.sourceMode && (total.sourceMode === null || o.sourceMode === 'api'))
      total.sourceMode = o.sourceMode;
    if (o.targetMode) total.targetMode = o.targetMode;
    if (o.wrote) wrote = true;
  }
  return wrote;
}

/**
 * With --platform the index is rewritten, and its referrers sign the source's index, not the mirror's: they
 * are left behind (copied, they would name a subject the mirror lacks, and no verifier of the mirror's tag
 * would find them) and the run says so. Each platform's manifest is unchanged and keeps its own.
 */
export async function warnIndexReferrersLeft(
  item: Pick<MirrorItem, 'from' | 'target'>,
  sourceDigest: string,
  ctx: ImageContext,
  rctx: ReferrerContext,
): Promise<void> {
  const from = { registry: item.from.registry, repository: item.from.repository };
  const found = await sourceReferrers(from, sourceDigest, ctx, rctx);
  const wanted = rctx.types ? await ofTypes(found.descriptors, from, rctx.types, ctx) : found.descriptors;
  const tags = rctx.types ? undefined : await rctx.tags(from);
  const left = wanted.length + cosignTags(sourceDigest).filter((tag) => tags?.has(tag)).length;
  if (left === 0) return;
  ctx.warn(
    `${item.target}: ${left} referrer${left === 1 ? '' : 's'} (signatures, attestations) of the source index ` +
      `${sourceDigest} not copied: they sign the whole index, not the rewritten one; each platform's own ` +
      'referrers are copied, and mirroring every platform keeps the index’s',
  );
}
