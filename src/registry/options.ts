/** Options of the registry client, with every default in one place. */
import type { Dispatcher } from 'undici';
import type { CredentialStore } from './auth/credentials.js';
import type { RetryPolicy } from './retry.js';

/** One HTTP exchange on the way to an answer: each redirect, each retry, each token request. */
export interface Hop {
  /** The URL without its query (presigned URLs carry signatures) and without user info. */
  url: string;
  host: string;
  /** HTTP status, or null when no answer came. */
  status: number | null;
  ms: number;
}

export interface RegistryOptions {
  /** undici dispatcher to send through; by default one is built from the options below. */
  dispatcher?: Dispatcher;
  /** Environment: HTTPS_PROXY/HTTP_PROXY/NO_PROXY, DOCKER_CONFIG, REGISTRY_AUTH_FILE, HOME, XDG_RUNTIME_DIR, PATH. */
  env?: NodeJS.ProcessEnv;
  /** PEM file with extra CA certificates to trust (the system ones stay trusted). */
  caFile?: string;
  /** Hosts (with or without port) that may be spoken to over plain HTTP; loopback always may. */
  insecureRegistries?: string[];
  /**
   * The deadline of every request, from its start to its last byte: connection, TLS, headers and body,
   * with its redirects, token requests and retries. Blob bodies, which may be gigabytes, instead must
   * bring at least `minBytesPerSecond` in every window of this length.
   */
  timeoutMs?: number;
  /** The slowest blob transfer accepted, averaged over each `timeoutMs` window. */
  minBytesPerSecond?: number;
  /** Size limits of whole answers (bytes). */
  limits?: Partial<ReadLimits>;
  retry?: Partial<RetryPolicy>;
  /** Open connections per host at most. */
  concurrencyPerHost?: number;
  maxRedirects?: number;
  /** Where credentials come from; by default the docker/podman files named by `env`. */
  credentials?: CredentialStore;
  /** Called for every hop, as it completes (for progress; the library itself prints nothing). */
  onHop?: (hop: Hop) => void;
}

export interface ReadLimits {
  /** A manifest or index (containerd's limit). */
  manifestBytes: number;
  /** One page of a tag list (registry.k8s.io's pages carry a manifest map as GCR's did). */
  tagListBytes: number;
  /** A token service's answer. */
  tokenBytes: number;
  /** An error answer's body, read for its message (truncated, not an error). */
  errorBodyBytes: number;
  /** Pages of one tag listing. */
  tagPages: number;
}

export const registryDefaults = {
  timeoutMs: 10_000,
  minBytesPerSecond: 1024,
  limits: {
    manifestBytes: 4 * 1024 * 1024,
    tagListBytes: 16 * 1024 * 1024,
    tokenBytes: 1024 * 1024,
    errorBodyBytes: 64 * 1024,
    tagPages: 1000,
  } satisfies ReadLimits,
  concurrencyPerHost: 6,
  maxRedirects: 10,
  retry: { retries: 3, baseDelayMs: 250, maxDelayMs: 10_000 } satisfies RetryPolicy,
} as const;
