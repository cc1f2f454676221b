/** `patch --undo`: the inverse patches of an undo record, each testing the image regshift wrote. */
import { objectDiff, revert } from './diff.js';
import { label, type PatchDiagnostic, patchEntry } from './request.js';
import { eachPatch, type PatchOptions, type PatchResult } from './run.js';
import type { PatchEntry, PatchOperation, UndoRecord } from './types.js';

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
    const restored = await patchEntry(client, e, false, 'restore', errors);
    if (restored === undefined) return;
    e.diff = objectDiff(label(e.object), revert(restored, e.changes), restored);
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
