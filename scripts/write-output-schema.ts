// Writes schema/regshift-output.schema.json from the zod schemas in src/schema/ (`npm run schema`).
// test/schema/schema-file.test.ts fails when the shipped file and the source differ.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { outputJsonSchema, outputSchemaFile } from '../src/schema/index.js';

const file = resolve(import.meta.dirname, '..', outputSchemaFile);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(outputJsonSchema(), null, 2)}\n`);
process.stderr.write(`wrote ${outputSchemaFile}\n`);
