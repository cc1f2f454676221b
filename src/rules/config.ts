import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type * as Zod from 'zod';
import { RegshiftError } from '../errors.js';
import { domainAndPort, remoteName } from '../reference/grammar.js';
import type { Rule, RuleAction } from './types.js';
import { userRule } from './user-rule.js';

const anchoredPrefix = new RegExp(`^(?:${domainAndPort}(?:/${remoteName})?|${remoteName})$`);

/** True for a registry prefix: a host with optional leading path components, no tag or digest. */
export function isRegistryPrefix(value: string): boolean {
  return anchoredPrefix.test(value);
}

export interface ConfigRule {
  id?: string | undefined;
  from: string;
  /** Optional for a report-only rule. */
  to?: string | undefined;
  action: RuleAction;
  /** Tag patterns the move left behind (`*` for any characters): reported with no target. */
  exceptTags?: string[] | undefined;
  /** Shown with every finding of this rule. */
  note?: string | undefined;
}

export interface Config {
  rules: ConfigRule[];
  builtin: boolean;
  /** Rule packs to turn on besides the default one (`regshift rules` lists them). */
  packs?: string[] | undefined;
  /** Per-project values the packs' prefixes use, such as `project` for the gcr pack. */
  variables?: Record<string, string> | undefined;
  /** Repositories `regshift mirror` copies whole when the command line names no image and no --repo. */
  repos?: string[] | undefined;
  /** The file the config was read from, when it came from one (fix never rewrites it). */
  file?: string | undefined;
}

const prefixMessage =
  'must be a registry prefix such as "registry.example.com/team" (a host and optional path, no tag or digest)';

/** yaml and zod load only when there is a config file to read: every command would pay their start-up. */
const requireLazily = createRequire(import.meta.url);
const yaml = () => requireLazily('yaml') as typeof Yaml;

let schema: Zod.ZodType<Config> | undefined;
function configSchema(): Zod.ZodType<Config> {
  if (schema) return schema;
  const { z } = requireLazily('zod') as typeof Zod;
  const prefix = z.string().refine(isRegistryPrefix, { message: prefixMessage });
  const rule = z
    .strictObject({
      id: z.string().min(1).optional(),
      from: prefix,
      to: prefix.optional(),
      action: z.enum(['rewrite', 'report']).default('rewrite'),
      exceptTags: z
        .array(z.string().regex(/^[\w.*-]{1,128}$/, 'a tag pattern: tag characters and *'))
        .optional(),
      note: z.string().min(1).max(500).optional(),
    })
    .refine((r) => r.to !== undefined || r.action === 'report', {
      message: 'a rewrite rule needs `to` (or write `action: report` to only report the prefix)',
      path: ['to'],
    });
  schema = z.strictObject({
    rules: z.array(rule).default([]),
    builtin: z.boolean().default(true),
    packs: z.array(z.string().min(1)).default([]),
    variables: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.string()).default({}),
    repos: z.array(z.string().min(1).max(512)).optional(),
  }) as unknown as Zod.ZodType<Config>;
  return schema;
}

export const defaultConfigFile = 'regshift.yaml';

/** A rule given on the command line as FROM=TO. */
export function parseRuleFlag(flag: string): Rule {
  const eq = flag.indexOf('=');
  const from = flag.slice(0, Math.max(eq, 0));
  const to = flag.slice(eq + 1);
  if (eq === -1 || !isRegistryPrefix(from) || !isRegistryPrefix(to)) {
    throw new RegshiftError('RULE_INVALID', `--rule "${flag}" is not FROM=TO with two registry prefixes`, {
      hint: 'Write it as --rule docker.io/bitnami=docker.io/bitnamilegacy',
    });
  }
  return userRule({ from, to, action: 'rewrite' }, `--rule ${flag}`);
}

function nodeAtPath(root: unknown, path: readonly PropertyKey[]): Yaml.Node | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (yaml().isMap(node)) node = node.get(key, true);
    else if (yaml().isSeq(node) && typeof key === 'number') node = node.get(key, true);
    else return undefined;
  }
  return node as Yaml.Node | undefined;
}

/** Parse config text; errors name the file, the line, and what to write instead. */
export function parseConfig(text: string, file: string): Config {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const lineOf = (node: Yaml.Node | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const { line, col } = lineCounter.linePos(firstError.pos[0]);
    throw new RegshiftError(
      'CONFIG_YAML',
      `${file}:${line}:${col}: not valid YAML: ${firstError.message.split('\n')[0]}`,
      {
        hint: 'Fix the YAML syntax; see the example in the README ("Configuration").',
      },
    );
  }
  const result = configSchema().safeParse(doc.toJS() ?? {});
  if (result.success) {
    result.data.rules.forEach((rule, i) => {
      const line = lineOf(nodeAtPath(doc.contents, ['rules', i]));
      userRule({ ...rule, to: rule.to ?? null }, `${file}:${line}: rules.${i}`);
    });
    return { ...result.data, file };
  }
  const issue = result.error.issues[0]!;
  const node = nodeAtPath(doc.contents, issue.path) ?? nodeAtPath(doc.contents, issue.path.slice(0, -1));
  const line = lineOf(node);
  const where = issue.path.length > 0 ? issue.path.join('.') : 'top level';
  throw new RegshiftError('CONFIG_INVALID', `${file}:${line}: ${where}: ${issue.message}`, {
    hint:
      'Write rules as `rules: [{ from: OLD/PREFIX, to: NEW/PREFIX, action: rewrite|report }]` and ' +
      '`builtin: true|false`.',
  });
}

/** Read a config file; a missing default file is not an error, a missing named one is. */
export async function loadConfig(
  file: string,
  { required }: { required: boolean },
): Promise<Config | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RegshiftError('CONFIG_READ', `cannot read config file ${file}: ${(error as Error).message}`, {
      hint: 'Check the path given to --config.',
      cause: error,
    });
  }
  return parseConfig(text, file);
}

/** Rules a config contributes, in file order. */
export function configRules(config: Config): Rule[] {
  return config.rules.map((r) => userRule({ ...r, to: r.to ?? null }, config.file ?? 'config'));
}
