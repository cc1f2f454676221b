/**
 * Blob uploads (distribution-spec "push"): start a session or mount across repositories in one POST, then
 * one monolithic PUT whose body is streamed. A streamed PUT is sent once; the caller restarts the upload.
 */
import { repositoryScope } from './auth/challenge.js';
import type { RegistryClient } from './client.js';
import { RegistryError, statusError } from './errors.js';
import type { FetchOptions } from './manifest.js';
import { checkedDigest, checkedRepository } from './names.js';
import { readErrorBody } from './read.js';
import { header, type Response } from './transport.js';

export interface UploadTarget {
  registry: string;
  repository: string;
}

/** A POST's outcome: the blob was mounted, or an upload session was opened at `location`. */
export type UploadStart = { mounted: true } | { mounted: false; location: string };

/** The scopes a push to `repository` needs, plus pull on the repository a blob is mounted from. */
export function pushScopes(repository: string, mountFrom?: string): string[] {
  const scopes = [repositoryScope(repository, ['pull', 'push'])];
  if (mountFrom && mountFrom !== repository) scopes.push(repositoryScope(mountFrom));
  return scopes;
}

/** A refused push, naming the registry, the repository and the permission needed. */
export function pushDenied(host: string, repository: string, status: number, body: string): RegistryError {
  const base = statusError(host, `push to ${repository}`, status, body);
  return new RegistryError('REGISTRY_PUSH_DENIED', 'HTTP', host, base.message, {
    status,
    hint:
      `${host} refused to let these credentials write to ${repository}: grant push (write) permission on ` +
      `repository ${repository} (token scope repository:${repository}:pull,push), or log in to ${host} ` +
      '(docker login / podman login) as a user who has it.',
  });
}

async function failure(
  client: RegistryClient,
  response: Response,
  at: UploadTarget,
  what: string,
): Promise<RegistryError> {
  const text = await readErrorBody(response, client.limits.errorBodyBytes);
  if (response.status === 401 || response.status === 403)
    return pushDenied(response.url.host, at.repository, response.status, text);
  return statusError(response.url.host, `${what} in ${at.repository}`, response.status, text);
}

/**
 * POST /v2/<repo>/blobs/uploads/, with `?mount=<digest>&from=<repo>` when a repository of the same
 * registry may already hold the blob: 201 means mounted, 202 means an upload session instead.
 */
export async function startUpload(
  client: RegistryClient,
  at: UploadTarget,
  mount?: { digest: string; from: string },
  options: FetchOptions = {},
): Promise<UploadStart> {
  const query = mount
    ? `?mount=${checkedDigest(mount.digest, at.registry)}&from=${checkedRepository(mount.from, at.registry)}`
    : '';
  const repository = checkedRepository(at.repository, at.registry);
  const response = await client.request(at.registry, `/v2/${repository}/blobs/uploads/${query}`, {
    method: 'POST',
    // Opening a session (or a mount) twice is harmless: a lost answer is retried.
    idempotent: true,
    scopes: pushScopes(at.repository, mount?.from),
    repository: at.repository,
    ...options,
  });
  if (response.status === 201 && mount) {
    await response.body.dump();
    return { mounted: true };
  }
  const location = header(response, 'location');
  if (response.status !== 202 || !location) throw await failure(client, response, at, 'a blob upload');
  await response.body.dump();
  const session = new URL(location, response.url);
  if (session.protocol !== 'https:' && session.protocol !== 'http:')
    throw new RegistryError(
      'REGISTRY_HTTP',
      'HTTP',
      response.url.host,
      `HTTP ${response.url.host}: a blob upload in ${at.repository} was sent to a ${session.protocol} Location`,
      {
        hint: 'The registry answered with an upload URL that is not HTTP(S); it is misconfigured or hostile.',
      },
    );
  return { mounted: false, location: session.href };
}

/** `location` with `digest=<digest>` added to its query (it may already carry the session state). */
export function completionUrl(location: string, digest: string): string {
  const url = new URL(location);
  url.searchParams.set('digest', checkedDigest(digest, url.host));
  return url.href;
}

/**
 * Finish a session with one PUT carrying the whole blob, streamed from `body`. The registry checks the
 * digest; when `body` throws (the source failed verification) the request is aborted and nothing is stored.
 */
export async function putBlob(
  client: RegistryClient,
  at: UploadTarget & { digest: string; size: number },
  location: string,
  body: AsyncIterable<Uint8Array>,
  options: FetchOptions & { headersTimeoutMs?: number } = {},
): Promise<void> {
  const response = await client.request(at.registry, completionUrl(location, at.digest), {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(at.size) },
    body,
    // The body is the source's blob stream, which keeps its own minimum rate (StreamDeadline).
    deadline: false,
    scopes: pushScopes(at.repository),
    repository: at.repository,
    ...options,
  });
  if (response.status !== 201) throw await failure(client, response, at, `blob ${at.digest}`);
  await response.body.dump();
}

/** Abandon a session (best effort: the registry also expires it). */
export async function cancelUpload(
  client: RegistryClient,
  at: UploadTarget,
  location: string,
): Promise<void> {
  try {
    const response = await client.request(at.registry, location, {
      method: 'DELETE',
      scopes: pushScopes(at.repository),
      repository: at.repository,
    });
    await response.body.dump();
  } catch {
    // Nothing to do: an abandoned session is harmless.
  }
}
