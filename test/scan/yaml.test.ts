import { describe, expect, it } from 'vitest';
import { scanText } from './helpers.js';

describe('YAML manifests', () => {
  it('finds images in every container list, with exact positions and paths', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'spec:',
      '  initContainers:',
      '  - name: init',
      '    image: "k8s.gcr.io/busybox:1.29"',
      '  containers:',
      "  - {name: app, image: 'gcr.io/google-containers/pause:3.1'}",
      '  ephemeralContainers:',
      '  - name: debug',
      '    image: k8s.gcr.io/e2e-test-images/agnhost:2.39 # pinned',
      '',
    ].join('\n');
    expect(scanText('pod.yaml', text).rows).toEqual([
      [6, 13, 'image', 'k8s.gcr.io/busybox:1.29', 'spec.initContainers[0].image'],
      [8, 25, 'image', 'gcr.io/google-containers/pause:3.1', 'spec.containers[0].image'],
      [11, 12, 'image', 'k8s.gcr.io/e2e-test-images/agnhost:2.39', 'spec.ephemeralContainers[0].image'],
    ]);
  });

  it('handles multi-document files, Lists, anchors and comments', () => {
    const text = [
      '# old: k8s.gcr.io/pause:3.1',
      'kind: List',
      'items:',
      '- kind: ConfigMap',
      '  data:',
      '    base: &img k8s.gcr.io/pause:3.2',
      '    again: *img',
      '---',
      'kind: Job',
      'spec: {template: {spec: {containers: [{image: k8s.gcr.io/a:1}, {image: k8s.gcr.io/b:2}]}}}',
    ].join('\n');
    expect(scanText('list.yaml', text).rows).toEqual([
      [1, 8, 'image', 'k8s.gcr.io/pause:3.1', null],
      [6, 16, 'image', 'k8s.gcr.io/pause:3.2', 'items[0].data.base'],
      [10, 47, 'image', 'k8s.gcr.io/a:1', 'spec.template.spec.containers[0].image'],
      [10, 72, 'image', 'k8s.gcr.io/b:2', 'spec.template.spec.containers[1].image'],
    ]);
  });

  it('finds references inside longer strings and block scalars', () => {
    const text = [
      'args:',
      '  - --pod-infra-container-image=k8s.gcr.io/pause:3.6',
      '  - --image-repository=k8s.gcr.io',
      'script: |',
      '  crictl pull k8s.gcr.io/kube-proxy:v1.24.12',
      '  echo done',
      'folded: >-',
      '  see k8s.gcr.io for history',
    ].join('\n');
    expect(scanText('cfg.yaml', text).rows).toEqual([
      [2, 33, 'image', 'k8s.gcr.io/pause:3.6', 'args[0]'],
      [3, 24, 'registry', 'k8s.gcr.io', 'args[1]'],
      [5, 15, 'image', 'k8s.gcr.io/kube-proxy:v1.24.12', 'script'],
      [8, 7, 'mention', 'k8s.gcr.io', 'folded'],
    ]);
  });

  it('reads custom resources and any string field', () => {
    const text =
      'apiVersion: example.com/v1\nkind: Thing\nspec:\n  sidecarImage: k8s.gcr.io/pause:3.2\n  registry: k8s.gcr.io\n';
    expect(scanText('cr.yaml', text).rows).toEqual([
      [4, 17, 'image', 'k8s.gcr.io/pause:3.2', 'spec.sidecarImage'],
      [5, 13, 'registry', 'k8s.gcr.io', 'spec.registry'],
    ]);
  });

  it('composes split Helm-style fields into the image', () => {
    const text = [
      'image:',
      '  registry: k8s.gcr.io',
      '  repository: ingress-nginx/controller',
      '  tag: "v1.10"',
      'resizer:',
      '  repository: k8s.gcr.io/autoscaling/addon-resizer',
      '  tag: 1.10',
      'pinned:',
      '  registry: k8s.gcr.io',
      '  image: pause',
      `  digest: sha256:${'a'.repeat(64)}`,
    ].join('\n');
    const { findings } = scanText('values.yaml', text);
    expect(findings.map((f) => [f.kind, f.match, f.image, f.replacement])).toEqual([
      ['registry', 'k8s.gcr.io', 'k8s.gcr.io/ingress-nginx/controller:v1.10', 'registry.k8s.io'],
      [
        'image',
        'k8s.gcr.io/autoscaling/addon-resizer',
        'k8s.gcr.io/autoscaling/addon-resizer:1.10',
        'registry.k8s.io/autoscaling/addon-resizer',
      ],
      ['registry', 'k8s.gcr.io', `k8s.gcr.io/pause@sha256:${'a'.repeat(64)}`, 'registry.k8s.io'],
    ]);
  });

  it('treats keys as mentions (a containerd mirror section)', () => {
    const text = 'mirrors:\n  k8s.gcr.io:\n    endpoint: ["https://registry.k8s.io"]\n';
    expect(scanText('mirrors.yaml', text).rows).toEqual([
      [2, 3, 'mention', 'k8s.gcr.io', 'mirrors.k8s.gcr.io'],
    ]);
  });

  it('reports policies as policy, never as images', () => {
    const kyverno = [
      'apiVersion: kyverno.io/v1',
      'kind: ClusterPolicy',
      'spec:',
      '  rules:',
      '  - validate:',
      '      pattern:',
      '        spec:',
      '          containers:',
      '          - image: "!k8s.gcr.io/*"',
      '---',
      'apiVersion: constraints.gatekeeper.sh/v1beta1',
      'kind: K8sDisallowedRepos',
      'spec:',
      '  parameters:',
      '    repos: ["k8s.gcr.io/"]',
      '---',
      'apiVersion: admissionregistration.k8s.io/v1',
      'kind: ValidatingAdmissionPolicy',
      'spec:',
      '  validations:',
      '  - expression: "object.spec.containers.all(c, !c.image.startsWith(\'k8s.gcr.io/\'))"',
      '---',
      'kind: Pod',
      'spec: {containers: [{image: k8s.gcr.io/pause:3.2}]}',
    ].join('\n');
    expect(scanText('policies.yaml', kyverno).rows.map((r) => [r[0], r[2]])).toEqual([
      [9, 'policy'],
      [15, 'policy'],
      [21, 'policy'],
      [24, 'image'],
    ]);
  });

  it('reports a broken file and still scans it as text', () => {
    const { rows, errors } = scanText('broken.yaml', 'a: [k8s.gcr.io/pause:3.2\nb: {\n');
    expect(rows).toEqual([[1, 5, 'image', 'k8s.gcr.io/pause:3.2', null]]);
    expect(errors).toEqual([
      {
        path: 'broken.yaml',
        code: 'YAML_PARSE',
        message: expect.stringMatching(/^broken\.yaml:\d+:\d+: not valid YAML .*scanned as text$/),
      },
    ]);
  });

  it('counts columns in UTF-16 units after non-ASCII text', () => {
    const text = 'note: "🚀 überall" \nimage: k8s.gcr.io/pause:3.2 # 🚀 k8s.gcr.io/x:1\n';
    expect(scanText('u.yaml', text).rows).toEqual([
      [2, 8, 'image', 'k8s.gcr.io/pause:3.2', 'image'],
      [2, 34, 'image', 'k8s.gcr.io/x:1', null],
    ]);
  });

  it('keeps columns right on CRLF lines', () => {
    const text = 'a: 1\r\nimage: k8s.gcr.io/pause:3.2\r\n';
    const { findings } = scanText('crlf.yaml', text);
    expect(findings.map((f) => [f.line, f.column, f.endLine, f.endColumn, f.match])).toEqual([
      [2, 8, 2, 28, 'k8s.gcr.io/pause:3.2'],
    ]);
  });
});

describe('JSON', () => {
  it('finds references on one long line with paths', () => {
    const text =
      '{"spec":{"containers":[{"name":"a","image":"k8s.gcr.io/pause:3.2"}]},"registry":"k8s.gcr.io"}';
    expect(scanText('pod.json', text).rows).toEqual([
      [1, 45, 'image', 'k8s.gcr.io/pause:3.2', 'spec.containers[0].image'],
      [1, 82, 'registry', 'k8s.gcr.io', 'registry'],
    ]);
    expect(scanText('pod.json', text).findings[0]!.format).toBe('json');
  });

  it('reports invalid JSON', () => {
    const { rows, errors } = scanText('x.json', '{"image": "k8s.gcr.io/pause:3.2",\n}');
    expect(rows).toEqual([[1, 12, 'image', 'k8s.gcr.io/pause:3.2', null]]);
    expect(errors).toEqual([
      {
        path: 'x.json',
        code: 'JSON_PARSE',
        message: expect.stringMatching(/^x\.json:2:1: not valid JSON .*scanned as text$/),
      },
    ]);
  });
});
