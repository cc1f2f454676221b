/** The JSON of the commands that read files: `scan` (and `policy --check` on paths) and `fix`. */
import { z } from 'zod';
import { count, diagnostic, envelope, findingKind, nullableString } from './common.js';

const position = { line: count, column: count };

export const finding = z
  .strictObject({
    source: z.literal('file'),
    path: z.string().meta({ description: "Relative to the current directory, '/' separators, no './'." }),
    ...position,
    endLine: count,
    endColumn: count,
    match: z.string().meta({ description: 'The text as written, without quotes.' }),
    kind: findingKind,
    image: nullableString,
    replacement: nullableString,
    rule: z.string(),
    format: z.enum([
      'yaml',
      'json',
      'helm-values',
      'helm-template',
      'kustomize',
      'dockerfile',
      'compose',
      'terraform',
      'toml',
      'text',
    ]),
    context: nullableString,
    note: z.string().optional(),
  })
  .meta({ id: 'Finding' });

export const scanOutput = envelope(
  'scan',
  { findings: z.array(finding) },
  diagnostic,
  z.strictObject({ files: count, skipped: count, findings: count }),
  'regshift scan -o json (also policy --check on paths)',
);

export const fixOutput = envelope(
  'fix',
  {
    dryRun: z.boolean(),
    edits: z.array(z.strictObject({ path: z.string(), ...position, before: z.string(), after: z.string() })),
    files: z.array(
      z.strictObject({
        path: z.string(),
        status: z.enum(['written', 'pending', 'failed']),
        edits: count,
        error: diagnostic.optional(),
      }),
    ),
    left: z.array(
      z.strictObject({
        path: z.string(),
        ...position,
        match: z.string(),
        reason: z.enum(['mention', 'policy', 'report-only', 'kustomize-selector']),
        message: z.string(),
      }),
    ),
  },
  diagnostic,
  z.strictObject({ files: count, edits: count, failed: count, left: count }),
  'regshift fix -o json',
);
