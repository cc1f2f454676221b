/**
 * Blob uploads (distribution-spec "push"): start a session or mount across repositories in one POST, then
 * one monolithic PUT whose body is streamed. A streamed PUT is sent once; the caller restarts the upload.
 */
import { repositoryScope } from './auth/challenge.js';
import type { RegistryClient } from './client.js';
import { RegistryError, statusError } from './errors.js';
import type { FetchOptions } from './manifest.js';
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

async function failure(response: Response, at: UploadTarget, what: string): Promise<RegistryError> {
  const text = await response.body.text().catch(() => '');
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
    ? `?mount=${encodeURIComponent(mount.digest)}&from=${encodeURIComponent(mount.from)}`
    : '';
  const response = await client.request(at.registry, `/v2/${at.repository}/blobs/uploads/${query}`, {
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
  if (response.status !== 202 || !location) throw await failure(response, at, 'a blob upload');
  await response.body.dump();
  return { mounted: false, location: new URL(location, response.url).href };
}

/** `location` with `digest=<digest>` added to its query (it may already carry the session state). */
export function completionUrl(location: string, digest: string): string {
  const url = new URL(location);
  url.searchParams.set('digest', digest);
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
    scopes: pushScopes(at.repository),
    repository: at.repository,
    ...options,
  });
  if (response.status !== 201) throw await failure(response, at, `blob ${at.digest}`);
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
