import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isIgnored, loadIgnoreLayer } from '../../src/scan/ignore-files.js';

const dir = mkdtempSync(join(tmpdir(), 'regshift-ignore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const patterns = [
  '*.log',
  'node_modules/',
  '!keep.log',
  'build',
  '*.bak',
  '!*.yaml',
  'a?c',
  '[ab].txt',
  'x*',
  '!xa/',
];
const names = [
  'a.log',
  'keep.log',
  'build',
  'abc',
  'a.txt',
  'c.txt',
  'node_modules',
  'v.yaml',
  'xa',
  'xb',
  'src',
];

describe('ignore files', () => {
  it('judges a names-only ignore file by name exactly as by whole path, below directories it keeps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...patterns), { minLength: 1, maxLength: 6 }),
        fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (lines, parts, isDirectory) => {
          writeFileSync(join(dir, '.gitignore'), `${lines.join('\n')}\n`);
          const layer = loadIgnoreLayer(dir)!;
          expect(layer.byName).toBeDefined();
          // The walker only asks about entries of directories it entered, that is, that are kept.
          for (let depth = 1; depth < parts.length; depth++) {
            if (isIgnored([layer], join(dir, ...parts.slice(0, depth)), true, true)) return;
          }
          const path = join(dir, ...parts);
          expect(isIgnored([layer], path, isDirectory)).toBe(isIgnored([layer], path, isDirectory, true));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('tests whole paths when a pattern has a slash', () => {
    writeFileSync(join(dir, '.gitignore'), 'deploy/*.yaml\n');
    const layer = loadIgnoreLayer(dir)!;
    expect(layer.byName).toBeUndefined();
    expect(isIgnored([layer], join(dir, 'deploy', 'a.yaml'), false)).toBe(true);
    expect(isIgnored([layer], join(dir, 'other', 'a.yaml'), false)).toBe(false);
  });
});
