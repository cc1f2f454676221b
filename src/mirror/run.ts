/** `mirrorImages`: plan, then copy every image with a bounded pool, and report per image. */
import { limiter, mapLimit } from '../concurrency.js';
import { RegistryClient } from '../registry/client.js';
import type { RegistryOptions } from '../registry/options.js';
import { BlobCopier } from './blobs.js';
import { copyImage, errorOf } from './image.js';
import { type MirrorOptions, type MirrorReport, type MirrorResult, mirrorDefaults } from './options.js';
import { type MirrorItem, parseDestination, planMirror } from './plan.js';

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
    copiedBytes: 0,
    copiedBlobs: 0,
    skippedBlobs: 0,
    mountedBlobs: 0,
    status: 'failed',
    error: errorOf(error),
  };
}

export async function mirrorImages(options: MirrorRunOptions): Promise<MirrorReport> {
  const jobs = options.jobs ?? mirrorDefaults.jobs;
  const destination = parseDestination(options.to);
  const planned = planMirror(options.images, destination, {
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.fromOld ? { fromOld: true } : {}),
  });
  const client =
    options.client ?? (await RegistryClient.create({ concurrencyPerHost: jobs * 2, ...options.registry }));
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
            });
      progress.imagesDone++;
      report();
      return result;
    });
    return { results, warnings };
  } finally {
    if (!options.client) await client.close();
  }
}

/** 0 when every image was copied (or already there), else 1. */
export function mirrorExitCode(report: MirrorReport): 0 | 1 {
  return report.results.every((r) => r.status !== 'failed') ? 0 : 1;
}
