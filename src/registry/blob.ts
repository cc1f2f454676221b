/** Blobs: HEAD, and a streaming GET that verifies size and digest and resumes a body that broke off. */
import { repositoryScope } from './auth/challenge.js';
import type { RegistryClient } from './client.js';
import { StreamDeadline } from './deadline.js';
import { createDigester, digestAlgorithm } from './digest.js';
import { digestMismatch, networkError, RegistryError, statusError } from './errors.js';
import type { FetchOptions } from './manifest.js';
import { blobPath } from './names.js';
import { readErrorBody } from './read.js';
import { isRetryableError, Retrier } from './retry.js';
import { header } from './transport.js';

export interface BlobLocation {
  registry: string;
  repository: string;
  digest: string;
  /** Expected size, when a descriptor gives it: no byte past it is read. */
  size?: number;
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
    what: `blob ${at.digest}`,
    ...requestOptions(at, options),
  });
  await response.body.dump();
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw statusError(response.url.host, `blob ${at.digest}`, response.status);
  return Number(header(response, 'content-length') ?? Number.NaN);
}

function overlong(host: string, at: BlobLocation, bytes: number | string): RegistryError {
  return new RegistryError(
    'REGISTRY_TOO_LARGE',
    'HTTP',
    host,
    `HTTP ${host}: blob ${at.digest} is longer (${bytes} bytes) than the ${at.size} bytes its descriptor declares`,
    {
      hint: 'The registry (or something between) serves other bytes than the manifest names; do not trust it.',
    },
  );
}

/**
 * The blob's bytes as they arrive, following redirects. When the connection breaks mid-body it asks again
 * with `Range: bytes=<received>-` (a 200 instead of a 206 is skipped up to where it was). The digest
 * (and the size, when known) is checked at the end: the last chunk is only yielded once the digest matches.
 * Each attempt's headers must come within the client's timeout and its body keep the client's minimum
 * rate (StreamDeadline); reading stops at the declared size.
 */
export async function* streamBlob(
  client: RegistryClient,
  at: BlobLocation,
  options: FetchOptions = {},
): AsyncGenerator<Buffer, void, undefined> {
  const digester = createDigester(digestAlgorithm(at.digest));
  const path = blobPath(at);
  const retrier = new Retrier(client.transport.options.retry, options.signal);
  let received = 0;
  let pending: Buffer | undefined;
  let host = at.registry;
  for (;;) {
    const headers: Record<string, string> = received > 0 ? { range: `bytes=${received}-` } : {};
    const guard = new StreamDeadline(
      client.timeoutMs,
      client.minBytesPerSecond,
      options.signal,
      `blob ${at.digest}`,
    );
    try {
      const response = await client
        .request(at.registry, path, {
          headers,
          ...requestOptions(at, options),
          signal: guard.signal,
          deadline: false,
        })
        .catch(async (error: unknown) => {
          await retrier.again(error, false);
          throw error;
        });
      host = response.url.host;
      if (response.status !== 200 && response.status !== 206) {
        const text = await readErrorBody(response, client.limits.errorBodyBytes);
        throw statusError(host, `blob ${at.digest}`, response.status, text);
      }
      const declared = Number(header(response, 'content-length'));
      const skipping = response.status === 200 ? received : 0;
      if (at.size !== undefined && Number.isFinite(declared) && declared - skipping > at.size - received) {
        response.body.destroy();
        throw overlong(host, at, declared - skipping + received);
      }
      guard.started();
      try {
        let skip = skipping;
        for await (const raw of response.body) {
          let chunk = raw as Buffer;
          guard.received(chunk.length);
          if (skip > 0) {
            const cut = Math.min(skip, chunk.length);
            chunk = chunk.subarray(cut);
            skip -= cut;
            if (chunk.length === 0) continue;
          }
          if (at.size !== undefined && received + chunk.length > at.size) {
            response.body.destroy();
            throw overlong(host, at, `over ${at.size}`);
          }
          digester.hash.update(chunk);
          received += chunk.length;
          if (pending) yield pending;
          pending = chunk;
        }
        break;
      } catch (error) {
        if (error instanceof RegistryError) throw error;
        await retrier.again(networkError(error, host), isRetryableError(error));
      }
    } finally {
      guard.done();
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
