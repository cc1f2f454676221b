/** The patch plan: per root object, what regshift will do (patch), will not (skip) or tells the user to run (instead). */
import type { ManagedBy, ObjectRef } from '../findings.js';

/** One RFC 6902 JSON patch operation (only the two regshift sends). */
export type PatchOperation =
  | { op: 'test'; path: string; value: string }
  | { op: 'replace'; path: string; value: string };

/**
 * - `patch`: regshift patches the object (a plan shows the dry-run diff; --apply writes it).
 * - `skip`: nothing regshift should write (an old revision, a Job that ran, an ephemeral container); `reason` says why.
 * - `instead`: a manager or the node owns the source: `reason` (and `command`, for Helm) say what to change.
 */
export type PatchAction = 'patch' | 'skip' | 'instead';

/** What happened to a `patch` entry: planned (dry-run passed), applied, or refused/failed with a diagnostic. */
export type PatchOutcome = 'planned' | 'applied' | 'refused' | 'failed' | 'restored' | null;

/** One image change at one field of the root object. */
export interface ImageChange {
  container: string | null;
  /** JSON pointer, e.g. /spec/template/spec/containers/0/image. */
  path: string;
  from: string;
  to: string;
}

export interface PatchEntry {
  cluster: string;
  namespace: string | null;
  object: ObjectRef;
  action: PatchAction;
  outcome: PatchOutcome;
  reason: string | null;
  /** Who manages the object (for `instead`), as `regshift cluster` found it. */
  managedBy: ManagedBy | null;
  /** For Argo CD and Flux Kustomizations: the source the manager renders (repository, path), when readable. */
  source: string | null;
  /** For Helm releases: the exact command, as arguments (`CHART` stands for the chart the release came from). */
  command: string[] | null;
  changes: ImageChange[];
  /** The operations sent: a `test` of each old image (the precondition), then its `replace`. */
  operations: PatchOperation[];
  /** Unified diff of the object (as `kubectl diff` shows it), from the server-side dry-run or the write. */
  diff: string;
  /** True when --force patches an object a manager (Helm, Argo CD, Flux) will revert. */
  forced: boolean;
  warnings: string[];
}

/** What --apply writes so `patch --undo FILE` can restore each object, with the same preconditions. */
export interface UndoRecord {
  tool: { name: 'regshift'; version: string };
  command: 'patch';
  kind: 'undo-record';
  created: string;
  patches: {
    cluster: string;
    namespace: string | null;
    object: ObjectRef;
    /** The inverse: `test` the new image, `replace` it with the old. */
    operations: PatchOperation[];
  }[];
}
