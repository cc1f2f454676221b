/**
 * Which image goes where: the destination `HOST/PREFIX`, the location each image is read from (its new
 * location when a rule moves it, unless `fromOld`) and its target name. Pure.
 */

import { RegshiftError } from '../errors.js';
import type { ImageInput } from '../inputs/images.js';
import { type Destination, parseDestination } from '../reference/destination.js';
import { normalizedDomain, normalizedPath } from '../reference/normalize.js';
import { type ImageReference, tryParseReference } from '../reference/parse.js';
import type { ManifestLocation } from '../registry/manifest.js';
import { targetOf } from '../rules/target.js';
import type { Rule } from '../rules/types.js';

export interface MirrorItem {
  source: string;
  fetchedFrom: string;
  from: ManifestLocation;
  target: string;
  to: ManifestLocation;
}

export { type Destination, parseDestination };

/** A planned item, or an input that cannot be mirrored and why. */
export type Planned = { item: MirrorItem } | { source: string; problem: RegshiftError };

function location(ref: ImageReference): ManifestLocation {
  return {
    registry: normalizedDomain(ref),
    repository: normalizedPath(ref),
    reference: ref.digest ?? ref.tag ?? 'latest',
  };
}

/** `HOST/PREFIX/<source repository path>` with the source's tag (and digest, when pinned). */
export function targetFor(
  source: ImageReference,
  destination: Destination,
): MirrorItem['to'] & { text: string } {
  const repository = [destination.prefix, normalizedPath(source)].filter((p) => p !== '').join('/');
  const tag = source.tag ?? (source.digest ? undefined : 'latest');
  const reference = tag ?? source.digest!;
  const name = `${destination.registry}/${repository}`;
  const text = `${name}${tag ? `:${tag}` : ''}${source.digest ? `@${source.digest}` : ''}`;
  return { registry: destination.registry, repository, reference, text };
}

function problem(source: string, message: string, hint: string): Planned {
  return { source, problem: new RegshiftError('MIRROR_INPUT', message, { hint }) };
}

export interface PlanOptions {
  rules?: readonly Rule[];
  fromOld?: boolean;
}

/** One entry per distinct target, in input order; the first input naming a target wins. */
export function planMirror(
  inputs: readonly ImageInput[],
  destination: Destination,
  options: PlanOptions = {},
): Planned[] {
  const out: Planned[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const source = tryParseReference(input.image);
    if (!source.ok) {
      out.push(
        problem(
          input.image,
          `${input.image}: ${source.message}`,
          'Give a reference such as registry.k8s.io/pause:3.10.',
        ),
      );
      continue;
    }
    const moved = options.fromOld ? undefined : targetOf(input, options.rules ?? []);
    const fetchText = moved ?? input.image;
    const fetch = tryParseReference(fetchText);
    if (!fetch.ok) {
      out.push(
        problem(
          input.image,
          `${input.image}: its new location ${fetchText} is not a reference (${fetch.message})`,
          'Check the rule that moves it (--rule, regshift.yaml), or use --from-old.',
        ),
      );
      continue;
    }
    // A tag the source names is kept; a digest pins what is read.
    const fetchRef = { ...fetch.reference, digest: fetch.reference.digest ?? source.reference.digest };
    const to = targetFor(source.reference, destination);
    if (seen.has(to.text)) continue;
    seen.add(to.text);
    out.push({
      item: { source: input.image, fetchedFrom: fetchText, from: location(fetchRef), target: to.text, to },
    });
  }
  return out;
}
