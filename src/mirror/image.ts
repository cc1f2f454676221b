/**
 * One image: read its tree from the source, then every blob (all platforms) before any manifest, then
 * the children by digest, then the top manifest under the tag; then its referrers (signatures,
 * attestations). An image whose content fails verification gets no manifest and no tag at the destination.
 */
import { isRegshiftError } from '../errors.js';
import type { RegistryClient } from '../registry/client.js';
import { headManifest } from '../registry/manifest.js';
import { putManifest } from '../registry/push.js';
import type { BlobCopier, BlobStats } from './blobs.js';
import type { MirrorResult, Platform } from './options.js';
import type { MirrorItem } from './plan.js';
import { formatPlatform } from './platform.js';
import {
  copyReferrers,
  type ReferrerContext,
  type ReferrerTally,
  warnIndexReferrersLeft,
} from './referrers.js';
import { knownAbsent, type TargetTags } from './target-tags.js';
import { bottomUp, fetchTree, type Node, uniqueBlobs } from './tree.js';

export interface ImageContext {
  client: RegistryClient;
  copier: BlobCopier;
  platforms?: readonly Platform[];
  dryRun?: boolean;
  signal?: AbortSignal;
  warn: (message: string) => void;
  /** Copy referrers too (off: only the image). */
  referrers?: ReferrerContext;
  /** Manifest pushes of this run by destination repository and digest (see `pushOnce`). */
  pushes?: Map<string, Promise<unknown>>;
  /** The destination repositories' tags before the run: a tag not listed needs no HEAD. */
  targetTags?: TargetTags;
}

export interface TreeOptions {
  platforms?: readonly Platform[];
  /** The caller knows the tree is not at the destination (a referrer its index lacks): no HEAD. */
  absent?: boolean;
}

export function errorOf(error: unknown): NonNullable<MirrorResult['error']> {
  if (isRegshiftError(error)) return { code: error.code, message: error.message, hint: error.hint ?? null };
  return { code: 'MIRROR_FAILED', message: (error as Error)?.message ?? String(error), hint: null };
}

/** Settle every promise, then throw the first failure: nothing is left running behind a failed image. */
export async function all(promises: Promise<unknown>[]): Promise<void> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * One manifest PUT at a time per destination repository and digest, and one by digest per run: tags that
 * share a digest would otherwise PUT the same bytes at once, which CNCF distribution's storage answers
 * with DIGEST_INVALID now and then (concurrent writers of one content-addressed file).
 */
async function pushOnce(
  pushes: Map<string, Promise<unknown>> | undefined,
  key: string,
  byDigest: boolean,
  put: () => Promise<unknown>,
): Promise<void> {
  if (!pushes) {
    await put();
    return;
  }
  const before = pushes.get(key);
  const settledWell = before?.then(
    () => true,
    () => false,
  );
  if (byDigest && settledWell && (await settledWell)) return;
  const mine = (settledWell ?? Promise.resolve()).then(put);
  pushes.set(key, mine);
  await mine;
}

export type TreeStatus = 'copied' | 'up-to-date' | 'would-copy';

/** The destination's manifest at `item.to`, unless it is known not to be there (then no request). */
async function existingAt(item: Pick<MirrorItem, 'to'>, ctx: ImageContext, absent: boolean) {
  const to = { registry: item.to.registry, repository: item.to.repository };
  if (absent || (await knownAbsent(ctx.targetTags, to, item.to.reference))) return undefined;
  return headManifest(ctx.client, item.to, ctx.signal ? { signal: ctx.signal } : {});
}

/**
 * Copy the manifest tree at `item.from` to `item.to` (blobs first, then manifests bottom-up). The
 * destination HEAD goes out while the source is read: a tree already there costs that one request, and
 * one the destination's tag list (or referrers index) lacks costs none.
 */
export async function copyTree(
  item: Pick<MirrorItem, 'from' | 'to' | 'target'>,
  ctx: ImageContext,
  stats: BlobStats,
  options: TreeOptions = {},
): Promise<{ status: TreeStatus; top: Node; sourceDigest: string }> {
  const { platforms } = options;
  const signal = ctx.signal ? { signal: ctx.signal } : {};
  const existing = existingAt(item, ctx, options.absent === true);
  // Settled either way, so a failure of the source does not leave a rejection unhandled.
  existing.catch(() => undefined);
  const { node: top, narrowed, sourceDigest } = await fetchTree(ctx.client, item.from, platforms, signal);
  if (narrowed) {
    const kept = top.children.length;
    ctx.warn(
      `${item.target}: only ${kept} platform${kept === 1 ? '' : 's'} copied (${platforms!.map(formatPlatform).join(', ')}); ` +
        `the index was rewritten, so its digest ${top.digest} differs from the source's`,
    );
  }
  const nodes = bottomUp(top);
  const blobs = uniqueBlobs(nodes);
  const to = { registry: item.to.registry, repository: item.to.repository };
  if ((await existing)?.digest === top.digest) {
    stats.skippedBlobs += blobs.length;
    ctx.copier.present(
      to,
      blobs.map((b) => b.digest),
    );
    return { status: 'up-to-date', top, sourceDigest };
  }
  // Blobs a cut-off earlier run stored are found by their HEADs; manifests already there are PUT again
  // (same bytes, harmless), which costs less than a HEAD per child on every fresh copy.
  const from = { registry: item.from.registry, repository: item.from.repository };
  const untagged = (await ctx.targetTags?.(to))?.size === 0;
  await all(
    blobs.map((descriptor) =>
      ctx.copier.copy({ source: from, target: to, descriptor, ...(untagged ? { untagged } : {}) }, stats),
    ),
  );
  if (ctx.dryRun) return { status: 'would-copy', top, sourceDigest };
  const push = (node: Node, reference: string) =>
    pushOnce(ctx.pushes, `${to.registry}/${to.repository}@${node.digest}`, reference === node.digest, () =>
      putManifest(
        ctx.client,
        { ...to, reference, bytes: node.bytes, mediaType: node.mediaType, digest: node.digest },
        signal,
      ),
    );
  await all(
    top.children.map(async (child) => {
      for (const node of bottomUp(child)) await push(node, node.digest);
    }),
  );
  await push(top, item.to.reference);
  return { status: 'copied', top, sourceDigest };
}

export async function copyImage(item: MirrorItem, ctx: ImageContext): Promise<MirrorResult> {
  const stats: BlobStats = { copiedBytes: 0, copiedBlobs: 0, skippedBlobs: 0, mountedBlobs: 0 };
  const tally: ReferrerTally = { count: 0, sourceMode: null, targetMode: null };
  const result = (
    status: MirrorResult['status'],
    digest: string | null,
    error: MirrorResult['error'] = null,
  ): MirrorResult => ({
    source: item.source,
    fetchedFrom: item.fetchedFrom,
    target: item.target,
    digest,
    size,
    ...stats,
    referrers: tally.count,
    referrersFrom: tally.sourceMode,
    referrersTo: tally.targetMode,
    status,
    error,
  });
  let digest: string | null = null;
  let size = 0;
  try {
    const { status, top, sourceDigest } = await copyTree(item, ctx, stats, {
      ...(ctx.platforms ? { platforms: ctx.platforms } : {}),
    });
    digest = top.digest;
    const nodes = bottomUp(top);
    size = [...nodes, ...uniqueBlobs(nodes)].reduce(
      (sum, x) => sum + ('bytes' in x ? x.bytes.length : x.size),
      0,
    );
    // The referrers of every manifest of the image (the index and each platform's), as the source has them.
    if (ctx.referrers) {
      const copied = await copyReferrers(
        item,
        nodes.map((n) => n.digest),
        ctx,
        ctx.referrers,
        stats,
        tally,
      );
      if (sourceDigest !== top.digest) await warnIndexReferrersLeft(item, sourceDigest, ctx, ctx.referrers);
      if (copied && status === 'up-to-date') return result('copied', digest);
    }
    return result(status, digest);
  } catch (error) {
    return result('failed', digest, errorOf(error));
  }
}
