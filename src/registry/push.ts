/** Manifest push: PUT the exact bytes under a tag or their digest, with their media type as Content-Type. */
import type { RegistryClient } from './client.js';
import { digestMismatch, statusError } from './errors.js';
import type { FetchOptions } from './manifest.js';
import { manifestPath } from './names.js';
import { readErrorBody } from './read.js';
import { header } from './transport.js';
import { pushDenied, pushScopes, type UploadTarget } from './upload.js';

export interface ManifestPush extends UploadTarget {
  /** A tag, or the manifest's digest. */
  reference: string;
  bytes: Uint8Array;
  mediaType: string;
  /** The digest of `bytes`, checked against the registry's answer when it gives one. */
  digest: string;
}

export interface PushAnswer {
  /** `OCI-Subject`: set by a registry that indexed the manifest's subject (it offers the referrers API). */
  subject: string | undefined;
}

export async function putManifest(
  client: RegistryClient,
  push: ManifestPush,
  options: FetchOptions = {},
): Promise<PushAnswer> {
  const response = await client.request(push.registry, manifestPath(push), {
    method: 'PUT',
    // The same bytes under the same name: repeating it is harmless.
    idempotent: true,
    headers: { 'content-type': push.mediaType },
    body: push.bytes,
    scopes: pushScopes(push.repository),
    repository: push.repository,
    ...options,
  });
  const host = response.url.host;
  if (response.status !== 201 && response.status !== 200) {
    const text = await readErrorBody(response, client.limits.errorBodyBytes);
    if (response.status === 401 || response.status === 403)
      throw pushDenied(host, push.repository, response.status, text);
    throw statusError(host, `manifest ${push.repository}:${push.reference}`, response.status, text);
  }
  await response.body.dump();
  const claimed = header(response, 'docker-content-digest');
  if (claimed && claimed !== push.digest)
    throw digestMismatch(host, `pushed manifest ${push.repository}:${push.reference}`, push.digest, claimed);
  return { subject: header(response, 'oci-subject') };
}
