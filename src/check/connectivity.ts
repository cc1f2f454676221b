/**
 * Connectivity to one registry, stage by stage: DNS, `GET /v2/`, then a real pull path for a probe image
 * (manifest, platform child, config blob), following every redirect and recording every hop.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ErrorCode } from '../errors.js';
import { normalizedDomain } from '../reference/normalize.js';
import type { ImageReference } from '../reference/parse.js';
import { headBlob, readBlob } from '../registry/blob.js';
import type { RegistryClient } from '../registry/client.js';
import { networkError, RegistryError, statusError } from '../registry/errors.js';
import { getManifest, isIndex, type Manifest, manifestLocation, pickPlatform } from '../registry/manifest.js';
import type { Hop } from '../registry/options.js';
import { apiHost, hostname } from '../registry/scheme.js';

export interface ConnectivityHop {
  url: string;
  status: number | null;
  ms: number;
}

export interface Connectivity {
  registry: string;
  ok: boolean;
  hops: ConnectivityHop[];
  /** Every host the checks touched, in order: what a firewall must allow today. */
  hosts: string[];
  /** `<STAGE> <host>: <what happened>`; null when ok. */
  error: string | null;
  /** The error's stable code (REGISTRY_TCP, REGISTRY_TLS, REGISTRY_TIMEOUT, …); null when ok. */
  code: ErrorCode | null;
  /** What to do about the error; null when ok. */
  hint: string | null;
}

export type Lookup = (host: string) => Promise<unknown>;

export interface ConnectivityOptions {
  /** An image on this registry to pull (manifest and a small blob); without one only /v2/ is tried. */
  probe?: ImageReference;
  /** The DNS stage's deadline (each request has the client's own). */
  timeoutMs: number;
  /** DNS resolution, injectable; defaults to the system resolver (getaddrinfo, as the runtime pulls use). */
  lookup?: Lookup;
}

/** The probe used when nothing else names an image on registry.k8s.io: tiny, and always there. */
export const defaultProbes: Record<string, string> = { 'registry.k8s.io': 'registry.k8s.io/pause:3.10' };

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function resolveName(host: string, options: ConnectivityOptions): Promise<void> {
  const name = hostname(host);
  if (isIP(name) !== 0) return;
  const lookup = options.lookup ?? ((h: string) => dnsLookup(h, { all: true }));
  try {
    await withTimeout(lookup(name), options.timeoutMs, () =>
      Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'EAI_AGAIN' }),
    );
  } catch (error) {
    const wrapped = networkError(error, host);
    throw wrapped.stage === 'DNS'
      ? wrapped
      : networkError(Object.assign(new Error((error as Error).message), { code: 'ENOTFOUND' }), host);
  }
}

/** Largest probe blob read whole; a larger one is only asked for with HEAD (the probe needs no more). */
const probeBlobBytes = 1024 * 1024;

/** Each request is bounded by the client's own deadline, body included. */
async function pullPath(client: RegistryClient, probe: ImageReference, hops: Hop[]): Promise<void> {
  const stage = () => ({ hops });
  let manifest: Manifest = await getManifest(client, manifestLocation(probe), stage());
  if (isIndex(manifest)) {
    const child = pickPlatform(manifest);
    if (!child) return;
    manifest = await getManifest(client, { ...manifestLocation(probe), reference: child.digest }, stage());
  }
  const blob = manifest.json.config ?? manifest.json.layers?.[0];
  if (!blob) return;
  const at = {
    registry: manifest.registry,
    repository: manifest.repository,
    digest: blob.digest,
    size: blob.size,
  };
  if (blob.size > probeBlobBytes) await headBlob(client, at, stage());
  else await readBlob(client, at, stage());
}

export async function checkConnectivity(
  client: RegistryClient,
  registry: string,
  options: ConnectivityOptions,
): Promise<Connectivity> {
  const hops: Hop[] = [];
  const host = apiHost(registry);
  let failure: RegistryError | undefined;
  try {
    await resolveName(host, options);
    const response = await client.request(registry, '/v2/', { hops, what: 'GET /v2/' });
    await response.body.dump();
    if (response.status !== 200) throw statusError(response.url.host, 'GET /v2/', response.status);
    if (options.probe) {
      if (normalizedDomain(options.probe) !== registry) {
        throw new RegistryError('CHECK_PROBE', 'HTTP', host, `probe image is not on ${registry}`, {
          hint: 'Give --probe an image on the registry being checked.',
        });
      }
      await pullPath(client, options.probe, hops);
    }
  } catch (caught) {
    failure = caught instanceof RegistryError ? caught : networkError(caught, host);
  }
  return {
    registry,
    ok: failure === undefined,
    hops: hops.map(({ url, status, ms }) => ({ url, status, ms })),
    hosts: [...new Set(hops.map((h) => h.host))],
    error: failure?.message ?? null,
    code: failure?.code ?? null,
    hint: failure ? (redirectHint(failure, host) ?? failure.hint ?? null) : null,
  };
}

/** A failure at a host the registry redirected to (k8s.gcr.io's storage, say): allowing it is not durable. */
function redirectHint(failure: RegistryError, host: string): string | undefined {
  if (
    failure.host === host ||
    (failure.stage !== 'TCP' && failure.stage !== 'DNS' && failure.stage !== 'TLS')
  )
    return undefined;
  return (
    `${host} redirects to ${failure.host}, which this network does not reach. Mirror the images ` +
    '(regshift mirror) into a registry you control; allowing that host holds only until the redirect moves.'
  );
}
