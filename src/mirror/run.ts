/** `mirrorImages`: plan, then copy every image with a bounded pool, and report per image. */
import { limiter, mapLimit } from '../concurrency.js';
import type { ImageInput } from '../inputs/images.js';
import { RegistryClient } from '../registry/client.js';
import type { RegistryOptions } from '../registry/options.js';
import { listTags } from '../registry/tags.js';
import { BlobCopier } from './blobs.js';
import { copyImage, errorOf } from './image.js';
import { type MirrorOptions, type MirrorReport, type MirrorResult, mirrorDefaults } from './options.js';
import { type MirrorItem, parseDestination, planMirror } from './plan.js';
import type { ReferrerContext } from './referrers.js';
import { checkTagFilter, parseRepo, repoInputs, selectTags } from './repos.js';
import { busyRepositories, targetTagsOnce } from './target-tags.js';

export interface MirrorRunOptions extends MirrorOptions {
  /** A client to use (left open); by default one is made from `registry` and closed at the end. */
  client?: RegistryClient;
  registry?: RegistryOptions;
}

function failed(source: string, error: unknown): MirrorResult {
  return {
    source,
    fetchedFrom: source,
    target: '',
    digest: null,
    size: 0,
    copiedBytes: 0,
    copiedBlobs: 0,
    skippedBlobs: 0,
    mountedBlobs: 0,
    referrers: 0,
    referrersFrom: null,
    referrersTo: null,
    status: 'failed',
    error: errorOf(error),
  };
}

/** The repositories' kept tags as images to mirror, and a failed result for each that cannot be listed. */
async function expandRepos(
  client: RegistryClient,
  options: MirrorRunOptions,
  known: Map<string, Promise<ReadonlySet<string> | undefined>>,
): Promise<{ inputs: ImageInput[]; failures: MirrorResult[] }> {
  const inputs: ImageInput[] = [];
  const failures: MirrorResult[] = [];
  const signal = options.signal ? { signal: options.signal } : {};
  // A name that is not a repository is the caller's mistake: said before anything is fetched.
  const sources = (options.repos ?? []).map((repo) =>
    parseRepo(repo, options.rules ?? [], options.fromOld === true),
  );
  const listed = await Promise.all(
    sources.map(async (source) => {
      const repo = source.repo;
      try {
        const tags = await listTags(client, source, signal);
        known.set(`${source.registry}/${source.repository}`, Promise.resolve(new Set(tags)));
        return repoInputs(source, selectTags(tags, options.tagFilter ?? {}));
      } catch (error) {
        failures.push(failed(repo, error));
        return [];
      }
    }),
  );
  for (const list of listed) inputs.push(...list);
  return { inputs, failures };
}

export async function mirrorImages(options: MirrorRunOptions): Promise<MirrorReport> {
  const jobs = options.jobs ?? mirrorDefaults.jobs;
  const destination = parseDestination(options.to);
  checkTagFilter(options.tagFilter ?? {});
  for (const repo of options.repos ?? []) parseRepo(repo, options.rules ?? [], options.fromOld === true);
  const client =
    options.client ??
    (await RegistryClient.create({
      concurrencyPerHost: jobs * mirrorDefaults.connectionsPerJob,
      ...options.registry,
    }));
  const known = new Map<string, Promise<ReadonlySet<string> | undefined>>();
  const repos =
    options.repos && options.repos.length > 0 ? await expandRepos(client, options, known) : undefined;
  const planned = planMirror([...options.images, ...(repos?.inputs ?? [])], destination, {
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.fromOld ? { fromOld: true } : {}),
  });
  const warnings: string[] = [];
  const progress = { imagesDone: 0, imagesTotal: planned.length, bytes: 0, blobsDone: 0 };
  const report = () => options.onProgress?.({ ...progress });
  const copier = new BlobCopier(client, limiter(jobs), {
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onBytes: (n) => {
      progress.bytes += n;
      if (options.onProgress) report();
    },
    onBlob: () => {
      progress.blobsDone++;
      report();
    },
  });
  const pushes = new Map<string, Promise<unknown>>();
  const referrers = options.withReferrers === false ? undefined : referrerContext(client, options, known);
  const targetTags = targetTagsOnce(
    client,
    busyRepositories(planned.flatMap((p) => ('item' in p ? [p.item.to] : []))),
    options.signal,
  );
  try {
    const results = await mapLimit(planned, jobs, async (entry): Promise<MirrorResult> => {
      const result =
        'problem' in entry
          ? failed(entry.source, entry.problem)
          : await copyImage(entry.item as MirrorItem, {
              client,
              copier,
              ...(options.platforms ? { platforms: options.platforms } : {}),
              ...(options.dryRun ? { dryRun: true } : {}),
              ...(options.signal ? { signal: options.signal } : {}),
              warn: (message) => warnings.push(message),
              pushes,
              targetTags,
              ...(referrers ? { referrers } : {}),
            });
      progress.imagesDone++;
      report();
      return result;
    });
    return { results: [...(repos?.failures ?? []), ...results], warnings };
  } finally {
    if (!options.client) await client.close();
  }
}

/**
 * What referrer copies share in a run: each source repository's tags, listed once (a registry that
 * refuses the listing is asked for each tag instead), and each destination's referrers mode.
 */
export function referrerContext(
  client: RegistryClient,
  options: Pick<MirrorRunOptions, 'referrerTypes' | 'signal'>,
  known: Map<string, Promise<ReadonlySet<string> | undefined>> = new Map(),
): ReferrerContext {
  return {
    ...(options.referrerTypes && options.referrerTypes.length > 0 ? { types: options.referrerTypes } : {}),
    targetModes: new Map(),
    targetIndexes: new Map(),
    subjects: new Map(),
    sourceApis: new Map(),
    tags: (at) => {
      const key = `${at.registry}/${at.repository}`;
      let tags = known.get(key);
      if (!tags) {
        tags = listTags(client, at, options.signal ? { signal: options.signal } : {}).then(
          (list) => new Set(list),
          () => undefined,
        );
        known.set(key, tags);
      }
      return tags;
    },
  };
}

/** 0 when every image was copied (or already there), else 1. */
export function mirrorExitCode(report: MirrorReport): 0 | 1 {
  return report.results.every((r) => r.status !== 'failed') ? 0 : 1;
}
