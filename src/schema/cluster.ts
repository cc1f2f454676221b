/** The JSON of the commands that read clusters: `cluster` (and `--check-pull`, `policy --check --cluster`) and `patch`. */
import { z } from 'zod';
import { count, diagnostic, envelope, findingKind, managedBy, nullableString, objectRef } from './common.js';

export const clusterDiagnostic = diagnostic
  .extend({
    cluster: z.string(),
    count: count.optional(),
    verb: z.string().optional(),
    resource: z.string().optional(),
    namespace: nullableString.optional(),
  })
  .meta({ id: 'ClusterDiagnostic' });

export const clusterFinding = z
  .strictObject({
    source: z.enum(['cluster', 'node']),
    cluster: z.string(),
    namespace: nullableString,
    object: objectRef,
    container: nullableString,
    fieldPath: z.string(),
    match: z.string(),
    kind: findingKind,
    image: nullableString,
    replacement: nullableString,
    rule: z.string(),
    note: z.string().optional(),
    valuePath: nullableString,
    imageID: nullableString,
    runningFromNew: z.boolean(),
    runningNotDeclared: z.boolean(),
    revision: nullableString,
    owners: z.array(objectRef),
    managedBy,
    fixAt: z.string(),
    pods: count,
  })
  .meta({ id: 'ClusterFinding' });

const pullFailure = z.strictObject({
  cluster: z.string(),
  namespace: nullableString,
  object: objectRef,
  container: nullableString,
  reason: z.enum(['ErrImagePull', 'ImagePullBackOff', 'FailedCreatePodSandBox', 'Failed']),
  message: z.string(),
  image: nullableString,
  hosts: z.array(z.string()),
  oldRegistry: z.boolean(),
  from: z.enum(['status', 'event']),
  count,
});

const clusterCounts = {
  objects: count,
  pods: count,
  podsWithFindings: count,
  nodes: count,
  helmReleases: count,
};

export const clusterOutput = envelope(
  'cluster',
  {
    clusters: z.array(
      z.strictObject({ name: z.string(), server: z.string(), reachable: z.boolean(), ...clusterCounts }),
    ),
    findings: z.array(clusterFinding),
    pullFailures: z.array(pullFailure),
  },
  clusterDiagnostic,
  z.strictObject({ clusters: count, ...clusterCounts, findings: count, pullFailures: count }),
  'regshift cluster -o json (also policy --check --cluster)',
);

export const checkPullOutput = envelope(
  'cluster',
  {
    checks: z.array(
      z.strictObject({
        cluster: z.string(),
        image: z.string(),
        namespace: z.string(),
        pod: z.string(),
        outcome: z.enum(['running', 'pull-failed', 'not-scheduled', 'timeout']),
        reason: nullableString,
        message: nullableString,
        hosts: z.array(z.string()),
        node: nullableString,
        deleted: z.boolean(),
      }),
    ),
  },
  clusterDiagnostic,
  z.strictObject({ checks: count, running: count }),
  'regshift cluster --check-pull -o json',
);

const operation = z.strictObject({ op: z.enum(['test', 'replace']), path: z.string(), value: z.string() });

const patchEntry = z.strictObject({
  cluster: z.string(),
  namespace: nullableString,
  object: objectRef,
  action: z.enum(['patch', 'skip', 'instead']),
  outcome: z.enum(['planned', 'applied', 'refused', 'failed', 'restored']).nullable(),
  reason: nullableString,
  managedBy: managedBy.nullable(),
  source: nullableString,
  command: z.array(z.string()).nullable(),
  changes: z.array(
    z.strictObject({ container: nullableString, path: z.string(), from: z.string(), to: z.string() }),
  ),
  operations: z.array(operation),
  diff: z.string(),
  forced: z.boolean(),
  warnings: z.array(z.string()),
});

export const patchOutput = envelope(
  'patch',
  {
    mode: z.enum(['plan', 'apply', 'undo']),
    patches: z.array(patchEntry),
    undoRecord: z
      .string()
      .nullable()
      .meta({ description: 'The file of the undo record --apply wrote; null when it wrote none.' }),
  },
  clusterDiagnostic,
  z.strictObject({
    roots: count,
    planned: count,
    applied: count,
    restored: count,
    refused: count,
    failed: count,
    skipped: count,
    instead: count,
    forced: count,
  }),
  'regshift patch -o json',
);
