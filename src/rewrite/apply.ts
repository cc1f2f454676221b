import { builtinRules } from '../rules/builtin.js';
import type { Rule } from '../rules/types.js';
import { decodeText, readFileChecked } from '../scan/read.js';
import { replaceFileAtomically } from './atomic-write.js';
import { unifiedDiff } from './diff.js';
import { spliceEdits } from './edit.js';
import type { FileOutcome, FilePlan, FixPlan, FixResult } from './types.js';
import { verifyRewrite } from './verify.js';

export interface ApplyOptions {
  /** Verify and diff, write nothing. */
  dryRun?: boolean;
  /** The rules the plan was made with, for verification (default: the built-in set). */
  rules?: readonly Rule[];
  /** Called after each file, for progress reporting. */
  onFile?: (outcome: FileOutcome) => void;
}

function failed(plan: FilePlan, code: string, message: string): FileOutcome {
  return {
    path: plan.path,
    status: 'failed',
    edits: plan.edits,
    diff: '',
    error: { path: plan.path, code, message },
  };
}

function applyFile(plan: FilePlan, options: ApplyOptions): FileOutcome {
  const read = readFileChecked(plan.absolute, Number.MAX_SAFE_INTEGER);
  if (read.kind !== 'bytes')
    return failed(plan, 'READ_ERROR', `cannot read file: ${read.kind === 'error' ? read.code : 'too large'}`);
  // readFileChecked may return its shared buffer: keep a copy that lives until the write.
  const original = Buffer.from(read.bytes);
  const decoded = decodeText(original);
  if (decoded.invalidUtf8) {
    return failed(
      plan,
      'INVALID_UTF8',
      'the file is not valid UTF-8; regshift edits only files whose bytes it can keep exactly',
    );
  }
  const spliced = spliceEdits(original, decoded.text, decoded.bom, plan.edits);
  if (!spliced.ok) return failed(plan, 'FILE_CHANGED', spliced.message);
  const problem = verifyRewrite(plan, decoded.text, spliced.text, plan.edits, options.rules ?? builtinRules);
  if (problem) return failed(plan, 'VERIFY_FAILED', `left untouched: ${problem}`);
  if (options.dryRun) {
    // The diff shows the file as bytes on disk, so a BOM stays part of the first line's context.
    const bom = decoded.bom ? '\uFEFF' : '';
    const diff = unifiedDiff(plan.path, bom + decoded.text, bom + spliced.text);
    return { path: plan.path, status: 'pending', edits: plan.edits, diff };
  }
  const written = replaceFileAtomically(plan.absolute, original, spliced.bytes);
  if (!written.ok) return failed(plan, written.code, written.message);
  return { path: plan.path, status: 'written', edits: plan.edits, diff: '' };
}

/** Verify and write every planned file; one file's failure never stops the others. */
export function applyFixes(plan: FixPlan, options: ApplyOptions = {}): FixResult {
  const files = plan.files.map((file) => {
    const outcome = applyFile(file, options);
    options.onFile?.(outcome);
    return outcome;
  });
  return { files, left: plan.left, dryRun: options.dryRun ?? false };
}
