// File scanning: walk (gitignore-aware), search bytes for rule prefixes, then parse only what hit.
import type { Diagnostic, Finding, ScanReport } from '../findings.js';
import { compareDiagnostics, compareFindings } from '../findings.js';
import { builtinRules } from '../rules/builtin.js';
import { ruleNeedles } from '../rules/match.js';
import { version } from '../version.js';
import { ChartDetector } from './detect.js';
import { defaultMaxFileSize, type ScanOptions } from './options.js';
import { containsAny, isBinary, readFileChecked } from './read.js';
import { scanFileBytes } from './scan-file.js';
import { walk } from './walk.js';

export type { ScanOptions } from './options.js';
export { scanFileText } from './scan-file.js';

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes} bytes`;
}

/** Find every reference the rules match under `paths` (default: the current directory). */
export async function scan(paths: readonly string[] = ['.'], options: ScanOptions = {}): Promise<ScanReport> {
  const cwd = options.cwd ?? process.cwd();
  const rules = options.rules ?? builtinRules;
  const maxFileSize = options.maxFileSize ?? defaultMaxFileSize;
  const needles = ruleNeedles(rules);
  const needleBytes = needles.map((n) => Buffer.from(n));
  const charts = new ChartDetector();
  const findings: Finding[] = [];
  const errors: Diagnostic[] = [];
  const seen = new Set<string>();
  let files = 0;
  let skipped = 0;

  const walkOptions = { cwd, useIgnoreFiles: options.useIgnoreFiles ?? true, exclude: options.exclude ?? [] };
  for (const event of walk(paths.length > 0 ? paths : ['.'], walkOptions)) {
    if (event.type === 'diagnostic') {
      errors.push(event.diagnostic);
      continue;
    }
    if (seen.has(event.absolute)) continue;
    seen.add(event.absolute);
    const outcome = readFileChecked(event.absolute, maxFileSize);
    if (outcome.kind === 'error') {
      errors.push({
        path: event.path,
        code: outcome.code === 'EACCES' ? 'UNREADABLE' : 'READ_ERROR',
        message: `cannot read file: ${outcome.code}`,
      });
      continue;
    }
    if (outcome.kind === 'too-large') {
      skipped++;
      errors.push({
        path: event.path,
        code: 'FILE_TOO_LARGE',
        message: `skipped: ${formatSize(outcome.size)} is over --max-file-size (${formatSize(maxFileSize)})`,
      });
      continue;
    }
    if (isBinary(outcome.bytes)) {
      skipped++;
      continue;
    }
    files++;
    if (containsAny(outcome.bytes, needleBytes)) {
      const result = scanFileBytes(
        { absolute: event.absolute, path: event.path, bytes: outcome.bytes },
        rules,
        needles,
        charts,
      );
      findings.push(...result.findings);
      errors.push(...result.errors);
    }
    options.onProgress?.({ files, path: event.path });
    // Let timers and signals run between files on long scans.
    if (files % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  findings.sort(compareFindings);
  errors.sort(compareDiagnostics);
  return {
    tool: { name: 'regshift', version },
    findings,
    errors,
    summary: { files, skipped, findings: findings.length },
  };
}
