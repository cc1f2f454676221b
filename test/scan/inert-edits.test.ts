// When editsStayInScalars says yes, fix skips parsing the file twice with the `yaml` library; so whenever
// it says yes, that full check (rewrite/verify.ts) must pass too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { structureProblem } from '../../src/rewrite/verify.js';
import { editsStayInScalars, type TextEdit } from '../../src/scan/formats/inert-edits.js';
import { documentText, style, tree } from './yaml-documents.js';

const needles = ['k8s.gcr.io/pause:3.2', 'k8s.gcr.io'];

/** Edits at the chosen occurrences of the needles (longest first, never overlapping). */
function editSome(text: string, after: string, chosen: (n: number) => boolean) {
  const edits: (TextEdit & { before: string })[] = [];
  let n = 0;
  for (const before of needles) {
    for (let i = text.indexOf(before); i !== -1; i = text.indexOf(before, i + 1)) {
      if (edits.some((e) => i < e.end && e.start < i + before.length)) continue;
      if (chosen(n++))
        edits.push({ start: i, end: i + before.length, after: `${after}${before.slice(10)}`, before });
    }
  }
  let edited = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    edited = edited.slice(0, e.start) + e.after + edited.slice(e.end);
  return { edits, edited };
}

describe('edits that stay inside scalars', () => {
  it('pass the full structural check whenever they are said to', () => {
    let said = 0;
    fc.assert(
      fc.property(
        tree,
        style,
        fc.constantFrom(
          'registry.k8s.io',
          'mirror.example.com:5000/k8s',
          'reg.example.com/a@x',
          '1234',
          'true',
        ),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        (node, s, after, mask) => {
          const text = documentText(node, s);
          const { edits, edited } = editSome(text, after, (n) => mask[n % 8]!);
          if (edits.length === 0 || !editsStayInScalars(text, edits)) return;
          said++;
          expect(structureProblem(text, edited, edits, 'yaml'), edited).toBeUndefined();
        },
      ),
      { numRuns: 4000 },
    );
    expect(said).toBeGreaterThan(100);
  });

  it('says no for what may change the structure', () => {
    const text = 'a: k8s.gcr.io\nb: "k8s.gcr.io/x"\n';
    const at = (after: string) => [{ start: 3, end: 13, after }];
    expect(editsStayInScalars(text, at('registry.k8s.io'))).toBe(true);
    expect(editsStayInScalars(text, at('x: y'))).toBe(false);
    expect(editsStayInScalars(text, at('host:'))).toBe(false);
    expect(editsStayInScalars(text, at('null'))).toBe(false);
    expect(editsStayInScalars('a: &x k8s.gcr.io\n', [{ start: 6, end: 16, after: 'registry.k8s.io' }])).toBe(
      false,
    );
    expect(editsStayInScalars(text, [{ start: -1, end: -1, after: 'registry.k8s.io' }])).toBe(false);
    // One scalar, two occurrences, one edited: not provably safe (verify.ts refuses it too).
    const both = 'args: "--registry=k8s.gcr.io (k8s.gcr.io is frozen)"\n';
    expect(editsStayInScalars(both, [{ start: 18, end: 28, after: 'registry.k8s.io' }])).toBe(false);
    // A key that holds an edited text but is not edited itself.
    const key = 'k8s.gcr.io: {endpoint: x}\nsandbox: k8s.gcr.io\n';
    expect(editsStayInScalars(key, [{ start: 36, end: 46, after: 'registry.k8s.io' }])).toBe(false);
  });
});
