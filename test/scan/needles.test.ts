import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRules, ruleNeedles } from '../../src/rules/index.js';
import { NeedleSearch } from '../../src/scan/needles.js';

function naiveOffsets(text: string, needles: readonly string[]): number[] {
  const found = new Set<number>();
  for (const n of needles) for (let i = text.indexOf(n); i !== -1; i = text.indexOf(n, i + 1)) found.add(i);
  return [...found].sort((a, b) => a - b);
}

const needleSets: string[][] = [
  ruleNeedles(builtinRules),
  ['quay.io/old-org', 'docker.io/bitnami'],
  ['registry.example.com/team', 'registry.example.com/team/sub', 'mirror.registry.example.com'],
  ['k8s.gcr.io'],
];

describe('needle search', () => {
  it('uses the part the built-in prefixes share', () => {
    expect(new NeedleSearch(ruleNeedles(builtinRules)).anchor).toBe('gcr.io');
    expect(new NeedleSearch(['quay.io/old-org', 'docker.io/bitnami']).anchor).toBeUndefined();
  });

  it('finds exactly what a search per needle finds, in text and in bytes', () => {
    for (const needles of needleSets) {
      const search = new NeedleSearch(needles);
      const pieces = fc.constantFrom(
        ...needles,
        ...needles.map((n) => n.slice(0, -1)),
        'gcr.io',
        'x',
        '/',
        ' ',
        '\n',
        'é',
      );
      fc.assert(
        fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 3 })), { maxLength: 30 }), (parts) => {
          const text = parts.join('');
          expect(search.offsets(text)).toEqual(naiveOffsets(text, needles));
          const bytes = Buffer.from(text);
          expect(search.inBytes(bytes)).toBe(needles.some((n) => bytes.includes(Buffer.from(n))));
        }),
        { numRuns: 800 },
      );
    }
  });
});
