import { terminalText } from '../../report/escape.js';
import { fixLeftList, fixSummary, renderFixTable } from '../../report/fix-table.js';
import { withHint } from '../../report/summary.js';
import { applyFixes, type FixResult, planFixes } from '../../rewrite/index.js';
import { version } from '../../version.js';
import { chartValueEdits } from '../chart-values.js';
import { defineCommand } from '../command.js';
import { progressReporter, ruleFlags, styleFor } from '../common.js';
import { scanFromFlags, unscannedProblem, walkFlags } from '../file-scan.js';
import { flag, type Values } from '../flags.js';
import { type CliIO, type Command, exitCodes } from '../io.js';
import { whileCleaningUpOnSignal } from '../signals.js';

const failOns = ['image', 'any', 'none'] as const;
type FailOn = (typeof failOns)[number];

const flags = {
  to: flag.registryPrefix(
    'PREFIX',
    "send every matched reference to PREFIX instead of the rules' targets\n(a private mirror): k8s.gcr.io/pause:3.2 → PREFIX/pause:3.2",
    'FIX_TARGET_INVALID',
  ),
  'dry-run': flag.switch('write nothing; print a unified diff (git apply accepts it)'),
  'helm-allow-substituted-images': flag.switch(
    "in Helm values files whose images a rule moved off a chart's own registry\n(the bitnami pack), also set the value the chart needs to accept them\n(global.security.allowInsecureImages: true); never done unasked",
  ),
  output: flag.output(['table', 'json'], 'table or json (the edits, files and what was left)', 'table'),
  'fail-on': flag.choice(
    'WHAT',
    failOns,
    "what, still in the tree afterwards, makes the exit code 1: image (an\nimage or registry reference not rewritten, such as a report-only rule's,\nor every pending one in a dry run), any (mentions and policies too), none\n(default {default})",
    { default: 'image' },
  ),
  ...walkFlags,
  quiet: flag.switch('print nothing but the files that failed', { short: 'q' }),
  'no-ignore': flag.switch('also fix files that .gitignore / .ignore exclude'),
  ...ruleFlags,
};

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

async function run(values: Values<typeof flags>, positionals: string[], io: CliIO): Promise<number> {
  const format = values.output;
  const failOn = values['fail-on'];
  const progress = values.quiet ? { update() {}, done() {} } : progressReporter(io, 'fixing');
  const { rules, scanned, report } = await scanFromFlags('fix', positionals, values, io, ({ files }) =>
    progress.update(`scanned ${files} files`),
  );
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
  const chart = chartValueEdits(rules, values['helm-allow-substituted-images']);
  const result = await whileCleaningUpOnSignal(() =>
    applyFixes(plan, {
      dryRun: values['dry-run'],
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
    io.stderr.write(`${fixLeftList(result)}${fixSummary(result)}\n`);
  } else {
    const style = styleFor(io.stdout, io.env, io.color);
    io.stdout.write(terminalText(renderFixTable(result, style), style !== undefined));
  }
  for (const message of chart.messages) io.stderr.write(`regshift fix: ${message}\n`);
  if (format !== 'json') {
    for (const e of report.errors) io.stderr.write(`regshift fix: ${e.path}: ${e.code}: ${withHint(e)}\n`);
    for (const f of result.files)
      if (f.error) io.stderr.write(`regshift fix: ${f.path}: ${f.error.code}: ${f.error.message}\n`);
  }
  return fixExitCode(result, failOn);
}

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

export const fixCommand: Command = defineCommand({
  name: 'fix',
  usage: ['regshift fix [PATH...] [options]'],
  description: `Rewrite the image and registry references that \`regshift scan\` finds, in place. Only the matched prefix
changes; every other byte stays. Each file is verified (re-scanned and re-parsed) before an atomic write.
Never rewritten: mentions, policies (deny-lists), report-only rules, lookalike hosts, binary and ignored
files, and Kustomize selectors whose images live outside the paths given.`,
  flags,
  more: `Exit codes: 0 everything rewritten (nothing left that --fail-on counts), so \`regshift fix && git commit\`
works; 1 a file failed, or references remain that --fail-on counts (in a dry run: the pending rewrites);
2 usage or fatal error, or nothing could be checked (nothing is written then).
Examples:
  regshift fix --dry-run > migrate.patch && git apply --check migrate.patch
  regshift fix deploy/ charts/
  regshift fix --to registry.example.com/k8s   # after \`regshift mirror --to registry.example.com/k8s\`
`,
  run,
});
