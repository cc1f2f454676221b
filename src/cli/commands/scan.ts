import { basename } from 'node:path';
import type { Finding } from '../../findings.js';
import { terminalText } from '../../report/escape.js';
import { outputFormats, renderHtmlOf, renderReport } from '../../report/index.js';
import { withHint } from '../../report/summary.js';
import { version } from '../../version.js';
import { defineCommand } from '../command.js';
import { progressReporter, ruleFlags, styleFor } from '../common.js';
import { scanFromFlags, unscannedProblem, walkFlags } from '../file-scan.js';
import { flag, type Values } from '../flags.js';
import { type CliIO, type Command, exitCodes } from '../io.js';

const failOns = ['any', 'image', 'none'] as const;
type FailOn = (typeof failOns)[number];

const flags = {
  output: flag.output(
    outputFormats,
    'table, json, sarif, markdown, csv, html (one self-contained page)',
    'table',
  ),
  'fail-on': flag.choice(
    'WHAT',
    failOns,
    'what makes the exit code 1: any, image (image and registry findings\nonly), none',
    { default: 'any' },
  ),
  ...walkFlags,
  ...ruleFlags,
};

export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): number {
  if (failOn === 'none') return exitCodes.ok;
  const counted =
    failOn === 'image' ? findings.filter((f) => f.kind === 'image' || f.kind === 'registry') : findings;
  return counted.length > 0 ? exitCodes.findings : exitCodes.ok;
}

async function run(values: Values<typeof flags>, positionals: string[], io: CliIO): Promise<number> {
  const format = values.output;
  const progress = values.quiet ? { update() {}, done() {} } : progressReporter(io, 'scanning');
  const { report } = await scanFromFlags('scan', positionals, values, io, ({ files, path }) =>
    progress.update(`${files} files… ${path}`),
  );
  progress.done();
  const style = format === 'table' ? styleFor(io.stdout, io.env, io.color) : undefined;
  const rendered =
    format === 'html'
      ? renderHtmlOf(report, basename(io.cwd) || 'repository', { version })
      : renderReport(report, format, style, io.cwd);
  // --quiet: the exit code alone answers; only a fatal problem is said.
  if (!values.quiet)
    io.stdout.write(format === 'table' ? terminalText(rendered, style !== undefined) : rendered);
  if (format !== 'json' && format !== 'sarif' && !values.quiet) {
    for (const e of report.errors) io.stderr.write(`regshift scan: ${e.path}: ${e.code}: ${withHint(e)}\n`);
  }
  const problem = unscannedProblem(report);
  if (problem) {
    io.stderr.write(`regshift scan: error: ${problem}\n`);
    return exitCodes.usage;
  }
  return exitCodeFor(report.findings, values['fail-on']);
}

export const scanCommand: Command = defineCommand({
  name: 'scan',
  usage: ['regshift scan [PATH...] [options]'],
  description: `Find references to deprecated registries (k8s.gcr.io and friends) in files: manifests, Helm charts,
Kustomize, Dockerfiles, compose, Terraform, TOML, scripts and docs. PATH defaults to the current directory.`,
  flags,
  more: `Exit codes: 0 nothing found, 1 findings (see --fail-on), 2 usage or fatal error, or nothing could be
checked (a path that does not exist, a tree that cannot be read).
Examples:
  regshift scan                       # the current directory
  regshift scan deploy/ charts/ -o json > findings.json
  regshift scan -o sarif > regshift.sarif   # for code scanning
`,
  run,
});
