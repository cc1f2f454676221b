/**
 * The destination side of referrer copies: whether a registry serves the referrers API, and, where it does
 * not, the tag-schema index of each subject, read at most once per run (not at all when the destination's
 * tag list lacks its tag) and kept up to date in memory, so writers in one run add to each other's entries.
 */
import { digestOf } from '../registry/digest.js';
import { mediaTypes } from '../registry/manifest.js';
import { putManifest } from '../registry/push.js';
import {
  fetchReferrers,
  type ReferrerDescriptor,
  referrerDescriptors,
  referrersIndex,
  referrersTag,
} from '../registry/referrers.js';
import type { ImageContext } from './image.js';
import { manifestIfAny, type Repo } from './referrer-sources.js';
import type { ReferrerContext, ReferrerMode } from './referrers.js';

/** Per destination registry, found once, after a first push there (a registry may 404 an unknown repository). */
export function targetMode(
  ctx: ImageContext,
  rctx: ReferrerContext,
  to: Repo,
  digest: string,
): Promise<ReferrerMode> {
  let mode = rctx.targetModes.get(to.registry);
  if (!mode) {
    mode = fetchReferrers(ctx.client, { ...to, digest }, ctx.signal ? { signal: ctx.signal } : {}).then(
      (answer): ReferrerMode => (answer ? 'api' : 'tag-schema'),
    );
    rctx.targetModes.set(to.registry, mode);
    mode.catch(() => rctx.targetModes.delete(to.registry));
  }
  return mode;
}

async function readIndex(ctx: ImageContext, to: Repo, tag: string): Promise<ReferrerDescriptor[]> {
  const current = await manifestIfAny(ctx, { ...to, reference: tag });
  return current ? referrerDescriptors(current.bytes, to.registry, `${to.repository}:${tag}`) : [];
}

function remember(rctx: ReferrerContext, key: string, held: Promise<ReferrerDescriptor[]>) {
  // Whoever asks next sees the failure; until then it is not an unhandled rejection.
  held.catch(() => undefined);
  rctx.targetIndexes.set(key, held);
}

/** The entries of the destination's tag-schema index of `digest`, as this run last knew them. */
export function heldAtTarget(
  ctx: ImageContext,
  rctx: ReferrerContext,
  to: Repo,
  digest: string,
): Promise<ReferrerDescriptor[]> {
  const tag = referrersTag(digest);
  const key = `${to.registry}/${to.repository}:${tag}`;
  let held = rctx.targetIndexes.get(key);
  if (!held) {
    held = (async () => {
      const tags = await ctx.targetTags?.(to);
      return tags && !tags.has(tag) ? [] : readIndex(ctx, to, tag);
    })();
    remember(rctx, key, held);
  }
  return held;
}

/** Add `entries` to the destination's tag-schema index of `digest`; true when it changed. */
export async function updateTagSchema(
  ctx: ImageContext,
  rctx: ReferrerContext,
  to: Repo,
  digest: string,
  entries: readonly ReferrerDescriptor[],
): Promise<boolean> {
  const tag = referrersTag(digest);
  const key = `${to.registry}/${to.repository}:${tag}`;
  let wrote = false;
  const after = heldAtTarget(ctx, rctx, to, digest).then(async (held) => {
    const known = new Set(held.map((d) => d.digest));
    const added = entries.filter((d) => !known.has(d.digest));
    if (added.length === 0) return held;
    const merged = [...held, ...added];
    const bytes = referrersIndex(merged);
    await putManifest(
      ctx.client,
      { ...to, reference: tag, bytes, mediaType: mediaTypes.ociIndex, digest: digestOf(bytes) },
      ctx.signal ? { signal: ctx.signal } : {},
    );
    wrote = true;
    return merged;
  });
  // After a failed write the registry holds whatever it holds: the next writer reads it again.
  remember(
    rctx,
    key,
    after.catch(() => readIndex(ctx, to, tag)),
  );
  await after;
  return wrote;
}
