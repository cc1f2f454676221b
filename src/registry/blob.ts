/** Blobs: HEAD, and a streaming GET that verifies size and digest and resumes a body that broke off. */
import { repositoryScope } from './auth/challenge.js';
import type { RegistryClient } from './client.js';
import { createDigester, digestAlgorithm } from './digest.js';
import { digestMismatch, networkError, statusError } from './errors.js';
import type { FetchOptions } from './manifest.js';
import { isRetryableError, retryDelay, sleep } from './retry.js';
import { header } from './transport.js';

export interface BlobLocation {
  registry: string;
  repository: string;
  digest: string;
  /** Expected size, when a descriptor gives it. */
  size?: number;
}

function blobPath(at: BlobLocation): string {
  return `/v2/${at.repository}/blobs/${at.digest}`;
}

function requestOptions(at: BlobLocation, options: FetchOptions) {
  return { scopes: [repositoryScope(at.repository)], repository: at.repository, ...options };
}

/** The blob's size, or undefined when the registry does not have it. */
export async function headBlob(
  client: RegistryClient,
  at: BlobLocation,
  options: FetchOptions = {},
): Promise<number | undefined> {
  const response = await client.request(at.registry, blobPath(at), {
    method: 'HEAD',
    ...requestOptions(at, options),
  });
  await response.body.dump();
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw statusError(response.url.host, `blob ${at.digest}`, response.status);
  return Number(header(response, 'content-length') ?? Number.NaN);
}

/**
 * The blob's bytes as they arrive, following redirects. When the connection breaks mid-body it asks again
 * with `Range: bytes=<received>-` (a 200 instead of a 206 is skipped up to where it was). The digest
 * (and the size, when known) is checked at the end: the last chunk is only yielded once the digest matches.
 */
export async function* streamBlob(
  client: RegistryClient,
  at: BlobLocation,
  options: FetchOptions = {},
): AsyncGenerator<Buffer, void, undefined> {
  const digester = createDigester(digestAlgorithm(at.digest));
  let received = 0;
  let pending: Buffer | undefined;
  let host = at.registry;
  let broke: unknown;
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = received > 0 ? { range: `bytes=${received}-` } : {};
    const response = await client
      .request(at.registry, blobPath(at), { headers, ...requestOptions(at, options) })
      .catch((error: unknown) => {
        // A deadline that cuts the resumption short reports why the body broke off.
        throw broke !== undefined && options.signal?.aborted ? networkError(broke, host) : error;
      });
    host = response.url.host;
    if (response.status !== 200 && response.status !== 206) {
      const text = await response.body.text().catch(() => '');
      throw statusError(host, `blob ${at.digest}`, response.status, text);
    }
    let skip = response.status === 200 ? received : 0;
    try {
      for await (const raw of response.body) {
        let chunk = raw as Buffer;
        if (skip > 0) {
          const cut = Math.min(skip, chunk.length);
          chunk = chunk.subarray(cut);
          skip -= cut;
          if (chunk.length === 0) continue;
        }
        digester.hash.update(chunk);
        received += chunk.length;
        if (pending) yield pending;
        pending = chunk;
      }
      break;
    } catch (error) {
      if (broke !== undefined && options.signal?.aborted) throw networkError(broke, host);
      const delay = isRetryableError(error)
        ? retryDelay(client.transport.options.retry, attempt, undefined)
        : undefined;
      if (delay === undefined) throw networkError(error, host);
      broke = error;
      await sleep(delay, options.signal).catch(() => {
        throw networkError(error, host);
      });
    }
  }
  const actual = digester.digest();
  if (actual !== at.digest || (at.size !== undefined && received !== at.size)) {
    throw digestMismatch(host, `blob (${received} bytes)`, at.digest, actual);
  }
  if (pending) yield pending;
}

/** A whole (small) blob, verified. */
export async function readBlob(
  client: RegistryClient,
  at: BlobLocation,
  options: FetchOptions = {},
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of streamBlob(client, at, options)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
