import { describe, expect, it } from 'vitest';
import { setChartValue } from '../../src/rewrite/chart-values.js';

const path = ['global', 'security', 'allowInsecureImages'];

/** The text with the edit applied, as fix would splice it. */
function applied(text: string): string {
  const result = setChartValue(text, path, 'values.yaml');
  if (!('edit' in result)) throw new Error(JSON.stringify(result));
  const lines = text.split('\n');
  const offset = lines.slice(0, result.edit.line - 1).join('\n').length + (result.edit.line > 1 ? 1 : 0);
  const at = offset + result.edit.column - 1;
  return text.slice(0, at) + result.edit.after + text.slice(at + result.edit.before.length);
}

describe('setting a Helm value a chart needs, in the file’s own style', () => {
  it.each([
    [
      'turns an existing false into true',
      'global:\n  imageRegistry: docker.io\n  security:\n    allowInsecureImages: false # was\n',
      'global:\n  imageRegistry: docker.io\n  security:\n    allowInsecureImages: true # was\n',
    ],
    [
      'adds the key to an existing security map, keeping CRLF',
      'global:\r\n  security:\r\n    other: 1\r\n',
      'global:\r\n  security:\r\n    allowInsecureImages: true\r\n    other: 1\r\n',
    ],
    [
      'adds security under global, at the file’s four-space indentation',
      'global:\n    imageRegistry: ""\nimage:\n    repository: x\n',
      'global:\n    security:\n        allowInsecureImages: true\n    imageRegistry: ""\nimage:\n    repository: x\n',
    ],
    [
      'adds global at the top, after the leading comment',
      '# values\nimage:\n  registry: docker.io\n',
      '# values\nglobal:\n  security:\n    allowInsecureImages: true\nimage:\n  registry: docker.io\n',
    ],
  ])('%s', (_, before, after) => {
    expect(applied(before)).toBe(after);
  });

  it('does nothing when the value is already true', () => {
    expect(setChartValue('global:\n  security:\n    allowInsecureImages: true\n', path, 'v')).toEqual({
      already: true,
    });
  });

  it.each([
    ['a flow mapping', 'global: {}\n'],
    ['a list at the top', '- a\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['broken YAML', 'a: [\n'],
    ['a value that is a map', 'global:\n  security:\n    allowInsecureImages:\n      x: 1\n'],
    [
      'an alias bomb',
      `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [${'*a, '.repeat(20)}*a]\nc: [${'*b, '.repeat(20)}*b]\n`,
    ],
  ])('leaves %s to a person', (_, text) => {
    expect(setChartValue(text, path, 'v')).toMatchObject({ problem: expect.any(String) });
  });
});
