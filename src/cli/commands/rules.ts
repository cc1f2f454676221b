import type { ErrorCode } from '../../errors.js';
import { packViews, renderExplainTable, renderRulesTable } from '../../report/rules-table.js';
import { type Explanation, explainImage } from '../../rules/explain.js';
import { rulePacks } from '../../rules/packs.js';
import type { Rule } from '../../rules/types.js';
import { version } from '../../version.js';
import { defineCommand } from '../command.js';
import { ruleFlags, ruleSetFromFlags } from '../common.js';
import { flag, type Values } from '../flags.js';
import { type CliIO, type Command, exitCodes, UsageError } from '../io.js';

const flags = {
  explain: flag.list('IMAGE', 'which rule matches IMAGE and what it becomes, or why none does (repeatable)'),
  output: flag.output(['table', 'json'], 'table or json', 'table'),
  ...ruleFlags,
};

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

async function run(values: Values<typeof flags>, positionals: string[], io: CliIO): Promise<number> {
  const format = values.output;
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument "${positionals[0]}": to explain an image, write --explain ${positionals[0]}`,
    );
  }
  const { rules } = await ruleSetFromFlags(values, io);
  const tool = { name: 'regshift', version };
  if (values.explain.length === 0) {
    const summary = {
      packs: rulePacks.length,
      enabled: new Set(rules.map((r) => r.pack).filter(Boolean)).size,
      rules: rules.length,
    };
    if (format === 'json') {
      const body = {
        tool,
        command: 'rules',
        packs: packViews(rules),
        rules: rules.map(ruleJson),
        errors: [],
        summary,
      };
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    } else io.stdout.write(renderRulesTable(rules));
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
  } else if (explained.length > 0) io.stdout.write(renderExplainTable(explained));
  for (const e of errors)
    io.stderr.write(
      `regshift rules: ${e.code}: ${e.message}\nhint: write it as [HOST[:PORT]/]PATH[:TAG][@DIGEST], for example registry.k8s.io/pause:3.9\n`,
    );
  if (errors.length > 0) return exitCodes.usage;
  return matched > 0 ? exitCodes.findings : exitCodes.ok;
}

export const rulesCommand: Command = defineCommand({
  name: 'rules',
  usage: ['regshift rules [options]'],
  description: `List the rule packs regshift ships (dated registry moves, each with the announcement it is based on),
which are on, and your own rules; or explain what happens to an image.`,
  flags,
  more: `Exit codes: 0 listed, or no explained image matches a rule; 1 an explained image matches one (it must
move); 2 usage or fatal error (an invalid reference, an unknown pack).
Examples:
  regshift rules
  regshift rules --pack bitnami --explain bitnami/postgresql:11.14.0-debian-10-r22
  regshift rules -o json | jq '.packs[] | {name, since, source}'
`,
  run,
});
