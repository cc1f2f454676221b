// File scanning: walk (gitignore-aware), search bytes for rule prefixes, then parse only what hit.
import type { ScanReport } from '../findings.js';
import { appendAll, compareDiagnostics, compareFindings } from '../findings.js';
import { builtinRules } from '../rules/builtin.js';
import { ruleNeedles } from '../rules/match.js';
import { version } from '../version.js';
import { batchContext, emptyResult, type FileEntry, scanBatch } from './file-batch.js';
import { defaultMaxFileSize, type ScanOptions } from './options.js';
import { Walker } from './walk.js';

export { ChartDetector } from './detect.js';
export { editsStayInScalars, type TextEdit } from './formats/inert-edits.js';
export type { ScanOptions } from './options.js';
export { scanFileText, scanText } from './scan-file.js';

/** Directories between yields to the event loop, so signals and progress get through on a large tree. */
const yieldEvery = 32;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Find every reference the rules match under `paths` (default: the current directory). */
export async function scan(paths: readonly string[] = ['.'], options: ScanOptions = {}): Promise<ScanReport> {
  const cwd = options.cwd ?? process.cwd();
  const rules = options.rules ?? builtinRules;
  const context = batchContext(rules, ruleNeedles(rules), options.maxFileSize ?? defaultMaxFileSize);
  const roots = paths.length > 0 ? [...paths] : ['.'];
  const walker = new Walker(roots, {
    cwd,
    useIgnoreFiles: options.useIgnoreFiles ?? true,
    exclude: options.exclude ?? [],
  });
  const total = emptyResult();

  // Paths that overlap (`scan . deploy/app.yaml`) reach some files twice: each is scanned once.
  const seen = roots.length > 1 ? new Set<string>() : undefined;
  const keep = (files: FileEntry[]) =>
    seen ? files.filter((f) => !seen.has(f.absolute) && seen.add(f.absolute) !== undefined) : files;

  const first = walker.start();
  appendAll(total.errors, first.diagnostics);
  scanBatch(keep(first.files), context, total);
  // Depth first, in sorted order; the report is sorted afterwards anyway.
  const stack = [...first.dirs].reverse();
  for (let listed = 1; stack.length > 0; listed++) {
    const task = stack.pop()!;
    const listing = walker.list(task);
    appendAll(total.errors, listing.diagnostics);
    const before = total.files;
    scanBatch(keep(listing.files), context, total);
    if (total.files > before) options.onProgress?.({ files: total.files, path: task.rel || task.dir });
    for (let i = listing.dirs.length - 1; i >= 0; i--) stack.push(listing.dirs[i]!);
    if (listed % yieldEvery === 0) await nextTurn();
  }

  const findings = total.findings.sort(compareFindings);
  return {
    tool: { name: 'regshift', version },
    findings,
    errors: total.errors.sort(compareDiagnostics),
    summary: { files: total.files, skipped: total.skipped, findings: findings.length },
  };
}
