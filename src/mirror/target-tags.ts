/**
 * The tags each destination repository had before this run wrote to it, listed once (one request instead
 * of a HEAD per tag): a tag not among them is not there, or only as this run put it. Every manifest push
 * to a repository waits for its listing (copyTree awaits it before any write), so the list cannot contain
 * what the run itself wrote.
 */
import type { RegistryClient } from '../registry/client.js';
import { listTags } from '../registry/tags.js';

export type Repo = { registry: string; repository: string };

/** The repository's tags before this run, or undefined when they could not be listed (HEAD each instead). */
export type TargetTags = (to: Repo) => Promise<ReadonlySet<string> | undefined>;

/** Repositories that get more than one tag in this run: worth one listing each (`registry/repository`). */
export function busyRepositories(targets: readonly Repo[]): Set<string> {
  const seen = new Set<string>();
  const busy = new Set<string>();
  for (const { registry, repository } of targets) {
    const key = `${registry}/${repository}`;
    if (seen.has(key)) busy.add(key);
    seen.add(key);
  }
  return busy;
}

/**
 * Listings of the `busy` repositories only: where a run writes one tag, its HEAD is as cheap as a
 * listing, and a re-run would pay for both.
 */
export function targetTagsOnce(
  client: RegistryClient,
  busy: ReadonlySet<string>,
  signal?: AbortSignal,
): TargetTags {
  const listed = new Map<string, Promise<ReadonlySet<string> | undefined>>();
  return (to) => {
    const key = `${to.registry}/${to.repository}`;
    if (!busy.has(key)) return Promise.resolve(undefined);
    let tags = listed.get(key);
    if (!tags) {
      // A registry that refuses the listing (no catalog rights, a proxy) is asked per tag, as before.
      tags = listTags(client, to, { unknownIsEmpty: true, ...(signal ? { signal } : {}) }).then(
        (list) => new Set(list),
        () => undefined,
      );
      listed.set(key, tags);
    }
    return tags;
  };
}

/** Whether `reference` is a tag the listing says the repository did not have. */
export async function knownAbsent(
  targetTags: TargetTags | undefined,
  to: Repo,
  reference: string,
): Promise<boolean> {
  if (!targetTags || reference.includes(':')) return false;
  const tags = await targetTags(to);
  return tags !== undefined && !tags.has(reference);
}
