import type { Diagnostic, Finding, FindingKind } from '../findings.js';

/** One replacement of the text `before` at a 1-based line and UTF-16 column. Never spans lines. */
export interface PlannedEdit {
  path: string;
  line: number;
  column: number;
  before: string;
  after: string;
  kind: FindingKind;
  rule: string;
}

export interface FilePlan {
  path: string;
  absolute: string;
  edits: PlannedEdit[];
  /** Every finding the scan reported in this file, so verification need not scan the old text again. */
  findings: Finding[];
}

/** Why a finding is not rewritten. */
export type LeftReason = 'mention' | 'policy' | 'report-only' | 'kustomize-selector';

export interface LeftFinding {
  path: string;
  line: number;
  column: number;
  match: string;
  reason: LeftReason;
  message: string;
}

export interface FixPlan {
  cwd: string;
  files: FilePlan[];
  left: LeftFinding[];
}

export type FileStatus = 'written' | 'pending' | 'failed';

export interface FileOutcome {
  path: string;
  status: FileStatus;
  edits: PlannedEdit[];
  /** Unified diff of the change (dry run), '' otherwise. */
  diff: string;
  error?: Diagnostic;
}

export interface FixResult {
  files: FileOutcome[];
  left: LeftFinding[];
  dryRun: boolean;
}
