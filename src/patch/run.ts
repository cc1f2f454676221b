/** Plan (server-side dry-run), apply and undo patches through a KubeClient, a few objects at a time. */
import type { KubeClient, KubeResponse } from '../cluster/client.js';
import { statusMessage } from '../cluster/client.js';
import { Limiter } from '../cluster/list.js';
import { apiBase } from '../cluster/resources.js';
import type { ClusterFinding, Diagnostic, ObjectRef } from '../findings.js';
import { version } from '../version.js';
import { objectDiff, revert } from './diff.js';
import { forwardOperations, inverseOperations } from './ops.js';
import { managerSource } from './sources.js';
import { patchableKinds, planTargets, type TargetOptions } from './targets.js';
import type { PatchEntry, PatchOperation, UndoRecord } from './types.js';

export interface PatchDiagnostic extends Diagnostic {
  cluster: string;
}

export interface PatchOptions extends TargetOptions {
  /** One client per cluster (kubeconfig context) the findings name. */
  clients: readonly KubeClient[];
  /** Objects patched at once per run. */
  concurrency?: number;
}

export interface PatchResult {
  patches: PatchEntry[];
  errors: PatchDiagnostic[];
}

export const patchDefaults = { concurrency: 8, fieldManager: 'regshift' } as const;

function objectPath(ref: ObjectRef): string {
  const plural = patchableKinds[ref.kind]?.plural ?? `${ref.kind.toLowerCase()}s`;
  const ns = ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
  return `${apiBase(ref.apiVersion)}${ns}/${plural}/${encodeURIComponent(ref.name)}`;
}

const label = (ref: ObjectRef) =>
  `${ref.namespace ? `${ref.namespace}/` : ''}${ref.kind.toLowerCase()}/${ref.name}`;

/** A refused or failed patch as a diagnostic: what happened to which object, and what to do. */
function failure(
  cluster: string,
  ref: ObjectRef,
  res: KubeResponse,
  verb: string,
): PatchDiagnostic & { refused: boolean } {
  const message = statusMessage(res.body);
  const base = { cluster, path: label(ref) };
  if (res.status === 403)
    return {
      ...base,
      refused: false,
      code: 'FORBIDDEN',
      message: `not allowed to ${verb} ${label(ref)}: ${message || 'forbidden'}; grant "patch" on it, or leave it to someone who may`,
    };
  if (res.status === 404)
    return {
      ...base,
      refused: false,
      code: 'NOT_FOUND',
      message: `${label(ref)} no longer exists; nothing was changed`,
    };
  // A failed `test` (the image is not what the plan read) or a conflicting write: nothing was changed.
  if (res.status === 409 || res.status === 422 || /test/i.test(message))
    return {
      ...base,
      refused: true,
      code: 'CHANGED_SINCE_PLAN',
      message: `${label(ref)} changed since it was read (${message || `HTTP ${res.status}`}); nothing was changed: scan and plan again`,
    };
  return {
    ...base,
    refused: false,
    code: 'PATCH_FAILED',
    message: `${verb} ${label(ref)} failed with HTTP ${res.status}: ${message || 'no message'}`,
  };
}

async function sendPatch(client: KubeClient, ref: ObjectRef, ops: PatchOperation[], dryRun: boolean) {
  return client.request('PATCH', objectPath(ref), {
    query: { fieldManager: patchDefaults.fieldManager, ...(dryRun ? { dryRun: 'All' } : {}) },
    body: ops,
    contentType: 'application/json-patch+json',
  });
}

/** Run `work` for every `patch` entry, a few at a time, on the client of its cluster. */
async function eachPatch(
  entries: PatchEntry[],
  options: PatchOptions,
  errors: PatchDiagnostic[],
  work: (client: KubeClient, e: PatchEntry) => Promise<void>,
): Promise<void> {
  const limiter = new Limiter(options.concurrency ?? patchDefaults.concurrency);
  const byName = new Map(options.clients.map((c) => [c.name, c]));
  await Promise.all(
    entries
      .filter((e) => e.action === 'patch')
      .map((e) =>
        limiter.run(async () => {
          const client = byName.get(e.cluster);
          if (!client) {
            e.outcome = 'failed';
            errors.push({
              cluster: e.cluster,
              path: label(e.object),
              code: 'KUBE_CONTEXT_NOT_FOUND',
              message: `no kubeconfig context "${e.cluster}" to patch ${label(e.object)} with; pass --kubeconfig or --context`,
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
  for (const e of patches) e.operations = forwardOperations(e.changes);
  await eachPatch(patches, options, errors, async (client, e) => {
    const after = await sendPatch(client, e.object, e.operations, true);
    if (after.status !== 200) {
      const f = failure(e.cluster, e.object, after, 'patch');
      e.outcome = f.refused ? 'refused' : 'failed';
      errors.push(strip(f));
      return;
    }
    // The dry-run answers with the patched object; the object before is it with the old images back.
    e.diff = objectDiff(label(e.object), revert(after.body, e.changes), after.body);
    e.outcome = 'planned';
  });
  await sourcesOf(patches, options);
  return { patches, errors };
}

/** Name the source each Argo CD Application or Flux Kustomization renders from (one read per manager). */
async function sourcesOf(patches: PatchEntry[], options: PatchOptions): Promise<void> {
  const limiter = new Limiter(options.concurrency ?? patchDefaults.concurrency);
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
        source = limiter.run(() => managerSource(client, m)).catch(() => null);
        seen.set(key, source);
      }
      e.source = await source;
    }),
  );
}

function strip(f: PatchDiagnostic & { refused: boolean }): PatchDiagnostic {
  const { refused: _r, ...d } = f;
  return d;
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
    const res = await sendPatch(client, e.object, e.operations, false);
    if (res.status !== 200) {
      const f = failure(e.cluster, e.object, res, 'patch');
      e.outcome = f.refused ? 'refused' : 'failed';
      errors.push(strip(f));
      return;
    }
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

/** Restore what an undo record names: each inverse patch tests that the image is still the one regshift wrote. */
export async function undoPatches(record: UndoRecord, options: PatchOptions): Promise<PatchResult> {
  const errors: PatchDiagnostic[] = [];
  const patches: PatchEntry[] = record.patches.map((p) => ({
    cluster: p.cluster,
    namespace: p.namespace,
    object: p.object,
    action: 'patch',
    outcome: null,
    reason: null,
    managedBy: null,
    source: null,
    command: null,
    changes: changesOf(p.operations),
    operations: p.operations,
    diff: '',
    forced: false,
    warnings: [],
  }));
  await eachPatch(patches, options, errors, async (client, e) => {
    const res = await sendPatch(client, e.object, e.operations, false);
    if (res.status !== 200) {
      const f = failure(e.cluster, e.object, res, 'restore');
      e.outcome = f.refused ? 'refused' : 'failed';
      errors.push(strip(f));
      return;
    }
    e.diff = objectDiff(label(e.object), revert(res.body, e.changes), res.body);
    e.outcome = 'restored';
  });
  return { patches, errors };
}

function changesOf(ops: readonly PatchOperation[]): PatchEntry['changes'] {
  const tests = new Map(ops.filter((o) => o.op === 'test').map((o) => [o.path, o.value]));
  return ops
    .filter((o) => o.op === 'replace')
    .map((o) => ({ container: null, path: o.path, from: tests.get(o.path) ?? '', to: o.value }));
}
