import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { styleText } from 'node:util';
import type { ScanReport } from '../findings.js';
import type { OutputFormat, Style } from '../report/index.js';
import { plural } from '../report/summary.js';
import { defaultConfigFile, loadConfig, parseRuleFlag, resolveRules } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import { defaultMaxFileSize } from '../scan/options.js';
import { type CliIO, UsageError } from './io.js';

/** Options every command that applies rules accepts, for parseArgs. */
export const ruleOptions = {
  rule: { type: 'string', multiple: true },
  pack: { type: 'string', multiple: true },
  config: { type: 'string' },
} as const;

export const ruleOptionsHelp = `  --rule FROM=TO        add a rule (repeatable), e.g. --rule docker.io/bitnami=docker.io/bitnamilegacy
  --pack NAME           turn on a rule pack (repeatable), e.g. --pack bitnami; \`regshift rules\` lists them
  --config FILE         rules file (default: ${defaultConfigFile} in this directory or the nearest
                        parent, up to the repository's top)`;

/**
 * regshift.yaml in the current directory or the nearest parent, as git finds `.git`; the search stops at
 * the repository's top (a directory holding `.git`), so a file above the repository is never used.
 */
export function nearestConfigFile(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, defaultConfigFile);
    if (existsSync(file)) return file;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return join(resolve(cwd), defaultConfigFile);
  }
}

/** The active rules: built-ins, then the config file (named or the nearest regshift.yaml), then --rule flags. */
export async function rulesFromFlags(
  values: { rule?: string[]; pack?: string[]; config?: string },
  io: CliIO,
): Promise<Rule[]> {
  return (await ruleSetFromFlags(values, io)).rules;
}

/** The active rules and the config file they were read from, if any. */
export async function ruleSetFromFlags(
  values: { rule?: string[]; pack?: string[]; config?: string },
  io: CliIO,
): Promise<{ rules: Rule[]; configFile: string | undefined; repos: string[] }> {
  const flagRules = (values.rule ?? []).map(parseRuleFlag);
  const file = values.config === undefined ? nearestConfigFile(io.cwd) : resolve(io.cwd, values.config);
  const config = await loadConfig(file, { required: values.config !== undefined });
  return {
    rules: resolveRules(config, flagRules, values.pack ?? []),
    configFile: config ? file : undefined,
    repos: config?.repos ?? [],
  };
}

/**
 * A report without the findings in regshift's own config file: its rules name the old prefixes on purpose,
 * and `fix` rewriting them turned `from: docker.io/bitnami` into `from: docker.io/bitnamilegacy`.
 */
export function withoutConfigFile(
  report: ScanReport,
  configFile: string | undefined,
  cwd: string,
): ScanReport {
  if (configFile === undefined) return report;
  const findings = report.findings.filter((f) => f.source !== 'file' || resolve(cwd, f.path) !== configFile);
  if (findings.length === report.findings.length) return report;
  return { ...report, findings, summary: { ...report.summary, findings: findings.length } };
}

export function parseOutputFormat(value: string | undefined, allowed: readonly OutputFormat[]): OutputFormat {
  const format = (value ?? 'table').replace(/^=/, '') as OutputFormat;
  if (!allowed.includes(format)) throw new UsageError(`-o ${value}: choose one of ${allowed.join(', ')}`);
  return format;
}

/** Colour: `--color always|never`, else only on a terminal, and never when NO_COLOR is set. */
export function styleFor(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv,
  color: CliIO['color'] = 'auto',
): Style | undefined {
  if (color === 'never') return undefined;
  if (color === 'auto' && (!stream.isTTY || env['NO_COLOR'] || env['TERM'] === 'dumb')) return undefined;
  const s = (format: Parameters<typeof styleText>[0]) => (text: string) =>
    styleText(format, text, { validateStream: false });
  return { bold: s('bold'), dim: s('dim'), red: s('red'), yellow: s('yellow'), green: s('green') };
}

/** `10MiB`, `500k`, `1048576` → bytes. */
export function parseSize(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(text.trim());
  if (!match) throw new UsageError(`${flag} ${text}: write a size such as 10MiB, 500k or 1048576`);
  const unit = (match[2] ?? 'b').toLowerCase()[0]!;
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(match[1]) * factor);
}

/** A progress line on stderr that rewrites itself, only on a terminal. */
export function progressReporter(io: CliIO, label: string): { update(text: string): void; done(): void } {
  if (!io.stderr.isTTY) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      io.stderr.write(`\r\x1b[2K${label} ${text}`);
    },
    done() {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}

/** Flags that choose which files a command reads (scan, fix), for parseArgs. */
export const walkOptions = {
  quiet: { type: 'boolean', short: 'q' },
  'no-ignore': { type: 'boolean' },
  exclude: { type: 'string', multiple: true },
  'max-file-size': { type: 'string' },
} as const;

/** Scan options from the walk flags, one to one. */
export function walkOptionsFromFlags(values: {
  'no-ignore'?: boolean;
  exclude?: string[];
  'max-file-size'?: string;
}) {
  return {
    useIgnoreFiles: !values['no-ignore'],
    exclude: values.exclude ?? [],
    maxFileSize: values['max-file-size']
      ? parseSize(values['max-file-size'], '--max-file-size')
      : defaultMaxFileSize,
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
export function refuseStdinPath(positionals: readonly string[], command: string): void {
  if (positionals.includes('-'))
    throw new UsageError(
      `${command} reads files and directories, not standard input ("-"); name a path, or save the input to a file first`,
    );
}

/** Which clusters and objects to read: the flags `cluster` and `patch` share (parseArgs options). */
export const clusterSelectionOptions = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  'all-contexts': { type: 'boolean' },
  namespace: { type: 'string', short: 'n' },
  namespaces: { type: 'string' },
  'all-namespaces': { type: 'boolean', short: 'A' },
  selector: { type: 'string', short: 'l' },
} as const;
