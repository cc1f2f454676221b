import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { tryParseReference } from '../../src/reference/index.js';
import { scanText } from './helpers.js';

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

describe('bad input never throws', () => {
  it('random text in every format', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), biasedText, (name, text) => {
        const { findings } = scanText(name, text);
        for (const f of findings) {
          // Every finding points at its own text.
          const lines = text.split('\n');
          expect(lines[f.line - 1]!.slice(f.column - 1, f.endColumn - 1)).toBe(f.match);
        }
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
        expect(() => scanText('x.yaml', text)).not.toThrow();
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
