// The line-by-line reader of plain block YAML must agree with the `yaml` library wherever it answers, and
// must step aside (undefined) for anything else, broken documents above all.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Document, isMap, parseAllDocuments } from 'yaml';
import { blockYamlSites } from '../../src/scan/formats/block-yaml.js';
import { isPolicyDocument } from '../../src/scan/formats/policy.js';
import type { ScalarSite } from '../../src/scan/formats/sites.js';
import { scalarSites } from '../../src/scan/formats/yaml-tree.js';

const needle = 'k8s.gcr.io';
const siblingKeys = ['tag', 'digest', 'repository', 'image', 'name', 'registry', 'kind'];

function hitStarts(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

const comparable = (site: ScalarSite) => ({
  start: site.start,
  end: site.end,
  value: site.value,
  path: site.path,
  isKey: site.isKey,
  key: site.key,
  siblings: siblingKeys.map((k) => site.sibling(k)),
});

/** What the library makes of the document: the sites holding a hit, and whether it is a policy. */
function libraryView(text: string, starts: number[]) {
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: false });
  const list: Document[] = Array.isArray(docs) ? docs : [];
  const errors = list.flatMap((d) => d.errors.map((e) => e.message));
  const doc = list[0];
  const sites = doc
    ? scalarSites(doc, text).filter((s) => starts.some((h) => s.start <= h && h <= s.end))
    : [];
  const policy = doc
    ? isMap(doc.contents) && isPolicyDocument(doc.get('apiVersion'), doc.get('kind'))
    : false;
  return { documents: list.length, errors, policy, sites: sites.map(comparable) };
}

function expectAgreement(text: string): boolean {
  const starts = hitStarts(text);
  const fast = blockYamlSites(text, starts);
  if (!fast) return false;
  const library = libraryView(text, starts);
  expect(library.errors, text).toEqual([]);
  expect(library.documents, text).toBeLessThanOrEqual(1);
  expect({ policy: fast.policy, sites: fast.sites.map(comparable) }, text).toEqual({
    policy: library.policy,
    sites: library.sites,
  });
  return true;
}

// A random document tree, rendered in block style with the choices people make by hand.
type Tree = string | { map: [string, Tree][] } | { seq: Tree[] };
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
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...scalars),
    fc.record({
      map: fc.array(fc.tuple(fc.constantFrom(...keys), tie('node')), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({ seq: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
  ),
})).node;

interface Style {
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

const style = fc.record({
  width: fc.constantFrom(2, 4),
  compact: fc.boolean(),
  quote: fc.nat(4),
  comments: fc.boolean(),
  crlf: fc.boolean(),
  marker: fc.boolean(),
  flow: fc.boolean(),
});

function documentText(node: Tree, s: Style): string {
  const lines = render(node, 0, s, 0);
  if (s.marker) lines.unshift('--- # doc');
  return lines.join(s.crlf ? '\r\n' : '\n') + (s.crlf ? '\r\n' : '\n');
}

const mutation = fc.record({
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

describe('block YAML reader', () => {
  it('reads a typical manifest without the library, agreeing with it', () => {
    const text = [
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web # the app',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: app',
      '        image: "k8s.gcr.io/pause:3.2"',
      '        args:',
      '          - --pod-infra-container-image=k8s.gcr.io/pause:3.6',
      '        command: |',
      '          crictl pull k8s.gcr.io/kube-proxy:v1.24.12',
      '          echo done',
      '        resources: { requests: { cpu: 1m }, limits: [] }',
      '      - {name: sidecar, image: k8s.gcr.io/kube-proxy, tag: "1.2"}',
      '      - name: sidecar',
      "        image: 'k8s.gcr.io/busybox'",
      'values:',
      '  image:',
      '    registry: k8s.gcr.io',
      '    repository: ingress-nginx/controller',
      '    tag: 1.10',
      '',
    ].join('\n');
    expect(expectAgreement(text)).toBe(true);
    const paths = blockYamlSites(text, hitStarts(text))?.sites.map((s) => s.path);
    expect(paths).toEqual([
      'spec.template.spec.containers[0].image',
      'spec.template.spec.containers[0].args[0]',
      'spec.template.spec.containers[0].command',
      'spec.template.spec.containers[1].image',
      'spec.template.spec.containers[2].image',
      'values.image.registry',
    ]);
  });

  it('steps aside for flow style, anchors, tags, escapes and broken indentation', () => {
    for (const text of [
      'a: {image: {b: k8s.gcr.io/x}\n',
      'a: [k8s.gcr.io/x,]\n',
      'a: &x k8s.gcr.io/x\nb: *x\n',
      'a: !!str k8s.gcr.io/x\n',
      'a: "k8s.gcr.io/x\\n"\n',
      'a: k8s.gcr.io/x\n  continued\n',
      'a:\n  b: k8s.gcr.io/x\n c: 1\n',
      'a:\tk8s.gcr.io/x\n',
      'a: k8s.gcr.io/x\n---\nb: 1\n',
      'a: "k8s.gcr.io/x\n  b"\n',
    ]) {
      expect(blockYamlSites(text, hitStarts(text)), text).toBeUndefined();
    }
  });

  it('agrees with the yaml library on generated documents', () => {
    let answered = 0;
    fc.assert(
      fc.property(tree, style, (node, s) => {
        if (expectAgreement(documentText(node, s))) answered++;
      }),
      { numRuns: 3000 },
    );
    // The generator must reach the subset, or the property says nothing.
    expect(answered).toBeGreaterThan(300);
  });

  it('never answers for a document the library finds broken, and agrees where it answers', () => {
    fc.assert(
      fc.property(tree, style, fc.array(mutation, { minLength: 1, maxLength: 3 }), (node, s, edits) => {
        let text = documentText(node, s);
        for (const edit of edits) {
          const at = edit.at % (text.length + 1);
          text = text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
        }
        expectAgreement(text);
      }),
      { numRuns: 4000 },
    );
  });
});
