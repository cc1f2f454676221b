// The line-by-line reader of plain block YAML must agree with the `yaml` library wherever it answers, and
// must step aside (undefined) for anything else, broken documents above all.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Document, isMap, parseAllDocuments } from 'yaml';
import { blockYamlSites } from '../../src/scan/formats/block-yaml.js';
import { isPolicyDocument } from '../../src/scan/formats/policy.js';
import type { ScalarSite } from '../../src/scan/formats/sites.js';
import { scalarSites } from '../../src/scan/formats/yaml-tree.js';
import { documentText, mutation, style, tree } from './yaml-documents.js';

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
