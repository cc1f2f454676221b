/**
 * Blob copies for one run: each blob at most once per destination registry (later images mount it from
 * the repository that got it first), a HEAD before every upload, and the source streamed into the PUT
 * while its digest is checked. A failed transfer restarts the whole blob upload, a bounded number of times.
 */

import type { Limit } from '../concurrency.js';
import { headBlob, streamBlob } from '../registry/blob.js';
import type { RegistryClient } from '../registry/client.js';
import { RegistryError } from '../registry/errors.js';
import type { Descriptor } from '../registry/manifest.js';
import { isRetryableError, Retrier, retryableStatuses } from '../registry/retry.js';
import { cancelUpload, putBlob, startUpload, type UploadTarget } from '../registry/upload.js';

export interface BlobStats {
  copiedBytes: number;
  copiedBlobs: number;
  skippedBlobs: number;
  mountedBlobs: number;
}

export interface BlobJob {
  source: UploadTarget;
  target: UploadTarget;
  descriptor: Descriptor;
  /**
   * The target repository had no tags before this run: its blobs can only be this run's, or what a run
   * cut off before its first tag left. A small blob is then uploaded without a HEAD first.
   */
  untagged?: boolean;
}

/**
 * Up to this size, uploading a blob that may be there already costs no more round trips than finding it
 * (HEAD, with the session opened meanwhile and DELETEd when found), and the bytes are few.
 */
export const unheadedBlobBytes = 1 << 20;

export interface BlobCopierOptions {
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Bytes as they go out, and each blob as it settles. */
  onBytes?: (bytes: number) => void;
  onBlob?: () => void;
}

/** Longest wait for a PUT's answer after its body started: the body itself may take minutes. */
const uploadAnswerMs = 15 * 60_000;

/** Worth starting the blob over: a broken connection, or a status the transport would retry. */
export function restartable(error: unknown): boolean {
  if (error instanceof RegistryError) {
    if (error.status !== undefined) return retryableStatuses.has(error.status);
    return error.code !== 'DIGEST_MISMATCH' && isRetryableError(error.cause);
  }
  return isRetryableError(error);
}

export class BlobCopier {
  /** destination registry + digest → the repository that has (or is getting) it, and when it is done. */
  private readonly held = new Map<string, { repository: string; done: Promise<void> }>();

  constructor(
    private readonly client: RegistryClient,
    private readonly slots: Limit,
    private readonly options: BlobCopierOptions = {},
  ) {}

  async copy(job: BlobJob, stats: BlobStats): Promise<void> {
    const key = `${job.target.registry}\n${job.descriptor.digest}`;
    // A holder that failed (its source may have served bad bytes) gives way: the first image to notice
    // tries its own source, the others wait on that attempt.
    for (let holder = this.held.get(key); holder; holder = this.held.get(key)) {
      if (
        await holder.done.then(
          () => true,
          () => false,
        )
      ) {
        if (holder.repository === job.target.repository) {
          stats.skippedBlobs++;
          return;
        }
        const from = holder.repository;
        return this.slots(() => this.place(job, stats, from));
      }
      if (this.held.get(key) === holder) this.held.delete(key);
    }
    const sameRegistry = job.source.registry === job.target.registry ? job.source.repository : undefined;
    const done = this.slots(() => this.place(job, stats, sameRegistry));
    this.held.set(key, { repository: job.target.repository, done });
    await done;
  }

  /**
   * Blobs known to be in `target` already (an image found up to date): later images in this run mount
   * them from there instead of uploading.
   */
  present(target: UploadTarget, digests: readonly string[]): void {
    for (const digest of digests) {
      const key = `${target.registry}\n${digest}`;
      if (!this.held.has(key)) this.held.set(key, { repository: target.repository, done: Promise.resolve() });
    }
  }

  /**
   * Upload after a HEAD, with the session opened while the HEAD is out (one round trip less per blob on a
   * fresh destination; a blob found present costs a DELETE of the session). A mount from `mountFrom` (a
   * repository this run put the blob in) needs no HEAD: mounting a blob already there is harmless, and a
   * refused mount falls back to HEAD and upload. No byte is sent before a HEAD has answered, except a
   * small blob into a repository that had no tags (`untagged`).
   */
  private async place(job: BlobJob, stats: BlobStats, mountFrom: string | undefined): Promise<void> {
    const { digest, size } = job.descriptor;
    const signal = this.options.signal ? { signal: this.options.signal } : {};
    const mount = mountFrom && mountFrom !== job.target.repository ? { digest, from: mountFrom } : undefined;
    const open = () => startUpload(this.client, job.target, undefined, signal);
    let opening = this.options.dryRun ? undefined : startUpload(this.client, job.target, mount, signal);
    if (mount && opening) {
      const start = await opening;
      if (start.mounted) {
        stats.mountedBlobs++;
        this.options.onBlob?.();
        return;
      }
      opening = Promise.resolve(start);
    }
    opening?.catch(() => undefined);
    const worthHead = !job.untagged || size > unheadedBlobBytes || this.options.dryRun;
    const present = worthHead ? await headBlob(this.client, { ...job.target, digest }, signal) : undefined;
    if (present !== undefined) {
      const start = await opening?.catch(() => undefined);
      if (start && !start.mounted) await cancelUpload(this.client, job.target, start.location);
      stats.skippedBlobs++;
      this.options.onBlob?.();
      return;
    }
    if (this.options.dryRun) {
      stats.copiedBlobs++;
      stats.copiedBytes += size;
      return;
    }
    const retrier = new Retrier(this.client.transport.options.retry, this.options.signal);
    for (;;) {
      const start = await (opening ?? open());
      opening = undefined;
      if (start.mounted) {
        stats.mountedBlobs++;
        this.options.onBlob?.();
        return;
      }
      try {
        const body = this.counted(streamBlob(this.client, { ...job.source, digest, size }, signal));
        await putBlob(this.client, { ...job.target, digest, size }, start.location, body, {
          ...signal,
          headersTimeoutMs: uploadAnswerMs,
        });
        stats.copiedBlobs++;
        stats.copiedBytes += size;
        this.options.onBlob?.();
        return;
      } catch (error) {
        await cancelUpload(this.client, job.target, start.location);
        await retrier.again(error, restartable(error));
      }
    }
  }

  private async *counted(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      this.options.onBytes?.(chunk.length);
      yield chunk;
    }
  }
}
