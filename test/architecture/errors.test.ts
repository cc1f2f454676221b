// One way to fail: src/ throws RegshiftErrors (with a catalogued code), never a bare Error, and defines
// no error class outside that family, except the few listed here, each with the reason it may.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function occurrences(pattern: RegExp): string[] {
  return sourceFiles(src).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(pattern)].map((m) => `${relative(src, file)}: ${m[0]}`);
  });
}

/** A bare Error may be thrown only for a programming error, which the named test proves unreachable. */
const bareThrows: Record<string, string> = {
  'policy/cel.ts': 'test/policy/cel-pattern.test.ts: no rule that validates yields a pattern with a quote',
};

/** Error classes outside the RegshiftError family: internal signals, caught where they are thrown. */
const otherClasses: Record<string, string> = {
  'scan/formats/yaml-line.ts':
    'OutsideSubset: block-yaml.ts catches it and falls back to the full YAML parser',
};

describe('errors in src/', () => {
  it('throws no bare Error but for the programming errors listed', () => {
    const found = occurrences(/throw new (?:Type|Range)?Error\(/g).map((o) => o.split(':')[0]!);
    expect(found.filter((file) => !(file in bareThrows))).toEqual([]);
    expect(new Set(found)).toEqual(new Set(Object.keys(bareThrows)));
  });

  it('defines error classes only as RegshiftErrors, but for the internal signals listed', () => {
    const found = occurrences(/class \w+ extends (?:Error|TypeError|RangeError)\b/g);
    expect(found.map((o) => o.split(':')[0])).toEqual(['errors.ts', ...Object.keys(otherClasses)]);
  });
});
