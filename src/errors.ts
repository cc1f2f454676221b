/**
 * Errors regshift raises: a stable `code` for programs, a `hint` that tells a person what to do next.
 *
 * One catalogue: every code the library throws (a RegshiftError) or reports in a result's `errors[]`
 * (a diagnostic: one file, image or object went wrong, the rest went on), each with its one-line meaning.
 * README.md's "Error codes" table is this list (test/errors/catalogue.test.ts keeps them equal).
 *
 * Exit status (decided in cli/main.ts and each command, the same for every code): a thrown error ends
 * the command with 2; a reported one lets it finish, with 1 (something failed), or 2 when nothing at all
 * could be checked (a gate never passes because it saw nothing).
 */
export const errorCatalogue = {
  USAGE: 'the command line is wrong: an unknown flag, a bad value, a missing argument',

  REFERENCE_EMPTY: 'an image reference is empty',
  REFERENCE_INVALID: 'an image reference does not follow the OCI reference grammar',
  REFERENCE_NAME_UPPERCASE: 'an image reference has upper-case letters in its repository path',
  REFERENCE_NAME_TOO_LONG: 'an image reference’s name is longer than 255 characters',

  RULE_INVALID: 'a --rule is not FROM=TO with two registry prefixes',
  RULE_LOOP: 'rules send an image round in a circle or into an old registry again',
  PACK_UNKNOWN: 'no rule pack has that name',
  CONFIG_READ: 'the config file cannot be read',
  CONFIG_YAML: 'the config file is not valid YAML',
  CONFIG_INVALID: 'the config file is YAML but not a valid regshift config',

  PATH_NOT_FOUND: 'a path given to scan or fix does not exist',
  NOT_A_FILE: 'a path is a FIFO, socket or device, not a file or directory; not read',
  SYMLINK_LOOP: 'a symbolic link points back at its own parent directory; not followed',
  SYMLINK_OUTSIDE: 'a symbolic link points outside the scanned tree; not followed',
  UNREADABLE: 'a file or directory may not be read (permissions)',
  READ_ERROR: 'a file or directory could not be read for another reason (the errno is in the message)',
  FILE_TOO_LARGE: 'a file is larger than --max-file-size; skipped',
  INVALID_UTF8: 'a file is not valid UTF-8; it was scanned as text with replacement characters',
  YAML_PARSE: 'a YAML file does not parse; it was scanned as text',
  JSON_PARSE: 'a JSON file does not parse; it was scanned as text',
  SCAN_FAILED: 'a file’s format reader failed; it was scanned as text',

  FIX_TARGET_INVALID: 'fix --to is not a registry prefix (HOST/PREFIX)',
  UNSUPPORTED_ENCODING: 'a file’s text encoding cannot be written back byte-exactly; not rewritten',
  VERIFY_FAILED: 'a rewritten file did not re-scan or re-parse as expected; left untouched',
  FILE_CHANGED: 'a file changed on disk while fix worked on it; left untouched',
  FILE_OWNER: 'a file belongs to another user, whose ownership a rewrite would lose; left untouched',
  FILE_READ_ONLY: 'a file is read-only; left untouched',
  WRITE_FAILED: 'a rewritten file could not be written',

  CA_FILE_READ: 'the --ca-file cannot be read or holds no certificate',
  CREDENTIALS_FILE: 'a docker/podman credentials file is not valid JSON',
  CREDENTIAL_HELPER: 'a docker credential helper could not run or gave a bad answer',
  REGISTRY_TOKEN: 'a registry’s token service failed or answered without a usable token',
  REGISTRY_DNS: 'a registry host name does not resolve',
  REGISTRY_TCP: 'a registry does not accept a connection (refused, unreachable, blocked)',
  REGISTRY_TLS: 'the TLS handshake with a registry failed (untrusted certificate, interception)',
  REGISTRY_HTTP: 'a registry answered an unexpected HTTP status or broke the exchange',
  REGISTRY_TIMEOUT: 'a registry request did not complete within its deadline',
  REGISTRY_PROXY: 'the HTTP(S) proxy refused the request',
  REGISTRY_UNAUTHORIZED: 'a registry refused the credentials (401/403)',
  REGISTRY_NOT_FOUND: 'a repository, tag or digest does not exist on a registry (404)',
  REGISTRY_INVALID_NAME: 'a registry served a malformed name, digest or index',
  REGISTRY_PAGINATION: 'a registry’s tag list pagination is broken',
  REGISTRY_PUSH_DENIED: 'a registry refused an upload',
  REGISTRY_RATE_LIMITED: 'a registry’s rate limit is used up',
  REGISTRY_REDIRECTS: 'a registry redirected too many times',
  REGISTRY_TOO_LARGE: 'a registry answer is larger than allowed or than declared',
  DIGEST_MISMATCH: 'a registry served bytes with another digest than asked for',
  DIGEST_UNSUPPORTED: 'a digest uses an algorithm other than sha256/sha512',

  CHECK_INPUT: 'check’s --from input is neither a regshift JSON report nor a list of references',
  CHECK_PROBE: 'the probe image used to test a registry’s connectivity is not on it',
  CHECK_TAG_NOT_COPIED: 'the image exists at the new registry, but without this tag',
  CHECK_NO_RULE: 'no rule moves this image, so there is no new location to check',

  MIRROR_INPUT: 'mirror’s input (--from, --repo, --tags, --semver, --latest) cannot be used',
  MIRROR_DESTINATION: 'mirror --to is not a registry prefix (HOST/PREFIX)',
  MIRROR_PLATFORM: 'a --platform is not os/arch[/variant]',
  MIRROR_DEPTH: 'image indexes are nested deeper than any real image',
  MIRROR_FAILED: 'an image could not be mirrored for a reason with no code of its own',

  KUBECONFIG_NOT_FOUND: 'no kubeconfig was found, and regshift is not running in a cluster',
  KUBECONFIG_INVALID: 'a kubeconfig file is too large or not a kubeconfig',
  KUBE_CONTEXT_NOT_FOUND: 'a kubeconfig context named does not exist',
  KUBE_CONTEXT_INVALID: 'a kubeconfig context names no cluster with a server',
  KUBE_UNREACHABLE: 'the apiserver cannot be reached',
  KUBE_TIMEOUT: 'the apiserver did not answer within the timeout',
  KUBE_API_ERROR: 'the apiserver answered an error status',
  KUBE_ANSWER_INVALID: 'an apiserver answer is too large, or protobuf regshift cannot read',
  CLUSTER_READ_FAILED: 'a cluster could not be read for a reason with no code of its own',
  FORBIDDEN: 'RBAC refused a read or a patch (403)',
  NOT_SERVED: 'the apiserver does not serve a resource type (404); skipped',
  LIST_FAILED: 'listing a resource failed with another HTTP status',
  NAMESPACES_FALLBACK: 'namespaces may not be listed; only the namespaces named were read',
  HELM_RELEASE_UNREADABLE: 'a Secret or ConfigMap labelled as a Helm release could not be decoded',
  HELM_RELEASE_TOO_LARGE: 'a Helm release decompresses to more than allowed',
  CHECK_PULL_CREATE_FAILED: 'cluster --check-pull could not create its test pod',

  NOT_FOUND: 'an object to patch no longer exists',
  CHANGED_SINCE_PLAN: 'an object changed after patch planned it; nothing was changed',
  PATCH_FAILED: 'a patch failed with another HTTP status',

  POLICY_ENGINE: 'policy --engine names no supported admission engine',
  POLICY_MODE: 'policy --mode is not warn, deny or audit',
  POLICY_NAMESPACE: 'a policy namespace is not a valid Kubernetes name',
  POLICY_EXCLUDE_IMAGE: 'a policy --exclude-image is not an image reference or prefix',
  POLICY_LABEL: 'a policy label selector is not valid',
  POLICY_NAME: 'a policy name is not a valid Kubernetes name',
  POLICY_NO_RULES: 'there are no rules to turn into a policy',
  POLICY_MUTATE_UNSUPPORTED: 'the chosen engine cannot mutate the way asked',

  REPORT_INPUT: 'an input to report cannot be read or is no regshift JSON',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof errorCatalogue;

export class RegshiftError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RegshiftError';
    this.code = code;
    this.hint = options.hint;
  }
}

export function isRegshiftError(value: unknown): value is RegshiftError {
  return value instanceof RegshiftError;
}
