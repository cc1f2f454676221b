/** Existence and digest equality: the manifest digest at the old location against the one at the new. */
import { tryParseReference } from '../reference/parse.js';
import type { RegistryClient } from '../registry/client.js';
import { RegistryError } from '../registry/errors.js';
import { getManifest, manifestLocation } from '../registry/manifest.js';
import { applyMatch, matchRule } from '../rules/match.js';
import { tagLeftBehind } from '../rules/move.js';
import type { Rule } from '../rules/types.js';
import type { ImageInput } from './inputs.js';
import { mapLimit } from './pool.js';

export type Verdict = 'same-digest' | 'missing' | 'digest-differs' | 'source-missing' | 'error';

export interface ImageCheck {
  image: string;
  target: string | null;
  sourceDigest: string | null;
  targetDigest: string | null;
  verdict: Verdict;
  error: string | null;
}

export interface CheckImagesOptions {
  rules: readonly Rule[];
  /** Images checked at once. */
  concurrency?: number;
}

export const checkDefaults = { concurrency: 4 } as const;

type Outcome = { digest: string } | { missing: true; error: string } | { error: string };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function digestAt(client: RegistryClient, reference: string): Promise<Outcome> {
  const parsed = tryParseReference(reference);
  if (!parsed.ok) return { error: parsed.message };
  try {
    return { digest: (await getManifest(client, manifestLocation(parsed.reference))).digest };
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'REGISTRY_NOT_FOUND')
      return { missing: true, error: error.message };
    return { error: message(error) };
  }
}

/** The new location of an image: the input's own target, else the longest matching rule. */
export function targetOf(input: ImageInput, rules: readonly Rule[]): string | undefined {
  if (input.target) return input.target;
  const match = matchRule(input.image, rules);
  return match && match.rule.to !== null ? applyMatch(input.image, match) : undefined;
}

export async function checkImage(
  client: RegistryClient,
  input: ImageInput,
  rules: readonly Rule[],
): Promise<ImageCheck> {
  const base = { image: input.image, sourceDigest: null, targetDigest: null };
  const target = targetOf(input, rules);
  if (!target) {
    return {
      ...base,
      target: null,
      verdict: 'error',
      error: `no rule moves ${input.image}; add one with --rule FROM=TO or in regshift.yaml`,
    };
  }
  const notCopied = tagLeftBehind(input.image, rules);
  if (notCopied) return { ...base, target, verdict: 'missing', error: notCopied };
  const [source, moved] = await Promise.all([digestAt(client, input.image), digestAt(client, target)]);
  const sourceDigest = 'digest' in source ? source.digest : null;
  const targetDigest = 'digest' in moved ? moved.digest : null;
  const result = { ...base, target, sourceDigest, targetDigest };
  if ('missing' in moved) return { ...result, verdict: 'missing', error: moved.error };
  if ('error' in moved) return { ...result, verdict: 'error', error: moved.error };
  if (!('digest' in source)) return { ...result, verdict: 'source-missing', error: source.error };
  if (sourceDigest === targetDigest) return { ...result, verdict: 'same-digest', error: null };
  return { ...result, verdict: 'digest-differs', error: null };
}

/** Check every image (already deduplicated), a few at a time, in input order. */
export function checkImages(
  client: RegistryClient,
  inputs: readonly ImageInput[],
  options: CheckImagesOptions,
): Promise<ImageCheck[]> {
  return mapLimit(inputs, options.concurrency ?? checkDefaults.concurrency, (input) =>
    checkImage(client, input, options.rules),
  );
}
