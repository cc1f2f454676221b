import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { styleText } from 'node:util';
import type { Style } from '../report/index.js';
import { defaultConfigFile, loadConfig, parseRuleFlag, resolveRules } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import { flag, type Values } from './flags.js';
import { type CliIO, UsageError } from './io.js';

export type RuleFlagValues = Values<typeof ruleFlags>;

/** Flags of every command that applies rules. */
export const ruleFlags = {
  rule: flag.list(
    'FROM=TO',
    'add a rule (repeatable), e.g. --rule docker.io/bitnami=docker.io/bitnamilegacy',
  ),
  pack: flag.list(
    'NAME',
    'turn on a rule pack (repeatable), e.g. --pack bitnami; `regshift rules` lists them',
  ),
  config: flag.text(
    'FILE',
    `rules file (default: ${defaultConfigFile} in this directory or the nearest\nparent, up to the repository's top)`,
  ),
};

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
export async function rulesFromFlags(values: RuleFlagValues, io: CliIO): Promise<Rule[]> {
  return (await ruleSetFromFlags(values, io)).rules;
}

/** The active rules and the config file they were read from, if any. */
export async function ruleSetFromFlags(
  values: RuleFlagValues,
  io: CliIO,
): Promise<{ rules: Rule[]; configFile: string | undefined; repos: string[] }> {
  const flagRules = values.rule.map(parseRuleFlag);
  const file = values.config === undefined ? nearestConfigFile(io.cwd) : resolve(io.cwd, values.config);
  const config = await loadConfig(file, { required: values.config !== undefined });
  return {
    rules: resolveRules(config, flagRules, values.pack),
    configFile: config ? file : undefined,
    repos: config?.repos ?? [],
  };
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

/** Which clusters and objects to read: the flags `cluster` and `patch` share. */
export const clusterSelectionFlags = {
  kubeconfig: flag.text('FILE', 'default: $KUBECONFIG, ~/.kube/config, then in-cluster config'),
  context: flag.text('NAME', 'a kubeconfig context (default: the current one)'),
  'all-contexts': flag.switch('every context in the kubeconfig, concurrently, each result labelled'),
  namespace: flag.text('NS', 'only this namespace (Nodes are then not read)', { short: 'n' }),
  namespaces: flag.text(
    'A,B',
    "only these namespaces; also where a scan falls back when it may not list\nnamespaces (default fallback: the kubeconfig context's namespace)",
  ),
  'all-namespaces': flag.switch('every namespace (the default)', { short: 'A' }),
  selector: flag.text('SEL', 'a label selector for workloads and pods, e.g. app=web', { short: 'l' }),
};

/** `-n` with `-A`, `--context` with `--all-contexts`: said before anything is read. */
export function refuseContradictions(values: Values<typeof clusterSelectionFlags>): void {
  if (values.namespace !== undefined && values['all-namespaces'])
    throw new UsageError('-n and -A contradict each other: choose one namespace or all of them');
  if (values.context !== undefined && values['all-contexts'])
    throw new UsageError('--context and --all-contexts contradict each other');
}

/** `--namespaces A,B` as names, each checked (they go into request paths). */
export function namespacesFromFlags(values: Values<typeof clusterSelectionFlags>): { namespaces?: string[] } {
  const list = values.namespaces;
  if (list === undefined) return {};
  if (values.namespace !== undefined)
    throw new UsageError('-n and --namespaces contradict each other: choose one');
  const namespaces = list.split(',').map((n) => n.trim());
  if (namespaces.some((n) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n)))
    throw new UsageError(`--namespaces ${list}: give namespace names separated by commas`);
  return { namespaces };
}
