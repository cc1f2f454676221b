import { readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { RegshiftError } from '../errors.js';
import { domainAndPort, remoteName } from '../reference/grammar.js';

const anchoredPrefix = new RegExp(`^(?:${domainAndPort}(?:/${remoteName})?|${remoteName})$`);

import type { Rule } from './types.js';

/** A prefix: a registry host with optional leading path components, no tag or digest. */
/** True for a registry prefix: a host with optional leading path components, no tag or digest. */
export function isRegistryPrefix(value: string): boolean {
  return anchoredPrefix.test(value);
}

const prefix = z.string().refine(isRegistryPrefix, {
  message:
    'must be a registry prefix such as "registry.example.com/team" (a host and optional path, no tag or digest)',
});

const ruleSchema = z.strictObject({
  id: z.string().min(1).optional(),
  from: prefix,
  to: prefix,
  action: z.enum(['rewrite', 'report']).default('rewrite'),
});

export const configSchema = z.strictObject({
  rules: z.array(ruleSchema).default([]),
  builtin: z.boolean().default(true),
});

export type Config = z.infer<typeof configSchema>;

export const defaultConfigFile = 'regshift.yaml';

/** A rule given on the command line as FROM=TO. */
export function parseRuleFlag(flag: string): Rule {
  const eq = flag.indexOf('=');
  const from = eq === -1 ? '' : flag.slice(0, eq);
  const to = eq === -1 ? '' : flag.slice(eq + 1);
  const parsed = ruleSchema.safeParse({ from, to });
  if (eq === -1 || !parsed.success) {
    throw new RegshiftError('RULE_INVALID', `--rule "${flag}" is not FROM=TO with two registry prefixes`, {
      hint: 'Write it as --rule docker.io/bitnami=docker.io/bitnamilegacy',
    });
  }
  return { id: from, from: parsed.data.from, to: parsed.data.to, action: 'rewrite', builtin: false };
}

function nodeAtPath(root: unknown, path: readonly PropertyKey[]): YamlNode | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (isMap(node)) node = node.get(key, true);
    else if (isSeq(node) && typeof key === 'number') node = node.get(key, true);
    else return undefined;
  }
  return node as YamlNode | undefined;
}

/** Parse config text; errors name the file, the line, and what to write instead. */
export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter();
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
  const result = configSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const node = nodeAtPath(doc.contents, issue.path) ?? nodeAtPath(doc.contents, issue.path.slice(0, -1));
  const line = node?.range ? lineCounter.linePos(node.range[0]).line : 1;
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
  return config.rules.map((r) => ({
    id: r.id ?? r.from,
    from: r.from,
    to: r.to,
    action: r.action,
    builtin: false,
  }));
}
