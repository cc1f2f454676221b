import type { ImageReference } from './parse.js';

export const dockerHubDomain = 'docker.io';
const legacyDockerHubDomains = new Set(['index.docker.io', 'registry-1.docker.io']);

/** Registry host as a client contacts it: Docker Hub names resolve to docker.io. */
export function normalizedDomain(ref: ImageReference): string {
  if (ref.domain === '' || legacyDockerHubDomains.has(ref.domain)) return dockerHubDomain;
  return ref.domain;
}

/** Repository path with Docker Hub's implicit `library/` added. */
export function normalizedPath(ref: ImageReference): string {
  if (normalizedDomain(ref) === dockerHubDomain && !ref.path.includes('/')) return `library/${ref.path}`;
  return ref.path;
}

/** The fully qualified name, e.g. `nginx` → `docker.io/library/nginx`. */
export function normalizedName(ref: ImageReference): string {
  return `${normalizedDomain(ref)}/${normalizedPath(ref)}`;
}

/** Fully qualified reference; adds `:latest` only when there is neither tag nor digest. */
export function normalizedReference(ref: ImageReference): string {
  let out = normalizedName(ref);
  if (ref.tag !== undefined) out += `:${ref.tag}`;
  if (ref.digest !== undefined) out += `@${ref.digest}`;
  if (ref.tag === undefined && ref.digest === undefined) out += ':latest';
  return out;
}

/** The reference written back as it was given. */
export function formatReference(ref: ImageReference): string {
  let out = ref.domain === '' ? ref.path : `${ref.domain}/${ref.path}`;
  if (ref.tag !== undefined) out += `:${ref.tag}`;
  if (ref.digest !== undefined) out += `@${ref.digest}`;
  return out;
}
