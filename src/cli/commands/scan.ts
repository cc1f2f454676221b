import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Finding } from '../../findings.js';
import { terminalText } from '../../report/escape.js';
import { outputFormats, renderHtmlOf, renderReport } from '../../report/index.js';
import { withHint } from '../../report/summary.js';
import { scan } from '../../scan/index.js';
import { version } from '../../version.js';
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

const usage = `Usage: regshift scan [PATH...] [options]

Find references to deprecated registries (k8s.gcr.io and friends) in files: manifests, Helm charts,
Kustomize, Dockerfiles, compose, Terraform, TOML, scripts and docs. PATH defaults to the current directory.

Options:
  -o, --output FORMAT   table (default), json, sarif, markdown, csv, html (one self-contained page)
  --fail-on WHAT        what makes the exit code 1: any (default), image (image and registry
                        findings only), none
  -q, --quiet           print nothing; the exit code answers (fatal errors are still said)
  --no-ignore           also scan files that .gitignore / .ignore exclude
  --exclude GLOB        leave out paths matching a gitignore-style glob (repeatable)
  --max-file-size SIZE  skip (and report) larger files (default 10MiB)
  --threads N           threads that share the walk on large trees (default 1; may help
                        on many cores and large files, measured no faster on 2 cores)
${ruleOptionsHelp}
  -h, --help            show this help

Exit codes: 0 nothing found, 1 findings (see --fail-on), 2 usage or fatal error, or nothing could be
checked (a path that does not exist, a tree that cannot be read).
Examples:
  regshift scan                       # the current directory
  regshift scan deploy/ charts/ -o json > findings.json
  regshift scan -o sarif > regshift.sarif   # for code scanning
`;

type FailOn = 'any' | 'image' | 'none';

export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): number {
  if (failOn === 'none') return exitCodes.ok;
  const counted =
    failOn === 'image' ? findings.filter((f) => f.kind === 'image' || f.kind === 'registry') : findings;
  return counted.length > 0 ? exitCodes.findings : exitCodes.ok;
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      ...walkOptions,
      ...ruleOptions,
    },
  });
  const format = parseOutputFormat(values.output, outputFormats);
  const failOn = (values['fail-on'] ?? 'any') as FailOn;
  if (!['any', 'image', 'none'].includes(failOn))
    throw new UsageError(`--fail-on ${failOn}: choose any, image or none`);
  refuseStdinPath(positionals, 'scan');
  const { rules, configFile } = await ruleSetFromFlags(values, io);
  const progress = values.quiet ? { update() {}, done() {} } : progressReporter(io, 'scanning');
  const scanned = await scan(positionals, {
    cwd: io.cwd,
    rules,
    ...walkOptionsFromFlags(values),
    onProgress: ({ files, path }) => progress.update(`${files} files… ${path}`),
  });
  const report = withoutConfigFile(scanned, configFile, io.cwd);
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
  return exitCodeFor(report.findings, failOn);
}

export const scanCommand: Command = {
  name: 'scan',
  summary: 'find references to deprecated registries in files',
  usage,
  run,
};
