import { parseArgs } from 'node:util';
import type { ErrorCode } from '../../errors.js';
import { type Explanation, explainImage } from '../../rules/explain.js';
import { rulePacks } from '../../rules/packs.js';
import type { Rule } from '../../rules/types.js';
import { version } from '../../version.js';
import { parseOutputFormat, ruleOptions, ruleOptionsHelp, ruleSetFromFlags } from '../common.js';
import { type CliIO, type Command, exitCodes, UsageError } from '../io.js';

const usage = `Usage: regshift rules [options]

List the rule packs regshift ships (dated registry moves, each with the announcement it is based on),
which are on, and your own rules; or explain what happens to an image.

Options:
  --explain IMAGE       which rule matches IMAGE and what it becomes, or why none does (repeatable)
  -o, --output FORMAT   table (default) or json
${ruleOptionsHelp}
  -h, --help            show this help

Exit codes: 0 listed, or no explained image matches a rule; 1 an explained image matches one (it must
move); 2 usage or fatal error (an invalid reference, an unknown pack).
Examples:
  regshift rules
  regshift rules --pack bitnami --explain bitnami/postgresql:11.14.0-debian-10-r22
  regshift rules -o json | jq '.packs[] | {name, since, source}'
`;

function ruleJson(rule: Rule) {
  return {
    id: rule.id,
    from: rule.from,
    to: rule.to,
    action: rule.action,
    pack: rule.pack ?? null,
    since: rule.since ?? null,
    source: rule.source ?? null,
    exceptTags: rule.exceptTags ?? [],
    exceptRepositories: rule.exceptRepositories ?? [],
    note: rule.note ?? null,
  };
}

function packsJson(active: readonly Rule[]) {
  const on = new Set(active.map((r) => r.pack));
  return rulePacks.map((p) => ({
    name: p.name,
    title: p.title,
    since: p.since,
    source: p.source,
    enabled: on.has(p.name),
    defaultOn: p.defaultOn ?? false,
    overrides: p.overrides ?? [],
    variables: p.variables ?? {},
    rules: p.rules.map((r) => ({
      from: r.from,
      to: r.to,
      action: r.action,
      since: r.since ?? p.since,
      source: r.source ?? p.source,
      exceptTags: r.exceptTags ?? [],
      exceptRepositories: r.exceptRepositories ?? [],
      note: r.note ?? null,
    })),
  }));
}

const arrow = (rule: { from: string; to: string | null; action: string }) =>
  `${rule.from} → ${rule.to ?? '(no target)'}${rule.action === 'report' ? ' (report only)' : ''}`;

function listTable(active: readonly Rule[]): string {
  const out: string[] = [];
  const packs = packsJson(active);
  const width = Math.max(...packs.map((p) => p.name.length));
  for (const pack of packs) {
    out.push(`${pack.name.padEnd(width)}  ${pack.since}  ${pack.enabled ? 'on ' : 'off'}  ${pack.title}`);
    for (const rule of pack.rules) {
      const tags = rule.exceptTags.length > 0 ? `  except tags ${rule.exceptTags.join(' ')}` : '';
      const stay = rule.exceptRepositories.length > 0 ? `; ${rule.exceptRepositories.join(', ')} stayed` : '';
      const except = tags + stay;
      out.push(`    ${arrow(rule)}${except}`);
    }
    out.push(`    source: ${pack.source}`, '');
  }
  const own = active.filter((r) => !r.builtin);
  if (own.length > 0)
    out.push(
      'Your rules (they win over a pack rule for the same prefix):',
      ...own.map((r) => `    ${arrow(r)}`),
      '',
    );
  const on = new Set(active.map((r) => r.pack).filter(Boolean)).size;
  out.push(
    `${rulePacks.length} packs (${on} on), ${active.length} active rules. Turn one on with --pack NAME or \`packs: [NAME]\` in regshift.yaml.`,
  );
  return `${out.join('\n')}\n`;
}

function explainTable(results: readonly Explanation[]): string {
  return results
    .map((e) => {
      const lines = [e.image, `  ${e.reason}`];
      if (e.target) lines.push(`  → ${e.target}`);
      if (e.note) lines.push(`  note: ${e.note}`);
      return lines.join('\n');
    })
    .join('\n\n')
    .concat('\n');
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      explain: { type: 'string', multiple: true },
      output: { type: 'string', short: 'o' },
      ...ruleOptions,
    },
  });
  const format = parseOutputFormat(values.output, ['table', 'json']);
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument "${positionals[0]}": to explain an image, write --explain ${positionals[0]}`,
    );
  }
  const { rules } = await ruleSetFromFlags(values, io);
  const tool = { name: 'regshift', version };
  if (values.explain === undefined) {
    const summary = {
      packs: rulePacks.length,
      enabled: new Set(rules.map((r) => r.pack).filter(Boolean)).size,
      rules: rules.length,
    };
    if (format === 'json') {
      const body = {
        tool,
        command: 'rules',
        packs: packsJson(rules),
        rules: rules.map(ruleJson),
        errors: [],
        summary,
      };
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    } else io.stdout.write(listTable(rules));
    return exitCodes.ok;
  }
  const explained: Explanation[] = [];
  const errors: { image: string; code: ErrorCode; message: string }[] = [];
  for (const image of values.explain) {
    const result = explainImage(image, rules);
    if ('error' in result) errors.push({ image, code: 'REFERENCE_INVALID', message: result.error });
    else explained.push(result);
  }
  const matched = explained.filter((e) => e.rule !== null).length;
  if (format === 'json') {
    const summary = {
      images: values.explain.length,
      matched,
      rewritten: explained.filter((e) => e.rewritten).length,
    };
    io.stdout.write(
      `${JSON.stringify({ tool, command: 'rules', explain: explained, errors, summary }, null, 2)}\n`,
    );
  } else if (explained.length > 0) io.stdout.write(explainTable(explained));
  for (const e of errors)
    io.stderr.write(
      `regshift rules: ${e.code}: ${e.message}\nhint: write it as [HOST[:PORT]/]PATH[:TAG][@DIGEST], for example registry.k8s.io/pause:3.9\n`,
    );
  if (errors.length > 0) return exitCodes.usage;
  return matched > 0 ? exitCodes.findings : exitCodes.ok;
}

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'list rule packs (dated registry moves with sources); --explain IMAGE',
  usage,
  run,
};
