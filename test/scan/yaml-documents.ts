// Random YAML documents in the block style people write by hand (maps, sequences, quoting, comments,
// block scalars, one-line flow collections, CRLF), for property tests against the `yaml` library.
import fc from 'fast-check';

// A random document tree, rendered in block style with the choices people make by hand.
export type Tree = string | { map: [string, Tree][] } | { seq: Tree[] };
const scalars = [
  'k8s.gcr.io/pause:3.2',
  'k8s.gcr.io',
  'gcr.io/x',
  'nginx',
  '1.10',
  'true',
  '~',
  'null',
  '',
  'a b',
  "it's",
  'x: y',
  '#x',
  'k8s.gcr.io/a # c',
  '- dash',
  '-dash',
  'multi\nline k8s.gcr.io/b',
  'one\n\ntwo',
  'kyverno.io/v1',
  ':x',
  'a:b',
];
const keys = [
  'image',
  'registry',
  'repository',
  'tag',
  'digest',
  'name',
  'k8s.gcr.io',
  'k8s.gcr.io/m',
  'apiVersion',
  'kind',
  'a b',
  '1',
  'True',
  "q'k",
  '"dq"',
];
export const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...scalars),
    fc.record({
      map: fc.array(fc.tuple(fc.constantFrom(...keys), tie('node')), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({ seq: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
  ),
})).node;

export interface Style {
  width: number;
  compact: boolean;
  quote: number;
  comments: boolean;
  crlf: boolean;
  marker: boolean;
  flow: boolean;
}

function scalarText(value: string, style: Style, indent: number, salt: number): string {
  const choice = (style.quote + salt) % 5;
  if (value.includes('\n') || choice === 4) {
    const header = ['|', '|-', '>', '>-'][(salt + style.width) % 4]!;
    const pad = ' '.repeat(indent + style.width);
    return `${header}\n${value
      .split('\n')
      .map((l) => (l === '' ? '' : pad + l))
      .join('\n')}`;
  }
  if (choice === 1) return `'${value.replaceAll("'", "''")}'`;
  if (choice === 2) return JSON.stringify(value);
  const comment = style.comments && salt % 3 === 0 ? ' # note' : '';
  return value + comment;
}

/** A node on one line in flow style: `{a: b, c: [d, 'e']}`. */
function flowText(node: Tree, style: Style, salt: number): string {
  if (typeof node === 'string') {
    const choice = (style.quote + salt) % 3;
    if (node.includes('\n') || choice === 2) return JSON.stringify(node);
    return choice === 1 ? `'${node.replaceAll("'", "''")}'` : node;
  }
  if ('map' in node)
    return `{${node.map.map(([k, v], i) => `${k}: ${flowText(v, style, salt + i)}`).join(', ')}}`;
  return `[ ${node.seq.map((v, i) => flowText(v, style, salt + i)).join(', ')} ]`;
}

function render(node: Tree, indent: number, style: Style, salt: number): string[] {
  const pad = ' '.repeat(indent);
  if (typeof node === 'string') return [pad + scalarText(node, style, indent, salt)];
  if ('map' in node) {
    return node.map.flatMap(([key, value], i) => {
      const head = `${pad}${key}:`;
      if (typeof value === 'string') return [`${head} ${scalarText(value, style, indent, salt + i)}`];
      if (style.flow && (salt + i) % 2 === 0) return [`${head} ${flowText(value, style, salt + i)}`];
      const childIndent = 'seq' in value && style.compact ? indent : indent + style.width;
      const extra = style.comments && i % 2 === 1 ? [`${pad}# between`, ''] : [];
      return [...extra, head, ...render(value, childIndent, style, salt + i)];
    });
  }
  return node.seq.flatMap((item, i) => {
    const lines = render(item, indent + 2, style, salt + i);
    const first = lines[0]!.slice(indent + 2);
    return [`${pad}- ${first}`, ...lines.slice(1)];
  });
}

export const style = fc.record({
  width: fc.constantFrom(2, 4),
  compact: fc.boolean(),
  quote: fc.nat(4),
  comments: fc.boolean(),
  crlf: fc.boolean(),
  marker: fc.boolean(),
  flow: fc.boolean(),
});

export function documentText(node: Tree, s: Style): string {
  const lines = render(node, 0, s, 0);
  if (s.marker) lines.unshift('--- # doc');
  return lines.join(s.crlf ? '\r\n' : '\n') + (s.crlf ? '\r\n' : '\n');
}

export const mutation = fc.record({
  at: fc.nat(),
  insert: fc.constantFrom(
    '',
    ' ',
    ':',
    ': ',
    '#',
    ' #',
    '-',
    '- ',
    '\t',
    '"',
    "'",
    '|',
    '&a ',
    '*a',
    '\n',
    '\n  ',
    '{',
    '---\n',
  ),
  remove: fc.nat(3),
});
