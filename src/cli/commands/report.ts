import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { RegshiftError } from '../../errors.js';
import { renderHtml } from '../../report/html/index.js';
import { buildReport, type NamedDocument, type ReportModel } from '../../report/model/index.js';
import { renderReportJson } from '../../report/report-json.js';
import { renderReportMarkdown } from '../../report/report-markdown.js';
import { version } from '../../version.js';
import { defineCommand } from '../command.js';
import { flag, type Values } from '../flags.js';
import { type CliIO, type Command, exitCodes, UsageError } from '../io.js';

const flags = {
  output: flag.output(['html', 'markdown', 'json'], 'html, markdown, json', 'html'),
  baseline: flag.list(
    'FILE',
    'an earlier scan, cluster or report JSON: show what was fixed and what is new\n(repeatable, NAME=FILE too)',
  ),
  'link-base': flag.list(
    'URL',
    "a repository's web URL for file-line links, e.g.\nhttps://github.com/org/repo/blob/main (NAME=URL for one of several repositories)",
  ),
  title: flag.text('TEXT', "the page's title"),
};

/** A report input may be a few hundred MiB (50,000 findings are about 25 MiB); beyond this it is refused. */
const maxInputBytes = 512 * 1024 * 1024;

interface Named {
  name: string;
  file: string;
}

/** `NAME=FILE`, unless a file of that whole name exists. */
async function named(arg: string, io: CliIO): Promise<Named> {
  const split = /^([^=/\\]+)=(.+)$/.exec(arg);
  const whole = await stat(resolve(io.cwd, arg)).catch(() => undefined);
  if (split && !whole) return { name: split[1]!, file: split[2]! };
  return { name: arg === '-' ? 'stdin' : basename(arg).replace(/\.json$/i, ''), file: arg };
}

async function readText(file: string, io: CliIO): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of io.stdin) {
      size += (chunk as Buffer).length;
      if (size > maxInputBytes)
        throw new RegshiftError('REPORT_INPUT', `stdin is larger than ${maxInputBytes} bytes`);
      chunks.push(Buffer.from(chunk as Buffer));
    }
    return Buffer.concat(chunks).toString('utf8');
  }
  const path = resolve(io.cwd, file);
  const info = await stat(path);
  if (!info.isFile()) throw new RegshiftError('REPORT_INPUT', 'not a file');
  if (info.size > maxInputBytes)
    throw new RegshiftError('REPORT_INPUT', `larger than ${maxInputBytes} bytes`);
  return readFile(path, 'utf8');
}

/** Each argument parsed; one that cannot be read or parsed becomes a problem in the report, the rest go on. */
async function readDocuments(
  args: readonly string[],
  io: CliIO,
  problems: string[],
): Promise<NamedDocument[]> {
  const docs: NamedDocument[] = [];
  for (const arg of args) {
    const { name, file } = await named(arg, io);
    try {
      docs.push({ name, value: JSON.parse(await readText(file, io)) });
    } catch (error) {
      const why =
        error instanceof SyntaxError
          ? `is not JSON (${error.message})`
          : `cannot be read: ${(error as Error).message}`;
      problems.push(`${file} ${why}`);
    }
  }
  return docs;
}

function linkBases(values: readonly string[]): string | Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  const bases: Record<string, string> = {};
  for (const value of values) {
    const split = /^([^=:/]+)=(.+)$/.exec(value);
    const [name, url] = split ? [split[1]!, split[2]!] : ['*', value];
    if (!/^https?:\/\/[^/]/i.test(url) || !URL.canParse(url))
      throw new UsageError(
        `--link-base ${value}: give an http(s) URL, e.g. https://github.com/org/repo/blob/main`,
      );
    bases[name] = url;
  }
  return bases;
}

/** 0 when nothing is left to do, else 1. */
export function reportExitCode(model: ReportModel): number {
  const s = model.summary;
  const imagesOk = (s.byVerdict['same-digest'] ?? 0) === s.images;
  const mirrorsOk = (s.byMirrorStatus['copied'] ?? 0) + (s.byMirrorStatus['up-to-date'] ?? 0) === s.mirrored;
  const left =
    s.findings > 0 || s.pullFailures > 0 || !imagesOk || !mirrorsOk || model.connectivity.some((c) => !c.ok);
  return left ? exitCodes.findings : exitCodes.ok;
}

async function run(values: Values<typeof flags>, positionals: string[], io: CliIO): Promise<number> {
  const format = values.output;
  if (positionals.length === 0)
    throw new UsageError('name the JSON files to merge, e.g. regshift report scan.json clusters.json');
  const linkBase = linkBases(values['link-base']);
  const problems: string[] = [];
  const documents = await readDocuments(positionals, io, problems);
  const baseline =
    values.baseline.length > 0 ? await readDocuments(values.baseline, io, problems) : undefined;
  for (const p of problems) io.stderr.write(`regshift report: ${p}\n`);
  if (documents.length === 0)
    throw new RegshiftError('REPORT_INPUT', 'no input could be read', {
      hint: 'Give files written by `regshift scan -o json`, `cluster -o json`, `check -o json` or `mirror -o json`.',
    });
  const model = buildReport(documents, baseline);
  model.errors.push(
    ...problems.map((message) => ({ input: 'report', path: '', code: 'REPORT_INPUT', message })),
  );
  for (const e of model.errors.filter((e) => e.code === 'REPORT_INPUT' && e.input !== 'report'))
    io.stderr.write(`regshift report: ${e.message}\n`);
  if (model.inputs.length === 0)
    throw new RegshiftError(
      'REPORT_INPUT',
      'none of the inputs is the JSON of regshift scan, cluster, check or mirror',
      {
        hint: 'Write them with -o json.',
      },
    );
  if (format === 'json') io.stdout.write(renderReportJson(model, { name: 'regshift', version }));
  else if (format === 'markdown') io.stdout.write(renderReportMarkdown(model));
  else {
    if (io.stdout.isTTY)
      io.stderr.write('regshift report: writing HTML; redirect it to a file: > report.html\n');
    io.stdout.write(
      renderHtml(model, {
        version,
        ...(linkBase ? { linkBase } : {}),
        ...(values.title ? { title: values.title } : {}),
      }),
    );
  }
  return reportExitCode(model);
}

export const reportCommand: Command = defineCommand({
  name: 'report',
  usage: ['regshift report FILE... [options]'],
  description: `Merges the JSON outputs of scan, cluster, check and mirror (any mix: several repositories, several
clusters) into one report: by default one self-contained HTML page (no network, works from a file,
readable with scripts off). Findings are grouped by what must change, with replacement, owners and fix.

FILE is a file written by \`regshift scan|cluster|check|mirror|report -o json\`, '-' for stdin, or
NAME=FILE to name a repository (default: the file name without .json).`,
  flags,
  more: `Exit codes: 0 nothing left (no findings, every image same-digest, every mirror done), 1 something left,
2 usage error or no input could be read.
Examples:
  regshift scan -o json > scan.json && regshift cluster -A -o json > clusters.json
  regshift report scan.json clusters.json > report.html
  regshift report shop=shop.json --baseline shop=last-month.json --link-base shop=https://github.com/org/shop/blob/main
`,
  run,
});
