/** The JSON of the commands that neither scan nor copy: `rules`, `policy` and `report`. */
import { z } from 'zod';
import {
  count,
  envelope,
  errorCode,
  findingKind,
  managedBy,
  nullableString,
  objectRef,
  problem,
} from './common.js';

const exceptions = { exceptTags: z.array(z.string()), exceptRepositories: z.array(z.string()) };
const action = z.enum(['rewrite', 'report']);

const rule = z.strictObject({
  id: z.string(),
  from: z.string(),
  to: nullableString,
  action,
  pack: nullableString,
  since: nullableString,
  source: nullableString,
  ...exceptions,
  note: nullableString,
});

const pack = z.strictObject({
  name: z.string(),
  title: z.string(),
  since: z.string(),
  source: z.string(),
  enabled: z.boolean(),
  defaultOn: z.boolean(),
  overrides: z.array(z.string()),
  variables: z.record(z.string(), z.string()),
  rules: z.array(
    z.strictObject({
      from: z.string(),
      to: nullableString,
      action,
      since: z.string(),
      source: z.string(),
      ...exceptions,
      note: nullableString,
    }),
  ),
});

export const rulesOutput = envelope(
  'rules',
  { packs: z.array(pack), rules: z.array(rule) },
  problem,
  z.strictObject({ packs: count, enabled: count, rules: count }),
  'regshift rules -o json',
);

const explanation = z.strictObject({
  image: z.string(),
  normalized: z.string(),
  rule: z
    .strictObject({ id: z.string(), from: z.string(), to: nullableString, action, pack: nullableString })
    .nullable(),
  target: nullableString,
  rewritten: z.boolean(),
  reason: z.string(),
  note: nullableString,
  packsThatMatch: z.array(z.string()),
});

export const explainOutput = envelope(
  'rules',
  { explain: z.array(explanation) },
  z.strictObject({ image: z.string(), code: errorCode, message: z.string() }),
  z.strictObject({ images: count, matched: count, rewritten: count }),
  'regshift rules --explain IMAGE -o json',
);

export const policyOutput = envelope(
  'policy',
  {
    apiVersion: z.literal('v1'),
    kind: z.literal('List'),
    items: z.array(
      z.looseObject({
        apiVersion: z.string(),
        kind: z.string(),
        metadata: z.looseObject({ name: z.string() }),
      }),
    ),
    notes: z.array(z.string()),
  },
  problem,
  z.strictObject({ objects: count, engine: z.string(), mode: z.string() }),
  'regshift policy -o json (a v1 List: kubectl apply -f - takes it)',
);

const byKey = z.record(z.string(), count);

const reportFinding = z.strictObject({
  scope: z.string(),
  source: z.enum(['file', 'cluster', 'node']),
  path: z.string(),
  line: count,
  column: count,
  kind: findingKind,
  match: z.string(),
  image: nullableString,
  replacement: nullableString,
  rule: z.string(),
  format: z.string(),
  context: nullableString,
  namespace: nullableString,
  object: objectRef.nullable(),
  container: nullableString,
  fieldPath: nullableString,
  owners: z.array(objectRef),
  managedBy: managedBy.nullable(),
  pods: count,
  runningFromNew: z.boolean(),
  fixAt: z.string(),
  change: z.enum(['new', 'remaining']).nullable(),
});

export const reportOutput = envelope(
  'report',
  {
    inputs: z.array(
      z.strictObject({ name: z.string(), kind: z.enum(['scan', 'cluster', 'check', 'mirror', 'report']) }),
    ),
    scopes: z.array(
      z.strictObject({
        name: z.string(),
        type: z.enum(['repository', 'cluster']),
        read: count.nullable(),
        findings: count,
        reachable: z.boolean(),
      }),
    ),
    findings: z.array(reportFinding),
    images: z.array(
      z.strictObject({
        image: z.string(),
        target: nullableString,
        sourceDigest: nullableString,
        targetDigest: nullableString,
        verdict: z.string(),
        error: nullableString,
      }),
    ),
    connectivity: z.array(
      z.strictObject({
        registry: z.string(),
        ok: z.boolean(),
        hosts: z.array(z.string()),
        error: nullableString,
      }),
    ),
    mirrors: z.array(
      z.strictObject({
        source: z.string(),
        target: z.string(),
        digest: nullableString,
        status: z.string(),
        copiedBytes: count,
        error: nullableString,
      }),
    ),
    pullFailures: z.array(
      z.strictObject({
        cluster: z.string(),
        namespace: nullableString,
        object: z.string(),
        reason: z.string(),
        image: nullableString,
        message: z.string(),
      }),
    ),
    baseline: z
      .strictObject({
        before: count,
        after: count,
        fixed: z.array(reportFinding),
        added: count,
        remaining: count,
      })
      .nullable(),
  },
  // The inputs' own errors, as they wrote them: a code from any regshift version.
  z.strictObject({
    input: z.string(),
    path: z.string(),
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
  }),
  z.strictObject({
    findings: count,
    byKind: byKey,
    byRule: byKey,
    bySource: byKey,
    images: count,
    byVerdict: byKey,
    mirrored: count,
    byMirrorStatus: byKey,
    repositories: count,
    clusters: count,
    pullFailures: count,
    errors: count,
  }),
  'regshift report -o json (merged; report reads it back as a --baseline)',
);
