// How scan and fix read files: the paths given, the walk flags, the active rules, and regshift.yaml's own
// rules left out of what they report.
import { resolve } from 'node:path';
import type { ScanReport } from '../findings.js';
import { plural } from '../report/summary.js';
import { scan } from '../scan/index.js';
import { defaultMaxFileSize } from '../scan/options.js';
import { type RuleFlagValues, ruleSetFromFlags } from './common.js';
import { flag, type Values } from './flags.js';
import { type CliIO, UsageError } from './io.js';

/** Flags that choose which files a command reads (scan, fix). */
export const walkFlags = {
  quiet: flag.switch('print nothing; the exit code answers (fatal errors are still said)', { short: 'q' }),
  'no-ignore': flag.switch('also scan files that .gitignore / .ignore exclude'),
  exclude: flag.list('GLOB', 'leave out paths matching a gitignore-style glob (repeatable)'),
  'max-file-size': flag.size('skip (and report) larger files', { default: defaultMaxFileSize }),
};

/** Scan options from the walk flags, one to one. */
function walkOptionsFromFlags(values: Values<typeof walkFlags>) {
  return {
    useIgnoreFiles: !values['no-ignore'],
    exclude: values.exclude,
    maxFileSize: values['max-file-size'],
  };
}

/** Diagnostics that mean a path named on the command line was not read at all. */
const namedPathCodes = new Set(['PATH_NOT_FOUND', 'NOT_A_FILE']);

/**
 * Why a file scan must exit 2 although it ran: nothing could be read, or a path the user named could
 * not be. A gate must never pass because it saw nothing (a typo in a CI path).
 */
export function unscannedProblem(report: ScanReport): string | undefined {
  if (report.summary.files === 0 && report.errors.length > 0)
    return `nothing could be checked: no file was read (${plural(report.errors.length, 'problem')})`;
  const named = report.errors.filter((e) => namedPathCodes.has(e.code)).map((e) => e.path);
  if (named.length > 0) return `${named.join(', ')} could not be read; the rest was checked`;
  return undefined;
}

/** scan and fix read files; `-` (stdin) would otherwise be looked up as a file called "-". */
function refuseStdinPath(positionals: readonly string[], command: string): void {
  if (positionals.includes('-'))
    throw new UsageError(
      `${command} reads files and directories, not standard input ("-"); name a path, or save the input to a file first`,
    );
}

/**
 * A report without the findings in regshift's own config file: its rules name the old prefixes on purpose,
 * and `fix` rewriting them turned `from: docker.io/bitnami` into `from: docker.io/bitnamilegacy`.
 */
function withoutConfigFile(report: ScanReport, configFile: string | undefined, cwd: string): ScanReport {
  if (configFile === undefined) return report;
  const findings = report.findings.filter((f) => f.source !== 'file' || resolve(cwd, f.path) !== configFile);
  if (findings.length === report.findings.length) return report;
  return { ...report, findings, summary: { ...report.summary, findings: findings.length } };
}

/**
 * Scan the paths as the flags say, with the active rules: `scanned` is everything read, `report` leaves
 * out regshift.yaml's own rules (they name the old prefixes on purpose).
 */
export async function scanFromFlags(
  command: 'scan' | 'fix',
  positionals: string[],
  values: Values<typeof walkFlags> & RuleFlagValues,
  io: CliIO,
  onProgress: (progress: { files: number; path: string }) => void,
) {
  refuseStdinPath(positionals, command);
  const { rules, configFile } = await ruleSetFromFlags(values, io);
  const scanned = await scan(positionals, {
    cwd: io.cwd,
    rules,
    ...walkOptionsFromFlags(values),
    onProgress,
  });
  return { rules, scanned, report: withoutConfigFile(scanned, configFile, io.cwd) };
}
