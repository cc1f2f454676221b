/** Helm 3 release storage: decode a Secret's or ConfigMap's `data.release`, keep the newest deployed. Pure. */
import { gunzipSync } from 'node:zlib';
import { RegshiftError } from '../errors.js';
import type { ObjectRef } from '../findings.js';
import type { KubeObject } from './objects.js';

export interface HelmHook {
  name?: string;
  kind?: string;
  path?: string;
  manifest?: string;
}

export interface HelmRelease {
  name: string;
  namespace: string;
  version: number;
  status: string;
  manifest: string;
  hooks: HelmHook[];
  /** Values the user supplied (helm install -f / --set). */
  config: Record<string, unknown> | null;
  /** The chart's default values. */
  chartValues: Record<string, unknown> | null;
  chart: string | null;
  /** The Secret or ConfigMap the revision is stored in. */
  storage: ObjectRef;
}

const gzipMagic = [0x1f, 0x8b, 0x08];

/**
 * Largest decompressed release read. A release holds its manifest, chart templates and values; Secrets are
 * capped at 1 MiB by the API server and Helm's gzip rarely shrinks JSON more than 10-fold, so real ones stay
 * far below this, while a crafted one can inflate 1,000-fold and more.
 */
export const maxReleaseBytes = 64 * 1024 * 1024;

/** Helm's base64 text → JSON bytes (gunzipped when they start 1f 8b 08), at most `maxBytes` of them. */
export function decodeHelmPayload(helmBase64: string, maxBytes = maxReleaseBytes): unknown {
  let bytes = Buffer.from(helmBase64, 'base64');
  if (gzipMagic.every((b, i) => bytes[i] === b)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') throw error;
      throw new RegshiftError('HELM_RELEASE_TOO_LARGE', `it decompresses to more than ${maxBytes} bytes`, {
        hint: 'No real Helm release is this large: inspect the storage object; it may have been crafted.',
      });
    }
  }
  return JSON.parse(bytes.toString('utf8'));
}

/** Decode one storage object; throws with a readable message when it is not a Helm 3 release. */
export function decodeRelease(object: KubeObject): HelmRelease {
  const isSecret = (object.kind ?? (object['type'] ? 'Secret' : 'ConfigMap')) === 'Secret';
  const raw = (object['data'] as Record<string, string> | undefined)?.['release'];
  if (typeof raw !== 'string') throw new RegshiftError('HELM_RELEASE_UNREADABLE', 'no data.release');
  // A Secret's data is base64 once more (the API's), a ConfigMap's is not.
  const helmText = isSecret ? Buffer.from(raw, 'base64').toString('latin1') : raw;
  const r = decodeHelmPayload(helmText) as {
    name?: string;
    namespace?: string;
    version?: number;
    manifest?: string;
    hooks?: HelmHook[];
    config?: Record<string, unknown> | null;
    chart?: { values?: Record<string, unknown> | null; metadata?: { name?: string; version?: string } };
    info?: { status?: string };
  };
  const labels = object.metadata.labels ?? {};
  const meta = r.chart?.metadata;
  return {
    name: r.name ?? labels['name'] ?? object.metadata.name,
    namespace: r.namespace ?? object.metadata.namespace ?? 'default',
    version: r.version ?? Number(labels['version'] ?? 0),
    status: r.info?.status ?? labels['status'] ?? 'unknown',
    manifest: r.manifest ?? '',
    hooks: Array.isArray(r.hooks) ? r.hooks : [],
    config: r.config ?? null,
    chartValues: r.chart?.values ?? null,
    chart: meta?.name ? `${meta.name}${meta.version ? `-${meta.version}` : ''}` : null,
    storage: {
      apiVersion: 'v1',
      kind: isSecret ? 'Secret' : 'ConfigMap',
      name: object.metadata.name,
      namespace: object.metadata.namespace ?? 'default',
    },
  };
}
