/** The Finding model: every producer (files, clusters, nodes) returns these and every reporter reads them. */

import type { ErrorCode } from './errors.js';

export type FindingKind = 'image' | 'registry' | 'mention' | 'policy';
export type FindingSource = 'file' | 'cluster' | 'node';
export type FindingFormat =
  | 'yaml'
  | 'json'
  | 'helm-values'
  | 'helm-template'
  | 'kustomize'
  | 'dockerfile'
  | 'compose'
  | 'terraform'
  | 'toml'
  | 'text';

export interface Finding {
  source: FindingSource;
  /** Relative to the current directory, '/' separators, no './'. */
  path: string;
  /** 1-based line and column (UTF-16 units) of the first character of `match`. */
  line: number;
  column: number;
  endLine: number;
  /** Column just past the last character of `match`. */
  endColumn: number;
  /** The text as written, without quotes. */
  match: string;
  kind: FindingKind;
  /** The full image reference when known. */
  image: string | null;
  /** What `match` becomes; null for mention and policy findings. */
  replacement: string | null;
  rule: string;
  format: FindingFormat;
  /** Where in the document: a YAML/JSON path, a Dockerfile instruction, or null. */
  context: string | null;
  /** What to know about this move (the rule's caveat, or why there is no target); present only when there is one. */
  note?: string;
  /** Present, as 'report', only when the finding is never rewritten: a report-only rule, or no target. */
  action?: 'report';
}

/** One item that went wrong while the rest went on: what happened (`message`), what to do (`hint`). */
export interface Diagnostic {
  path: string;
  code: ErrorCode;
  message: string;
  hint?: string;
}

export interface ScanSummary {
  files: number;
  skipped: number;
  findings: number;
}

export interface ScanReport {
  tool: { name: 'regshift'; version: string };
  findings: Finding[];
  errors: Diagnostic[];
  summary: ScanSummary;
}

/** `into.push(...items)` without spreading: a spread of 150,000 findings overflows the call stack. */
export function appendAll<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return (
    a.line - b.line ||
    a.column - b.column ||
    a.endColumn - b.endColumn ||
    (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)
  );
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** A Kubernetes object, as `kubectl get KIND NAME` would name it. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  /** Absent for cluster-scoped objects (Nodes) and in owner chains, where it is the object's. */
  namespace?: string;
}

export type ManagerTool = 'helm' | 'argocd' | 'flux' | 'kustomize';

/** Who applies the object: fixing it anywhere else is undone at the next sync. */
export interface ManagedBy {
  tool: ManagerTool | null;
  name: string | null;
  namespace: string | null;
  /** The manager's own object kind when it has one: Application, Kustomization, HelmRelease. */
  kind?: string;
  /** The mark the manager was recognised by, e.g. `annotation argocd.argoproj.io/tracking-id`. */
  evidence?: string;
}

/**
 * A finding from a live cluster (source `cluster`) or a node's image cache (source `node`). It has its own
 * shape, not a file finding's: no path, line, column or format, which a live object does not have.
 * The object is named by `cluster`, `namespace` and `object`; the place in it by `fieldPath`.
 */
export interface ClusterFinding {
  source: 'cluster' | 'node';
  /** The kubeconfig context the finding came from. */
  cluster: string;
  /** null for cluster-scoped objects (Nodes). */
  namespace: string | null;
  object: ObjectRef;
  /** The container's name; null for Helm values and node images. */
  container: string | null;
  /** Where in the object: `spec.template.spec.containers[0].image`, `config.image.registry` in a Helm release, `status.images`. */
  fieldPath: string;
  /** The text as found (an image, or a registry for split Helm values). */
  match: string;
  kind: FindingKind;
  image: string | null;
  /**
   * What `match` becomes; null for mention and policy findings, and where the move has no target for it
   * (a tag it left behind, a report-only rule without one): `note` then says why.
   */
  replacement: string | null;
  rule: string;
  /** The rule's note, or why there is no replacement. */
  note?: string;
  /** The Helm value path that sets this image (`image.registry`), when the release's values name it. */
  valuePath: string | null;
  /** The digest really running (pod status imageID), when a pod reported one. */
  imageID: string | null;
  /** True when pods run the image pulled from the new location while the spec still names the old one. */
  runningFromNew: boolean;
  /**
   * True when only pod status shows the image: a container still running from the old registry while
   * its spec (and owner) already say otherwise (mid-rollout, or an in-place edit not yet restarted).
   */
  runningNotDeclared: boolean;
  /**
   * For a Deployment's old ReplicaSet (folded into its Deployment, which no longer names the image):
   * the Deployment revision that still does; null otherwise.
   */
  revision: string | null;
  /** The chain up from `object` to its root, nearest first. */
  owners: ObjectRef[];
  managedBy: ManagedBy;
  /** One sentence: what must change so the old reference does not come back. */
  fixAt: string;
  /** Pods counted under this finding's root with this container and image. */
  pods: number;
  /** Internal (non-enumerable, not in JSON): 'report' for report-only rules. */
  action?: 'report';
}

/** The built-in kinds whose containers' images are set on the object itself (`kubectl set image` takes them). */
export const imageSettableKinds: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Pod',
]);
