// Patches at the owner: plan (server-side dry-run and diff), apply with a `test` precondition per image,
// undo from the record --apply writes. What a manager owns gets the command or source to change instead.

export { EarlyDryRuns } from './early.js';
export type { PatchDiagnostic } from './request.js';
export { applyPatches, type PatchOptions, type PatchResult, patchDefaults, planPatches } from './run.js';
export { helmCommand, patchableKinds, planTargets, type TargetOptions } from './targets.js';
export type * from './types.js';
export { undoPatches } from './undo.js';
