/** Existence and digest equality: the manifest digest at the old location against the one at the new. */

import { mapLimit } from '../concurrency.js';
import { type ErrorCode, RegshiftError } from '../errors.js';
import type { ImageInput } from '../inputs/images.js';
import { tryParseReference } from '../reference/parse.js';
import type { RegistryClient } from '../registry/client.js';
import { RegistryError } from '../registry/errors.js';
import { getManifest, manifestLocation } from '../registry/manifest.js';
import { hasReferrers } from '../registry/referrers.js';
import { applyMatch, matchRule } from '../rules/match.js';
import { tagLeftBehind } from '../rules/move.js';
import { targetOf } from '../rules/target.js';
import type { Rule } from '../rules/types.js';
import { checkDefaults } from './options.js';

export type Verdict = 'same-digest' | 'missing' | 'digest-differs' | 'source-missing' | 'error';

export interface ImageCheck {
  image: string;
  target: string | null;
  sourceDigest: string | null;
  targetDigest: string | null;
  verdict: Verdict;
  /**
   * More about a same-digest verdict: `signed-at-source-not-at-target` when the source has referrers
   * (signatures, attestations) that the target lacks: admission that verifies signatures would fail there.
   */
  detail: 'signed-at-source-not-at-target' | null;
  error: string | null;
  /** The error's stable code (REGISTRY_NOT_FOUND, REGISTRY_TIMEOUT, REFERENCE_INVALID, …); null without one. */
  code: ErrorCode | null;
  /** What to do about the error; null without one. */
  hint: string | null;
}

export interface CheckImagesOptions {
  rules: readonly Rule[];
  /** Images checked at once. */
  concurrency?: number;
}

interface Problem {
  error: string;
  code: ErrorCode | null;
  hint: string | null;
}

type Outcome = { digest: string } | ({ missing: true } & Problem) | Problem;

function problem(error: unknown): Problem {
  if (error instanceof RegshiftError)
    return { error: error.message, code: error.code, hint: error.hint ?? null };
  return { error: error instanceof Error ? error.message : String(error), code: null, hint: null };
}

async function digestAt(client: RegistryClient, reference: string): Promise<Outcome> {
  const parsed = tryParseReference(reference);
  if (!parsed.ok) return { error: parsed.message, code: 'REFERENCE_INVALID', hint: null };
  try {
    return { digest: (await getManifest(client, manifestLocation(parsed.reference))).digest };
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'REGISTRY_NOT_FOUND')
      return { missing: true, ...problem(error) };
    return problem(error);
  }
}

/** A problem's fields without the outcome's marker. */
function failed(outcome: Problem): Problem {
  return { error: outcome.error, code: outcome.code, hint: outcome.hint };
}

const none = { error: null, code: null, hint: null } as const;

export async function checkImage(
  client: RegistryClient,
  input: ImageInput,
  rules: readonly Rule[],
): Promise<ImageCheck> {
  const base = { image: input.image, sourceDigest: null, targetDigest: null, detail: null };
  const notCopied = tagLeftBehind(input.image, rules);
  if (notCopied) {
    const hint =
      'Mirror it from where it is (regshift mirror --from-old), or move to an image that is maintained.';
    // The target is where the tag would be, had the move copied it.
    const match = matchRule(input.image, rules);
    const wouldBe = match && match.rule.to !== null ? applyMatch(input.image, match) : null;
    return {
      ...base,
      target: wouldBe,
      verdict: 'missing',
      error: notCopied,
      code: 'CHECK_TAG_NOT_COPIED',
      hint,
    };
  }
  const target = targetOf(input, rules);
  if (!target) {
    return {
      ...base,
      target: null,
      verdict: 'error',
      error: `no rule moves ${input.image}`,
      code: 'CHECK_NO_RULE',
      hint: 'Add a rule with --rule FROM=TO or in regshift.yaml.',
    };
  }
  const [source, moved] = await Promise.all([digestAt(client, input.image), digestAt(client, target)]);
  const sourceDigest = 'digest' in source ? source.digest : null;
  const targetDigest = 'digest' in moved ? moved.digest : null;
  const result = { ...base, target, sourceDigest, targetDigest };
  if ('missing' in moved) return { ...result, verdict: 'missing', ...failed(moved) };
  if (!('digest' in moved)) return { ...result, verdict: 'error', ...failed(moved) };
  if (!('digest' in source)) return { ...result, verdict: 'source-missing', ...failed(source) };
  if (sourceDigest === targetDigest) {
    const detail = await signatureDetail(client, input.image, target, sourceDigest!);
    return { ...result, verdict: 'same-digest', detail, ...none };
  }
  return { ...result, verdict: 'digest-differs', ...none };
}

/** Signed at the source but not at the target; null when both or neither are, or when unknown. */
async function signatureDetail(
  client: RegistryClient,
  image: string,
  target: string,
  digest: string,
): Promise<ImageCheck['detail']> {
  const at = (reference: string) => {
    const parsed = tryParseReference(reference);
    if (!parsed.ok) return undefined;
    const { registry, repository } = manifestLocation(parsed.reference);
    return { registry, repository, digest };
  };
  const [from, to] = [at(image), at(target)];
  if (!from || !to) return null;
  // Unknown (a registry that refuses the look-up) is not reported as unsigned.
  const [signed, copied] = await Promise.all(
    [from, to].map((where) => hasReferrers(client, where).catch(() => undefined)),
  );
  return signed === true && copied === false ? 'signed-at-source-not-at-target' : null;
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
