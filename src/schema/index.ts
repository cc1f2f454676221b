/**
 * Every command's `-o json`, one schema: the union of the commands' envelopes. `outputJsonSchema()` is
 * what schema/regshift-output.schema.json holds (written by `npm run schema`).
 */
import { z } from 'zod';
import { checkPullOutput, clusterOutput, patchOutput } from './cluster.js';
import { explainOutput, policyOutput, reportOutput, rulesOutput } from './commands.js';
import { fixOutput, scanOutput } from './files.js';
import { checkOutput, mirrorOutput } from './images.js';

export const commandOutputs = {
  scan: scanOutput,
  fix: fixOutput,
  cluster: clusterOutput,
  checkPull: checkPullOutput,
  patch: patchOutput,
  check: checkOutput,
  mirror: mirrorOutput,
  rules: rulesOutput,
  explain: explainOutput,
  policy: policyOutput,
  report: reportOutput,
} as const;

export const commandOutput = z.union(Object.values(commandOutputs));

export const outputSchemaFile = 'schema/regshift-output.schema.json';

/** The JSON Schema (draft 2020-12) of every command's JSON output, as shipped in the package. */
export function outputJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(commandOutput, { target: 'draft-2020-12' });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'regshift JSON output',
    description:
      'What every regshift command writes with -o json: {tool, command, <results>, errors, summary}. ' +
      'Generated from src/schema/ by `npm run schema`; do not edit by hand.',
    ...rest,
  };
}
