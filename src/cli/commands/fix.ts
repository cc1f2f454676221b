import { parseArgs } from 'node:util';
import { terminalText } from '../../report/escape.js';
import { plural, withHint } from '../../report/summary.js';
import { applyFixes, type FixResult, planFixes } from '../../rewrite/index.js';
import { scan } from '../../scan/index.js';
import { version } from '../../version.js';
import { chartValueEdits } from '../chart-values.js';
import {
  parseOutputFormat,
  progressReporter,
  refuseStdinPath,
  ruleOptions,
  ruleOptionsHelp,
  ruleSetFromFlags,
  styleFor,
  unscannedProblem,
  walkOptions,
  walkOptionsFromFlags,
  withoutConfigFile,
} from '../common.js';
import { type CliIO, type Command, exitCodes, UsageError } from '../io.js';
import { whileCleaningUpOnSignal } from '../signals.js';

const usage = `Usage: regshift fix [PATH...] [options]

Rewrite the image and registry references that \`regshift scan\` finds, in place. Only the matched prefix
changes; every other byte stays. Each file is verified (re-scanned and re-parsed) before an atomic write.
Never rewritten: mentions, policies (deny-lists), report-only rules, lookalike hosts, binary and ignored
files, and Kustomize selectors whose images live outside the paths given.

Options:
  --to PREFIX           send every matched reference to PREFIX instead of the rules' targets
                        (a private mirror): k8s.gcr.io/pause:3.2 → PREFIX/pause:3.2
  --dry-run             write nothing; print a unified diff (git apply accepts it)
  --helm-allow-substituted-images
                        in Helm values files whose images a rule moved off a chart's own registry
                        (the bitnami pack), also set the value the chart needs to accept them
                        (global.security.allowInsecureImages: true); never done unasked
  -o, --output FORMAT   table (default) or json (the edits, files and what was left)
  --fail-on WHAT        what, still in the tree afterwards, makes the exit code 1: image (default:
                        an image or registry reference not rewritten, such as a report-only rule's,
                        or every pending one in a dry run), any (mentions and policies too), none
  -q, --quiet           print nothing but the files that failed
  --no-ignore           also fix files that .gitignore / .ignore exclude
  --exclude GLOB        leave out paths matching a gitignore-style glob (repeatable)
  --max-file-size SIZE  skip larger files (default 10MiB)
  --threads N           threads that share the walk on large trees (default 1; may help
                        on many cores and large files, measured no faster on 2 cores)
${ruleOptionsHelp}
  -h, --help            show this help

Exit codes: 0 everything rewritten (nothing left that --fail-on counts), so \`regshift fix && git commit\`
works; 1 a file failed, or references remain that --fail-on counts (in a dry run: the pending rewrites);
2 usage or fatal error, or nothing could be checked (nothing is written then).
Examples:
  regshift fix --dry-run > migrate.patch && git apply --check migrate.patch
  regshift fix deploy/ charts/
  regshift fix --to registry.example.com/k8s   # after \`regshift mirror --to registry.example.com/k8s\`
`;

function leftSummary(result: FixResult): string {
  if (result.left.length === 0) return '';
  const counts = new Map<string, number>();
  for (const l of result.left) counts.set(l.reason, (counts.get(l.reason) ?? 0) + 1);
  return `; left ${result.left.length} (${[...counts].map(([reason, n]) => `${n} ${reason}`).join(', ')})`;
}

export function fixSummary(result: FixResult): string {
  const done = result.files.filter((f) => f.status !== 'failed');
  const edits = done.reduce((n, f) => n + f.edits.length, 0);
  const failed = result.files.length - done.length;
  const verb = result.dryRun ? 'Would rewrite' : 'Rewrote';
  return `${verb} ${plural(edits, 'reference')} in ${plural(done.length, 'file')}${leftSummary(result)}${failed > 0 ? `; ${plural(failed, 'file')} failed` : ''}`;
}

function leftList(result: FixResult): string {
  if (result.left.length === 0) return '';
  const lines = result.left.map(
    (l) => `  ${l.path}:${l.line}:${l.column}  ${l.match}  (${l.reason}: ${l.message})`,
  );
  return `Left as they are:\n${lines.join('\n')}\n\n`;
}

function renderTable(result: FixResult, io: CliIO): string {
  const style = styleFor(io.stdout, io.env, io.color);
  const green = style?.green ?? ((t: string) => t);
  const lines: string[] = [];
  for (const file of result.files) {
    if (file.status === 'failed') continue;
    lines.push(style?.bold(file.path) ?? file.path);
    for (const e of file.edits) lines.push(`  ${e.line}:${e.column}  ${e.before} → ${green(e.after)}`);
  }
  if (lines.length > 0) lines.push('');
  return `${lines.join('\n')}${lines.length > 0 ? '\n' : ''}${leftList(result)}${fixSummary(result)}\n`;
}

function renderJson(result: FixResult, scanErrors: unknown[]): string {
  const edits = result.files
    .filter((f) => f.status !== 'failed')
    .flatMap((f) =>
      f.edits.map(({ path, line, column, before, after }) => ({ path, line, column, before, after })),
    );
  const files = result.files.map((f) => ({
    path: f.path,
    status: f.status,
    edits: f.edits.length,
    ...(f.error ? { error: f.error } : {}),
  }));
  const errors = [...scanErrors, ...result.files.flatMap((f) => (f.error ? [f.error] : []))];
  const failed = files.filter((f) => f.status === 'failed').length;
  const summary = { files: files.length - failed, edits: edits.length, failed, left: result.left.length };
  const tool = { name: 'regshift', version };
  const body = {
    tool,
    command: 'fix',
    dryRun: result.dryRun,
    edits,
    files,
    left: result.left,
    errors,
    summary,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'helm-allow-substituted-images': { type: 'boolean' },
      'fail-on': { type: 'string' },
      output: { type: 'string', short: 'o' },
      ...walkOptions,
      ...ruleOptions,
    },
  });
  const format = parseOutputFormat(values.output, ['table', 'json']);
  const failOn = (values['fail-on'] ?? 'image') as FailOn;
  if (!['any', 'image', 'none'].includes(failOn))
    throw new UsageError(`--fail-on ${failOn}: choose image, any or none`);
  refuseStdinPath(positionals, 'fix');
  const { rules, configFile } = await ruleSetFromFlags(values, io);
  const progress = values.quiet ? { update() {}, done() {} } : progressReporter(io, 'fixing');
  const scanned = await scan(positionals, {
    cwd: io.cwd,
    rules,
    ...walkOptionsFromFlags(values),
    onProgress: ({ files }) => progress.update(`scanned ${files} files`),
  });
  const report = withoutConfigFile(scanned, configFile, io.cwd);
  const problem = unscannedProblem(scanned);
  if (problem) {
    progress.done();
    for (const e of scanned.errors) io.stderr.write(`regshift fix: ${e.path}: ${e.code}: ${withHint(e)}\n`);
    io.stderr.write(`regshift fix: error: ${problem}; nothing was written\n`);
    return exitCodes.usage;
  }
  const plan = planFixes(report, {
    cwd: io.cwd,
    rules,
    ...(values.to !== undefined ? { to: values.to } : {}),
  });
  let done = 0;
  const chart = chartValueEdits(rules, values['helm-allow-substituted-images'] ?? false);
  const result = await whileCleaningUpOnSignal(() =>
    applyFixes(plan, {
      dryRun: values['dry-run'] ?? false,
      rules,
      extraEdit: chart.extraEdit,
      onFile: () => progress.update(`${++done}/${plan.files.length} files`),
    }),
  );
  progress.done();
  if (values.quiet) {
    for (const f of result.files)
      if (f.error) io.stderr.write(`regshift fix: ${f.path}: ${f.error.code}: ${f.error.message}\n`);
    return fixExitCode(result, failOn);
  }
  if (format === 'json') io.stdout.write(renderJson(result, report.errors));
  else if (result.dryRun) {
    io.stdout.write(result.files.map((f) => f.diff).join(''));
    io.stderr.write(leftList(result) + `${fixSummary(result)}\n`);
  } else
    io.stdout.write(
      terminalText(renderTable(result, io), styleFor(io.stdout, io.env, io.color) !== undefined),
    );
  for (const message of chart.messages) io.stderr.write(`regshift fix: ${message}\n`);
  if (format !== 'json') {
    for (const e of report.errors) io.stderr.write(`regshift fix: ${e.path}: ${e.code}: ${withHint(e)}\n`);
    for (const f of result.files)
      if (f.error) io.stderr.write(`regshift fix: ${f.path}: ${f.error.code}: ${f.error.message}\n`);
  }
  return fixExitCode(result, failOn);
}

type FailOn = 'any' | 'image' | 'none';

/** 1 when a file failed, or when what is still in the tree (pending in a dry run) is what --fail-on counts. */
export function fixExitCode(result: FixResult, failOn: FailOn): number {
  if (result.files.some((f) => f.status === 'failed')) return exitCodes.findings;
  if (failOn === 'none') return exitCodes.ok;
  const pending = result.dryRun && result.files.some((f) => f.edits.length > 0);
  const left = result.left.filter(
    (l) => failOn === 'any' || l.reason === 'report-only' || l.reason === 'kustomize-selector',
  );
  return pending || left.length > 0 ? exitCodes.findings : exitCodes.ok;
}

export const fixCommand: Command = {
  name: 'fix',
  summary: 'rewrite those references in place (byte-exact, verified)',
  usage,
  run,
};
