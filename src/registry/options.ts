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
  /** Connect timeout, time to the response headers, and longest silence inside a body. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Open connections per host at most. */
  concurrencyPerHost?: number;
  maxRedirects?: number;
  /** Where credentials come from; by default the docker/podman files named by `env`. */
  credentials?: CredentialStore;
  /** Called for every hop, as it completes (for progress; the library itself prints nothing). */
  onHop?: (hop: Hop) => void;
}

export const registryDefaults = {
  timeoutMs: 10_000,
  concurrencyPerHost: 6,
  maxRedirects: 10,
  retry: { retries: 3, baseDelayMs: 250, maxDelayMs: 10_000 } satisfies RetryPolicy,
} as const;
