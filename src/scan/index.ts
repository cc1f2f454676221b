// File scanning: walk (gitignore-aware), search bytes for rule prefixes, then parse only what hit.
import type { Diagnostic, Finding, ScanReport } from '../findings.js';
import { compareDiagnostics, compareFindings } from '../findings.js';
import { builtinRules } from '../rules/builtin.js';
import { ruleNeedles } from '../rules/match.js';
import { version } from '../version.js';
import { type BatchResult, batchContext, type FileEntry, scanBatch } from './file-batch.js';
import { defaultMaxFileSize, type ScanOptions } from './options.js';
import { ScanPool, workersAvailable } from './parallel.js';
import { walk } from './walk.js';

export type { ScanOptions } from './options.js';
export { scanFileText } from './scan-file.js';

const batchSize = 256;
/** Threads cost a start-up each; below this many files one thread is faster. */
const parallelThreshold = 1024;

/** Find every reference the rules match under `paths` (default: the current directory). */
export async function scan(paths: readonly string[] = ['.'], options: ScanOptions = {}): Promise<ScanReport> {
  const cwd = options.cwd ?? process.cwd();
  const rules = options.rules ?? builtinRules;
  const maxFileSize = options.maxFileSize ?? defaultMaxFileSize;
  const needles = ruleNeedles(rules);
  const context = batchContext(rules, needles, maxFileSize);
  const threads = options.threads ?? 1;
  const errors: Diagnostic[] = [];
  const pending: Promise<BatchResult>[] = [];
  const seen = new Set<string>();
  let pool: ScanPool | undefined;
  let batch: FileEntry[] = [];
  let done = 0;

  const report = (result: BatchResult, last: string | undefined) => {
    done += result.files;
    if (last !== undefined) options.onProgress?.({ files: done, path: last });
    return result;
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const entries = batch;
    batch = [];
    if (!pool && threads > 1 && workersAvailable && seen.size >= parallelThreshold) {
      pool = new ScanPool(threads, { rules, needles, maxFileSize }, context);
    }
    const last = entries.at(-1)?.path;
    if (pool) pending.push(pool.submit(entries).then((r) => report(r, last)));
    else {
      pending.push(Promise.resolve(report(scanBatch(entries, context), last)));
      // Let timers and signals run between batches on long in-process scans.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  try {
    const walkOptions = {
      cwd,
      useIgnoreFiles: options.useIgnoreFiles ?? true,
      exclude: options.exclude ?? [],
    };
    for (const event of walk(paths.length > 0 ? paths : ['.'], walkOptions)) {
      if (event.type === 'diagnostic') {
        errors.push(event.diagnostic);
        continue;
      }
      if (seen.has(event.absolute)) continue;
      seen.add(event.absolute);
      batch.push({ absolute: event.absolute, path: event.path });
      if (batch.length === batchSize) await flush();
    }
    await flush();
    const results = await Promise.all(pending);
    const findings: Finding[] = results.flatMap((r) => r.findings).sort(compareFindings);
    errors.push(...results.flatMap((r) => r.errors));
    errors.sort(compareDiagnostics);
    const files = results.reduce((n, r) => n + r.files, 0);
    const skipped = results.reduce((n, r) => n + r.skipped, 0);
    return {
      tool: { name: 'regshift', version },
      findings,
      errors,
      summary: { files, skipped, findings: findings.length },
    };
  } finally {
    await pool?.close();
  }
}
