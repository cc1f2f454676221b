// File scanning: walk (gitignore-aware), search bytes for rule prefixes, then parse only what hit.
import { availableParallelism } from 'node:os';
import type { ScanReport } from '../findings.js';
import { appendAll, compareDiagnostics, compareFindings } from '../findings.js';
import { builtinRules } from '../rules/builtin.js';
import { ruleNeedles } from '../rules/match.js';
import { version } from '../version.js';
import {
  type BatchResult,
  batchContext,
  emptyResult,
  type FileEntry,
  scanBatch,
  scanDirectory,
} from './file-batch.js';
import { defaultMaxFileSize, type ScanOptions } from './options.js';
import { HelperPool, workersAvailable } from './parallel.js';
import { sharedWalk } from './shared-walk.js';
import { type DirTask, Walker } from './walk.js';

export type { ScanOptions } from './options.js';
export { scanFileText } from './scan-file.js';

function merge(into: BatchResult, result: BatchResult): void {
  appendAll(into.findings, result.findings);
  appendAll(into.errors, result.errors);
  into.files += result.files;
  into.skipped += result.skipped;
}

/** Find every reference the rules match under `paths` (default: the current directory). */
export async function scan(paths: readonly string[] = ['.'], options: ScanOptions = {}): Promise<ScanReport> {
  const cwd = options.cwd ?? process.cwd();
  const rules = options.rules ?? builtinRules;
  const maxFileSize = options.maxFileSize ?? defaultMaxFileSize;
  const needles = ruleNeedles(rules);
  const context = batchContext(rules, needles, maxFileSize);
  const walkOptions = { cwd, useIgnoreFiles: options.useIgnoreFiles ?? true, exclude: options.exclude ?? [] };
  const roots = paths.length > 0 ? [...paths] : ['.'];
  const walker = new Walker(roots, walkOptions);
  const total = emptyResult();

  // Paths that overlap (`scan . deploy/app.yaml`) reach some files twice: each is scanned once, and
  // such scans stay on one thread, where that is simple to keep.
  const seen = roots.length > 1 ? new Set<string>() : undefined;
  const keep = seen
    ? (file: FileEntry) => !seen.has(file.absolute) && seen.add(file.absolute) !== undefined
    : undefined;
  const threads = seen ? 1 : Math.min(options.threads ?? 1, availableParallelism() * 2);

  const first = walker.start();
  appendAll(total.errors, first.diagnostics);
  scanBatch(keep ? first.files.filter(keep) : first.files, context, total);
  const local = (task: DirTask) => {
    const before = total.files;
    const subdirs = scanDirectory(walker, task, context, total, keep);
    if (total.files > before) options.onProgress?.({ files: total.files, path: task.rel || task.dir });
    return subdirs;
  };
  const startHelpers =
    threads > 1 && workersAvailable
      ? (take: (tasks: DirTask[], skip?: readonly string[]) => void) =>
          new HelperPool(
            threads - 1,
            { paths: roots, walkOptions, rules, needles, maxFileSize },
            { tasks: take, result: (result) => merge(total, result) },
          )
      : undefined;
  await sharedWalk(first.dirs, local, startHelpers);

  const findings = total.findings.sort(compareFindings);
  return {
    tool: { name: 'regshift', version },
    findings,
    errors: total.errors.sort(compareDiagnostics),
    summary: { files: total.files, skipped: total.skipped, findings: findings.length },
  };
}
