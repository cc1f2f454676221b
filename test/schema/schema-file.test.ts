// The shipped schema file is what the zod source generates (regenerate with `npm run schema`), it is in
// the package, and it refuses what the envelope forbids: it is no schema that accepts anything.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandOutputs, outputJsonSchema, outputSchemaFile } from '../../src/schema/index.js';
import { schemaProblems, shippedSchema, shippedSchemaPath } from './shipped.js';

const repo = resolve(import.meta.dirname, '../..');
const tool = { name: 'regshift', version: '0.0.0' };
const emptyScan = {
  tool,
  command: 'scan',
  findings: [],
  errors: [],
  summary: { files: 0, skipped: 0, findings: 0 },
};

describe('the shipped JSON Schema', () => {
  it('is what src/schema generates (run `npm run schema` after changing an output)', () => {
    expect(readFileSync(shippedSchemaPath, 'utf8')).toBe(`${JSON.stringify(outputJsonSchema(), null, 2)}\n`);
  });

  it('ships in the package', () => {
    const pkg = JSON.parse(readFileSync(resolve(repo, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain(outputSchemaFile.split('/')[0]);
  });

  it('describes every command, each in the common envelope', () => {
    const branches = shippedSchema['anyOf'] as { properties: Record<string, { const?: string }> }[];
    expect(branches).toHaveLength(Object.keys(commandOutputs).length);
    expect(new Set(branches.map((b) => b.properties['command']?.const))).toEqual(
      new Set(['scan', 'fix', 'cluster', 'patch', 'check', 'mirror', 'rules', 'policy', 'report']),
    );
    for (const branch of branches) {
      const keys = Object.keys(branch.properties);
      expect([...keys.slice(0, 2), ...keys.slice(-2)]).toEqual(['tool', 'command', 'errors', 'summary']);
    }
  });

  it('accepts an empty scan and refuses what the envelope forbids', () => {
    expect(schemaProblems(emptyScan)).toEqual([]);
    const { command: _, ...withoutCommand } = emptyScan;
    expect(schemaProblems(withoutCommand)).not.toEqual([]);
    expect(schemaProblems({ ...emptyScan, extra: 1 })).not.toEqual([]);
    const unknownCode = { path: 'a', code: 'NOT_IN_THE_CATALOGUE', message: 'm' };
    expect(schemaProblems({ ...emptyScan, errors: [unknownCode] })).not.toEqual([]);
    expect(schemaProblems({ ...emptyScan, errors: [{ ...unknownCode, code: 'YAML_PARSE' }] })).toEqual([]);
  });
});
