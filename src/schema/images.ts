/** The JSON of the commands that read registries: `check` and `mirror`. */
import { z } from 'zod';
import { count, envelope, errorCode, nullableString, problem } from './common.js';

const nullableCode = errorCode.nullable();

const connectivity = z.strictObject({
  registry: z.string(),
  ok: z.boolean(),
  hops: z.array(z.strictObject({ url: z.string(), status: z.number().int().nullable(), ms: z.number() })),
  hosts: z.array(z.string()),
  error: nullableString,
  code: nullableCode,
  hint: nullableString,
});

const imageCheck = z.strictObject({
  image: z.string(),
  target: nullableString,
  sourceDigest: nullableString,
  targetDigest: nullableString,
  verdict: z.enum(['same-digest', 'missing', 'digest-differs', 'source-missing', 'error']),
  detail: z.literal('signed-at-source-not-at-target').nullable(),
  error: nullableString,
  code: nullableCode,
  hint: nullableString,
});

export const checkOutput = envelope(
  'check',
  { connectivity: z.array(connectivity), images: z.array(imageCheck) },
  problem,
  z.strictObject({ images: count, sameDigest: count, registries: count, reachable: count }),
  'regshift check -o json',
);

const referrerStore = z.enum(['api', 'tag-schema']).nullable();

const mirrorResult = z.strictObject({
  source: z.string(),
  fetchedFrom: z.string(),
  target: z.string(),
  digest: nullableString,
  size: count,
  copiedBytes: count,
  copiedBlobs: count,
  skippedBlobs: count,
  mountedBlobs: count,
  referrers: count,
  referrersFrom: referrerStore,
  referrersTo: referrerStore,
  status: z.enum(['copied', 'up-to-date', 'would-copy', 'failed']),
  error: problem.extend({ hint: nullableString }).nullable(),
});

export const mirrorOutput = envelope(
  'mirror',
  { results: z.array(mirrorResult), warnings: z.array(z.string()) },
  problem,
  z.strictObject({
    images: count,
    copied: count,
    upToDate: count,
    wouldCopy: count,
    failed: count,
    copiedBytes: count,
    referrers: count,
  }),
  'regshift mirror -o json',
);
