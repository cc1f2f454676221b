import { appendAll, type Diagnostic, type Finding } from '../findings.js';
import type { Rule } from '../rules/types.js';
import { ChartDetector } from './detect.js';
import { type NeedleSearch, needleSearch } from './needles.js';
import { isBinary, readFileChecked, utf16AsUtf8 } from './read.js';
import { scanFileBytes } from './scan-file.js';
import type { FileEntry } from './walk.js';
import { unreadableHint } from './walk-problems.js';

export type { FileEntry } from './walk.js';

export interface BatchResult {
  findings: Finding[];
  errors: Diagnostic[];
  files: number;
  skipped: number;
}

/** What the scan keeps between files. */
export interface BatchContext {
  rules: readonly Rule[];
  needles: readonly string[];
  search: NeedleSearch;
  maxFileSize: number;
  charts: ChartDetector;
}

export function batchContext(
  rules: readonly Rule[],
  needles: readonly string[],
  maxFileSize: number,
): BatchContext {
  return {
    rules,
    needles,
    search: needleSearch(needles),
    maxFileSize,
    charts: new ChartDetector(),
  };
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes} bytes`;
}

export function emptyResult(): BatchResult {
  return { findings: [], errors: [], files: 0, skipped: 0 };
}

/**
 * Read, classify and scan files: unreadable and oversized files become diagnostics, binary files are counted
 * as skipped, and only files whose bytes hold a rule prefix are decoded and parsed.
 */
export function scanBatch(
  entries: readonly FileEntry[],
  context: BatchContext,
  result: BatchResult = emptyResult(),
): BatchResult {
  for (const entry of entries) {
    const outcome = readFileChecked(entry.absolute, context.maxFileSize);
    if (outcome.kind === 'error') {
      const unreadable = outcome.code === 'EACCES';
      result.errors.push({
        path: entry.path,
        code: unreadable ? 'UNREADABLE' : 'READ_ERROR',
        message: `cannot read file: ${outcome.code}`,
        ...(unreadable ? { hint: unreadableHint } : {}),
      });
      continue;
    }
    if (outcome.kind === 'too-large') {
      result.skipped++;
      const message = `skipped: ${formatSize(outcome.size)} is over --max-file-size (${formatSize(context.maxFileSize)})`;
      const hint = 'Raise --max-file-size to scan it.';
      result.errors.push({ path: entry.path, code: 'FILE_TOO_LARGE', message, hint });
      continue;
    }
    const bytes = utf16AsUtf8(outcome.bytes) ?? outcome.bytes;
    if (isBinary(bytes)) {
      result.skipped++;
      continue;
    }
    result.files++;
    if (!context.search.inBytes(bytes)) continue;
    const scanned = scanFileBytes({ ...entry, bytes }, context.rules, context.needles, context.charts);
    appendAll(result.findings, scanned.findings);
    appendAll(result.errors, scanned.errors);
  }
  return result;
}
