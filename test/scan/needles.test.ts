import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRules, ruleNeedles } from '../../src/rules/index.js';
import { NeedleSearch } from '../../src/scan/needles.js';

/**
 * The specification: every place a needle occurs ignoring ASCII case, where the part all needles share (or,
 * without one, the whole needle) is written all in lowercase or all in uppercase.
 */
function naiveOffsets(text: string, needles: readonly string[], anchor: string | undefined): number[] {
  const found = new Set<number>();
  for (const n of needles) {
    const at = anchor === undefined ? 0 : n.indexOf(anchor);
    const shared = anchor ?? n;
    for (let i = 0; i + n.length <= text.length; i++) {
      const written = text.slice(i + at, i + at + shared.length);
      if (written !== shared && written !== shared.toUpperCase()) continue;
      if (text.slice(i, i + n.length).toLowerCase() === n) found.add(i);
    }
  }
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
        ...needles.map((n) => n.toUpperCase()),
        'gcr.io',
        'GCR.IO',
        'Gcr.io',
        'x',
        '/',
        ' ',
        '\n',
        'é',
      );
      fc.assert(
        fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 3 })), { maxLength: 30 }), (parts) => {
          const text = parts.join('');
          const expected = naiveOffsets(text, needles, search.anchor);
          expect(search.offsets(text)).toEqual(expected);
          expect(search.inBytes(Buffer.from(text))).toBe(expected.length > 0);
        }),
        { numRuns: 800 },
      );
    }
  });
});
