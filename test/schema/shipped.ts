// The shipped JSON Schema, compiled by a validator that knows nothing of the zod source (ajv, draft
// 2020-12), so tests check real outputs against the very file users get.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { outputSchemaFile } from '../../src/schema/index.js';

export const shippedSchemaPath = resolve(import.meta.dirname, '../..', outputSchemaFile);
export const shippedSchema = JSON.parse(readFileSync(shippedSchemaPath, 'utf8')) as Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(shippedSchema);

type Branch = { properties: { command: { const: string } } };
const defs = shippedSchema['$defs'];
/** Each command's own schema, to say why a document fails (anyOf reports every branch's complaints). */
const branches = (shippedSchema['anyOf'] as Branch[]).map((branch) => ({
  command: branch.properties.command.const,
  validate: ajv.compile({ ...branch, $defs: defs }),
}));

const describe = (errors: typeof validate.errors) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);

/** The problems the shipped schema finds in a document ([] when it is valid), told by its command's branch. */
export function schemaProblems(document: unknown): string[] {
  if (validate(document)) return [];
  const command = (document as { command?: unknown } | null)?.command;
  const told = branches
    .filter((b) => b.command === command)
    .map((b) => (b.validate(document) ? [] : describe(b.validate.errors)))
    .sort((a, b) => a.length - b.length)[0];
  return told && told.length > 0 ? told : describe(validate.errors);
}

/** A command's stdout: JSON in the common envelope of `command`, valid against the shipped schema. */
export function expectValidOutput(stdout: string, command: string): Record<string, unknown> {
  const document = JSON.parse(stdout) as Record<string, unknown>;
  expect(Object.keys(document).slice(0, 2)).toEqual(['tool', 'command']);
  expect(document['command']).toBe(command);
  expect(Object.keys(document).slice(-2)).toEqual(['errors', 'summary']);
  expect(schemaProblems(document)).toEqual([]);
  return document;
}
