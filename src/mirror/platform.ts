/** `--platform os/arch[/variant]`: parse, match, and narrow an index to the chosen platforms. Pure. */
import { RegshiftError } from '../errors.js';
import type { Descriptor } from '../registry/manifest.js';
import type { Platform } from './options.js';

export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw new RegshiftError('MIRROR_PLATFORM', `--platform ${text} is not os/arch[/variant]`, {
      hint: 'Write it as Kubernetes nodes report it, e.g. linux/amd64 or linux/arm64/v8.',
    });
  }
  const [os, architecture, variant] = parts as [string, string, string?];
  return variant ? { os, architecture, variant } : { os, architecture };
}

export function formatPlatform(p: Descriptor['platform']): string {
  if (!p) return 'unknown';
  return [p.os, p.architecture, p.variant].filter((x) => x).join('/');
}

/** A child matches when os and architecture are equal, and the variant too when the filter names one. */
export function matchesPlatform(descriptor: Descriptor, wanted: readonly Platform[]): boolean {
  const p = descriptor.platform;
  if (!p) return false;
  return wanted.some(
    (w) => w.os === p.os && w.architecture === p.architecture && (!w.variant || w.variant === p.variant),
  );
}

/**
 * The index with only the wanted platforms (and attestations that describe them), re-serialised: its
 * digest is not the source's. Undefined when nothing is left.
 */
export function narrowIndex(bytes: Buffer, wanted: readonly Platform[]): Buffer | undefined {
  const json = JSON.parse(bytes.toString('utf8')) as { manifests?: Descriptor[] };
  const kept = (json.manifests ?? []).filter((d) => matchesPlatform(d, wanted));
  const keptDigests = new Set(kept.map((d) => d.digest));
  const attestations = (json.manifests ?? []).filter(
    (d) =>
      d.platform?.os === 'unknown' && keptDigests.has(d.annotations?.['vnd.docker.reference.digest'] ?? ''),
  );
  if (kept.length === 0) return undefined;
  const order = new Set([...kept, ...attestations]);
  const manifests = (json.manifests ?? []).filter((d) => order.has(d));
  return Buffer.from(JSON.stringify({ ...json, manifests }));
}
