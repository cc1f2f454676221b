/** One whole check: which registries, which probes, images and connectivity together. */

import { mapLimit } from '../concurrency.js';
import type { ImageInput } from '../inputs/images.js';
import { normalizedDomain } from '../reference/normalize.js';
import { type ImageReference, tryParseReference } from '../reference/parse.js';
import type { RegistryClient } from '../registry/client.js';
import { targetOf } from '../rules/target.js';
import type { Rule } from '../rules/types.js';
import { type Connectivity, checkConnectivity, defaultProbes, type Lookup } from './connectivity.js';
import { checkImages, type ImageCheck } from './images.js';
import { checkDefaults } from './options.js';

export interface CheckReport {
  connectivity: Connectivity[];
  images: ImageCheck[];
}

export interface RunCheckOptions {
  images: readonly ImageInput[];
  rules: readonly Rule[];
  /** Registries to test; by default those of the images' targets, else those of the rules' targets. */
  registries?: readonly string[];
  probe?: string;
  connectivity?: boolean;
  timeoutMs: number;
  concurrency?: number;
  lookup?: Lookup;
}

function domainOf(reference: string): string | undefined {
  const parsed = tryParseReference(reference);
  return parsed.ok ? normalizedDomain(parsed.reference) : undefined;
}

/** Registries to test, in first-seen order. */
export function registriesToCheck(
  options: Pick<RunCheckOptions, 'images' | 'rules' | 'registries' | 'probe'>,
): string[] {
  if (options.registries && options.registries.length > 0) return [...new Set(options.registries)];
  const fromImages = options.images
    .map((i) => targetOf(i, options.rules))
    .map((t) => (t ? domainOf(t) : undefined));
  const fromProbe = options.probe ? [domainOf(options.probe)] : [];
  const found = [...fromProbe, ...fromImages].filter((d): d is string => d !== undefined);
  if (found.length > 0) return [...new Set(found)];
  return [...new Set(options.rules.filter((r) => r.action === 'rewrite').map((r) => domainOf(`${r.to}/x`)!))];
}

/** The probe for a registry: --probe if it is there, else the first image target there, else a known one. */
export function probeFor(
  registry: string,
  options: Pick<RunCheckOptions, 'images' | 'rules' | 'probe'>,
): ImageReference | undefined {
  const candidates = [
    options.probe,
    ...options.images.map((i) => targetOf(i, options.rules)),
    defaultProbes[registry],
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const parsed = tryParseReference(candidate);
    if (parsed.ok && normalizedDomain(parsed.reference) === registry) return parsed.reference;
  }
  return undefined;
}

export async function runCheck(client: RegistryClient, options: RunCheckOptions): Promise<CheckReport> {
  const registries = options.connectivity === false ? [] : registriesToCheck(options);
  const [connectivity, images] = await Promise.all([
    mapLimit(registries, checkDefaults.registries, (registry) => {
      const probe = probeFor(registry, options);
      return checkConnectivity(client, registry, {
        timeoutMs: options.timeoutMs,
        ...(probe ? { probe } : {}),
        ...(options.lookup ? { lookup: options.lookup } : {}),
      });
    }),
    checkImages(client, options.images, {
      rules: options.rules,
      concurrency: options.concurrency ?? checkDefaults.concurrency,
    }),
  ]);
  return { connectivity, images };
}

/** 0 when every image is same-digest and every registry reachable, else 1. */
export function checkExitCode(report: CheckReport): 0 | 1 {
  const good =
    report.images.every((i) => i.verdict === 'same-digest') && report.connectivity.every((c) => c.ok);
  return good ? 0 : 1;
}
