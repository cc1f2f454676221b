/** Plan (server-side dry-run) and apply patches through a KubeClient, a few objects at a time. */
import type { KubeClient } from '../cluster/client.js';
import { limiter } from '../concurrency.js';
import type { ClusterFinding } from '../findings.js';
import { version } from '../version.js';
import { objectDiff, revert } from './diff.js';
import type { EarlyDryRuns } from './early.js';
import { forwardOperations, inverseOperations } from './ops.js';
import { fieldManager, label, type PatchDiagnostic, patchEntry } from './request.js';
import { managerSource } from './sources.js';
import { planTargets, type TargetOptions } from './targets.js';
import type { PatchEntry, UndoRecord } from './types.js';

export interface PatchOptions extends TargetOptions {
  /** One client per cluster (kubeconfig context) the findings name. */
  clients: readonly KubeClient[];
  /** Objects patched at once per run. */
  concurrency?: number;
  /** Dry-runs started while the scan was still listing (the plan takes those it would send itself). */
  early?: EarlyDryRuns;
}

export interface PatchResult {
  patches: PatchEntry[];
  errors: PatchDiagnostic[];
}

export const patchDefaults = {
  concurrency: 16,
  /**
   * Dry-runs in flight while the scan still lists. They share the apiserver with the lists: measured in
   * one process on 2 cores, 2 or 4 at once cost the lists 140 to 170 ms and saved the plan 250 to 280;
   * 8 cost the lists 350 (bench/README.md).
   */
  earlyConcurrency: 4,
  fieldManager,
} as const;

/** Run `work` for every `patch` entry, a few at a time, on the client of its cluster. */
export async function eachPatch(
  entries: PatchEntry[],
  options: PatchOptions,
  errors: PatchDiagnostic[],
  work: (client: KubeClient, e: PatchEntry) => Promise<void>,
): Promise<void> {
  const limit = limiter(options.concurrency ?? patchDefaults.concurrency);
  const byName = new Map(options.clients.map((c) => [c.name, c]));
  await Promise.all(
    entries
      .filter((e) => e.action === 'patch')
      .map((e) =>
        limit(async () => {
          const client = byName.get(e.cluster);
          if (!client) {
            e.outcome = 'failed';
            errors.push({
              cluster: e.cluster,
              path: label(e.object),
              code: 'KUBE_CONTEXT_NOT_FOUND',
              message: `no kubeconfig context "${e.cluster}" to patch ${label(e.object)} with`,
              hint: 'Pass --kubeconfig or --context.',
            });
            return;
          }
          await work(client, e);
        }),
      ),
  );
}

/** Dry-run each root's patch on the server (its `test`s check the old images), and diff the object before and after. */
export async function planPatches(
  findings: readonly ClusterFinding[],
  options: PatchOptions,
): Promise<PatchResult> {
  const patches = planTargets(findings, options);
  const errors: PatchDiagnostic[] = [];
  options.early?.widen(options.concurrency ?? patchDefaults.concurrency);
  for (const e of patches) e.operations = forwardOperations(e.changes);
  await eachPatch(patches, options, errors, async (client, e) => {
    const early = options.early?.take(e.cluster, e.object, e.operations);
    const after = await patchEntry(client, e, true, 'patch', errors, early);
    if (after === undefined) return;
    // The dry-run answers with the patched object; the object before is it with the old images back.
    e.diff = objectDiff(label(e.object), revert(after, e.changes), after);
    e.outcome = 'planned';
  });
  await sourcesOf(patches, options);
  return { patches, errors };
}

/** Name the source each Argo CD Application or Flux Kustomization renders from (one read per manager). */
async function sourcesOf(patches: PatchEntry[], options: PatchOptions): Promise<void> {
  const limit = limiter(options.concurrency ?? patchDefaults.concurrency);
  const byName = new Map(options.clients.map((c) => [c.name, c]));
  const seen = new Map<string, Promise<string | null>>();
  await Promise.all(
    patches.map(async (e) => {
      const m = e.managedBy;
      const client = byName.get(e.cluster);
      if (e.action !== 'instead' || !client || (m?.tool !== 'argocd' && m?.tool !== 'flux')) return;
      const key = `${e.cluster}\0${m.tool}\0${m.kind}\0${m.namespace}/${m.name}`;
      let source = seen.get(key);
      if (!source) {
        source = limit(() => managerSource(client, m)).catch(() => null);
        seen.set(key, source);
      }
      e.source = await source;
    }),
  );
}

/**
 * Write every planned patch (each still carries its `test` of the old image: an object changed since
 * the plan is refused, not overwritten). Returns the undo record of what was written.
 */
export async function applyPatches(
  plan: PatchResult,
  options: PatchOptions,
): Promise<PatchResult & { undo: UndoRecord }> {
  const errors = [...plan.errors];
  const undo: UndoRecord = {
    tool: { name: 'regshift', version },
    command: 'patch',
    kind: 'undo-record',
    created: new Date().toISOString(),
    patches: [],
  };
  const ready = plan.patches.filter((e) => e.outcome === 'planned');
  await eachPatch(ready, options, errors, async (client, e) => {
    if ((await patchEntry(client, e, false, 'patch', errors)) === undefined) return;
    e.outcome = 'applied';
    undo.patches.push({
      cluster: e.cluster,
      namespace: e.namespace,
      object: e.object,
      operations: inverseOperations(e.changes),
    });
  });
  return { patches: plan.patches, errors, undo };
}
