/**
 * Identifiers checked before they reach a URL. Repository names, tags and digests come from files, clusters
 * and, for digests, from registries' own manifests: an index child named `../../victim` would otherwise
 * turn `/v2/app/manifests/<digest>` into a request for another path, with the registry's credentials.
 */
import { digest as digestGrammar, remoteName, tag as tagGrammar } from '../reference/grammar.js';
import { RegistryError } from './errors.js';

const anchoredName = new RegExp(`^${remoteName}$`);
const anchoredTag = new RegExp(`^${tagGrammar}$`);
/** The digests this client can verify: sha256, sha384 and sha512 with hex of the right length. */
const verifiableDigest = /^(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;
const anyDigest = new RegExp(`^${digestGrammar}$`);

export function isDigest(value: string): boolean {
  return verifiableDigest.test(value);
}

function invalid(host: string, what: string, value: string, hint: string): RegistryError {
  // JSON.stringify shows control characters and quotes in the value as escapes, never raw.
  return new RegistryError(
    'REGISTRY_INVALID_NAME',
    'HTTP',
    host,
    `${host}: invalid ${what} ${JSON.stringify(value.slice(0, 200))}`,
    { hint },
  );
}

/** A digest as it may be put in a URL; anything else (taken from a server) is an error naming it. */
export function checkedDigest(value: string, host: string): string {
  if (verifiableDigest.test(value)) return value;
  const hint = anyDigest.test(value)
    ? 'Only sha256, sha384 and sha512 digests can be verified; this one cannot be copied or checked.'
    : 'The registry named a digest that breaks the OCI digest grammar: it is broken or hostile; do not use it.';
  throw invalid(host, 'digest', value, hint);
}

export function checkedRepository(value: string, host: string): string {
  if (value.length <= 255 && anchoredName.test(value)) return value;
  throw invalid(
    host,
    'repository name',
    value,
    'Repository names are lower-case path components such as `library/nginx`.',
  );
}

/** A tag or a digest. */
export function checkedReference(value: string, host: string): string {
  if (value.includes(':')) return checkedDigest(value, host);
  if (anchoredTag.test(value)) return value;
  throw invalid(
    host,
    'tag',
    value,
    'Tags are up to 128 letters, digits, `_`, `.` and `-`, starting with a letter, digit or `_`.',
  );
}

export function manifestPath(at: { registry: string; repository: string; reference: string }): string {
  return `/v2/${checkedRepository(at.repository, at.registry)}/manifests/${checkedReference(at.reference, at.registry)}`;
}

export function blobPath(at: { registry: string; repository: string; digest: string }): string {
  return `/v2/${checkedRepository(at.repository, at.registry)}/blobs/${checkedDigest(at.digest, at.registry)}`;
}
