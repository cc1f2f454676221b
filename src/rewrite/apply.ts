import { readFileSync, realpathSync } from 'node:fs';
import type { ErrorCode } from '../errors.js';
import { builtinRules } from '../rules/builtin.js';
import type { Rule } from '../rules/types.js';
import { decodeText, utf16Order } from '../text/decode.js';
import { replaceFileAtomically } from './atomic-write.js';
import { unifiedDiff } from './diff.js';
import { spliceEdits } from './edit.js';
import type { FileOutcome, FilePlan, FixPlan, FixResult, PlannedEdit } from './types.js';
import { verifyRewrite } from './verify.js';

export interface ApplyOptions {
  /** Verify and diff, write nothing. */
  dryRun?: boolean;
  /** The rules the plan was made with, for verification (default: the built-in set). */
  rules?: readonly Rule[];
  /** Called after each file, for progress reporting. */
  onFile?: (outcome: FileOutcome) => void;
  /**
   * One more edit for a file after its references are rewritten and verified (a Helm value a chart needs),
   * given the edited text; it is the caller's to check. Undefined for none.
   */
  extraEdit?: (plan: FilePlan, editedText: string) => PlannedEdit | undefined;
}

function failed(plan: FilePlan, code: ErrorCode, message: string): FileOutcome {
  return {
    path: plan.path,
    status: 'failed',
    edits: plan.edits,
    diff: '',
    error: { path: plan.path, code, message },
  };
}

/** A file verified and ready to write, or its final outcome. */
type Prepared = { outcome: FileOutcome } | { write: { original: Buffer; bytes: Buffer; real: string } };

/** Read, splice and verify one file (synchronous, CPU-bound); nothing is written here. */
function prepareFile(plan: FilePlan, options: ApplyOptions): Prepared {
  // Where the bytes come from, so the write goes to the same file and never through a link made since.
  let real: string;
  let original: Buffer;
  try {
    real = realpathSync(plan.absolute);
    original = readFileSync(real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return { outcome: failed(plan, 'READ_ERROR', `cannot read file: ${code}`) };
  }
  if (utf16Order(original)) {
    return {
      outcome: failed(
        plan,
        'UNSUPPORTED_ENCODING',
        'a UTF-16 file is reported but not rewritten; edit it by hand',
      ),
    };
  }
  const decoded = decodeText(original);
  if (decoded.invalidUtf8) {
    return {
      outcome: failed(
        plan,
        'INVALID_UTF8',
        'the file is not valid UTF-8; regshift edits only files whose bytes it can keep exactly',
      ),
    };
  }
  const spliced = spliceEdits(original, decoded.text, decoded.bom, plan.edits);
  if (!spliced.ok) return { outcome: failed(plan, 'FILE_CHANGED', spliced.message) };
  const problem = verifyRewrite(
    plan,
    decoded.text,
    spliced.text,
    plan.edits,
    options.rules ?? builtinRules,
    plan.findings,
  );
  if (problem) return { outcome: failed(plan, 'VERIFY_FAILED', `left untouched: ${problem}`) };
  const extra = options.extraEdit?.(plan, spliced.text);
  if (extra) {
    const again = spliceEdits(spliced.bytes, spliced.text, decoded.bom, [extra]);
    if (!again.ok) return { outcome: failed(plan, 'VERIFY_FAILED', `left untouched: ${again.message}`) };
    Object.assign(spliced, again);
  }
  if (options.dryRun) {
    // The diff shows the file as bytes on disk, so a BOM stays part of the first line's context.
    const bom = decoded.bom ? '\uFEFF' : '';
    const diff = unifiedDiff(plan.path, bom + decoded.text, bom + spliced.text);
    return { outcome: { path: plan.path, status: 'pending', edits: plan.edits, diff } };
  }
  return { write: { original, bytes: spliced.bytes, real } };
}

/** Files written at once: their fsyncs overlap in the thread pool instead of queueing one by one. */
const writeConcurrency = 32;

/** Verify and write every planned file; one file's failure never stops the others. */
export async function applyFixes(plan: FixPlan, options: ApplyOptions = {}): Promise<FixResult> {
  const files: FileOutcome[] = new Array(plan.files.length);
  const writes: (() => Promise<void>)[] = [];
  plan.files.forEach((file, index) => {
    const prepared = prepareFile(file, options);
    if ('outcome' in prepared) {
      files[index] = prepared.outcome;
      options.onFile?.(prepared.outcome);
      return;
    }
    writes.push(async () => {
      const written = await replaceFileAtomically(
        file.absolute,
        prepared.write.original,
        prepared.write.bytes,
        prepared.write.real,
      );
      files[index] = written.ok
        ? { path: file.path, status: 'written', edits: file.edits, diff: '' }
        : failed(file, written.code, written.message);
      options.onFile?.(files[index]);
    });
  });
  const workers = Array.from({ length: Math.min(writeConcurrency, writes.length) }, async () => {
    for (let job = writes.shift(); job; job = writes.shift()) await job();
  });
  await Promise.all(workers);
  return { files, left: plan.left, dryRun: options.dryRun ?? false };
}
