/**
 * The report model: what `regshift report` merges from the JSON of scan, cluster, check and mirror, and
 * what every report renderer (HTML, Markdown, JSON) reads. Plain data, no behaviour.
 */
import type { FindingFormat, FindingKind, FindingSource, ManagedBy, ObjectRef } from '../../findings.js';

export type InputKind = 'scan' | 'cluster' | 'check' | 'mirror' | 'report';

/** One JSON document given to the report, and what it was read as. */
export interface ReportInput {
  /** The label its findings are filed under: the file name without `.json`, or the envelope's. */
  name: string;
  kind: InputKind;
}

/** A finding from files or a cluster, with the repository or cluster it belongs to. */
export interface ReportFinding {
  /** The repository (for files: the input's name) or the cluster. */
  scope: string;
  source: FindingSource;
  path: string;
  line: number;
  column: number;
  kind: FindingKind;
  match: string;
  image: string | null;
  replacement: string | null;
  rule: string;
  format: FindingFormat | string;
  context: string | null;
  /** Cluster findings only (null for files). */
  namespace: string | null;
  object: ObjectRef | null;
  container: string | null;
  fieldPath: string | null;
  owners: ObjectRef[];
  managedBy: ManagedBy | null;
  pods: number;
  runningFromNew: boolean;
  /** What must change: a cluster finding's `fixAt`, or for a file finding the file to edit. */
  fixAt: string;
  /** Against a baseline: `new` since it, or `remaining`; null without a baseline. */
  change: 'new' | 'remaining' | null;
}

export type Verdict = 'same-digest' | 'missing' | 'digest-differs' | 'source-missing' | 'error';

export interface ImageRow {
  image: string;
  target: string | null;
  sourceDigest: string | null;
  targetDigest: string | null;
  verdict: Verdict | string;
  error: string | null;
}

export interface ConnectivityRow {
  registry: string;
  ok: boolean;
  hosts: string[];
  error: string | null;
}

export interface MirrorRow {
  source: string;
  target: string;
  digest: string | null;
  status: string;
  copiedBytes: number;
  error: string | null;
}

export interface PullFailureRow {
  cluster: string;
  namespace: string | null;
  object: string;
  reason: string;
  image: string | null;
  message: string;
}

export interface ScopeRow {
  name: string;
  type: 'repository' | 'cluster';
  /** Files scanned (repositories) or objects read (clusters), when the input said. */
  read: number | null;
  findings: number;
  reachable: boolean;
}

export interface ReportError {
  /** The input file the problem came from (or was found in). */
  input: string;
  path: string;
  code: string;
  message: string;
  /** What to do, when the input said. */
  hint?: string;
}

export interface BaselineDiff {
  /** Findings in the baseline. */
  before: number;
  /** Findings now. */
  after: number;
  fixed: ReportFinding[];
  added: number;
  remaining: number;
}

export interface ReportSummary {
  findings: number;
  byKind: Record<string, number>;
  byRule: Record<string, number>;
  bySource: Record<string, number>;
  images: number;
  byVerdict: Record<string, number>;
  mirrored: number;
  byMirrorStatus: Record<string, number>;
  repositories: number;
  clusters: number;
  pullFailures: number;
  errors: number;
}

export interface ReportModel {
  inputs: ReportInput[];
  scopes: ScopeRow[];
  findings: ReportFinding[];
  images: ImageRow[];
  connectivity: ConnectivityRow[];
  mirrors: MirrorRow[];
  pullFailures: PullFailureRow[];
  errors: ReportError[];
  baseline: BaselineDiff | null;
  summary: ReportSummary;
}
