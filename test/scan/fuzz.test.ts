import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Finding } from '../../src/findings.js';
import { tryParseReference } from '../../src/reference/index.js';
import { scanText } from './helpers.js';

/**
 * What every finding owes its reader, whatever the input: its position lies inside the file, its span
 * (line and column to end line and end column, UTF-16 units) holds exactly its match, and an image it
 * names contains that match.
 */
function expectSound(text: string, findings: readonly Finding[]): void {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (line: number, column: number) => {
    expect(line).toBeGreaterThanOrEqual(1);
    expect(line).toBeLessThanOrEqual(starts.length);
    const lineEnd = line < starts.length ? starts[line]! - 1 : text.length;
    const at = starts[line - 1]! + column - 1;
    expect(column).toBeGreaterThanOrEqual(1);
    expect(at).toBeLessThanOrEqual(lineEnd);
    return at;
  };
  for (const f of findings) {
    const start = offset(f.line, f.column);
    const end = offset(f.endLine, f.endColumn);
    expect(end).toBeGreaterThan(start);
    expect(text.slice(start, end)).toBe(f.match);
    if (f.image !== null && f.kind === 'image') expect(f.image).toContain(f.match.replace(/:$/, ''));
  }
}

const names = [
  'x.yaml',
  'x.json',
  'Dockerfile',
  'config.toml',
  'main.tf',
  'notes.md',
  'kustomization.yaml',
  'p.rego',
];
// Text biased towards the prefixes and the characters around them, so the fuzzer reaches the interesting paths.
const pieces = fc.constantFrom(
  'k8s.gcr.io',
  'gcr.io/google-containers',
  '/',
  ':',
  '@',
  '"',
  "'",
  '\n',
  '\r\n',
  ' ',
  '- ',
  '{',
  '}',
  '[',
  ']',
  '#',
  '=',
  'image: ',
  'registry: ',
  'pause',
  '3.2',
  '\uFEFF',
  '🚀',
  '\\',
);
const biasedText = fc.array(fc.oneof(pieces, fc.string()), { maxLength: 60 }).map((parts) => parts.join(''));

describe('bad input gives sound findings, never a throw', () => {
  it('random text in every format', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), biasedText, (name, text) => {
        expectSound(text, scanText(name, text).findings);
      }),
      { numRuns: 1500 },
    );
  });

  it('random YAML documents built from random values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('x.yaml', 'x.json', 'values.yaml'), (value, name) => {
        const text = name.endsWith('.json')
          ? JSON.stringify({ image: 'k8s.gcr.io/pause:3.2', value })
          : stringify({ image: 'k8s.gcr.io/pause:3.2', value });
        const { findings, errors } = scanText(name, text);
        expect(errors).toEqual([]);
        expectSound(text, findings);
        expect(findings[0]).toMatchObject({ match: 'k8s.gcr.io/pause:3.2', context: 'image' });
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes decoded as text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = Buffer.concat([Buffer.from(bytes), Buffer.from(' k8s.gcr.io/pause:3.2')]).toString(
          'utf8',
        );
        const { findings } = scanText('x.yaml', text);
        expectSound(text, findings);
        expect(findings.map((f) => f.match)).toContain('k8s.gcr.io/pause:3.2');
      }),
      { numRuns: 500 },
    );
  });

  it('the reference parser on random strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), biasedText), (text) => {
        const result = tryParseReference(text);
        if (result.ok) expect(result.reference.path.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
