import { resolve } from 'node:path';
import { styleText } from 'node:util';
import type { ScanReport } from '../findings.js';
import type { OutputFormat, Style } from '../report/index.js';
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
  --config FILE         rules file (default: ./${defaultConfigFile} when present)`;

/** The active rules: built-ins, then the config file (named or ./regshift.yaml), then --rule flags. */
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
  const file = resolve(io.cwd, values.config ?? defaultConfigFile);
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
  const format = (value ?? 'table') as OutputFormat;
  if (!allowed.includes(format)) throw new UsageError(`-o ${value}: choose one of ${allowed.join(', ')}`);
  return format;
}

/** Colour only on a terminal, and never when NO_COLOR is set. */
export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Style | undefined {
  if (!stream.isTTY || env['NO_COLOR'] || env['TERM'] === 'dumb') return undefined;
  const s = (format: Parameters<typeof styleText>[0]) => (text: string) => styleText(format, text);
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
  'no-ignore': { type: 'boolean' },
  exclude: { type: 'string', multiple: true },
  'max-file-size': { type: 'string' },
  threads: { type: 'string' },
} as const;

/** Scan options from the walk flags, one to one. */
export function walkOptionsFromFlags(values: {
  'no-ignore'?: boolean;
  exclude?: string[];
  'max-file-size'?: string;
  threads?: string;
}) {
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) {
    throw new UsageError(`--threads ${values.threads}: write a whole number from 1 to 64`);
  }
  return {
    useIgnoreFiles: !values['no-ignore'],
    exclude: values.exclude ?? [],
    maxFileSize: values['max-file-size']
      ? parseSize(values['max-file-size'], '--max-file-size')
      : defaultMaxFileSize,
    ...(threads !== undefined ? { threads } : {}),
  };
}
