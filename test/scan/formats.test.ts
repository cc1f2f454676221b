import { describe, expect, it } from 'vitest';
import { builtinRules, parseConfig, resolveRules } from '../../src/rules/index.js';
import { scanText } from './helpers.js';

describe('Dockerfile', () => {
  it('finds FROM, COPY --from, RUN --mount=from and ARG defaults with their instruction', () => {
    const text = [
      'ARG BASE=k8s.gcr.io/debian-base:v2.0.0',
      'ARG REGISTRY=k8s.gcr.io',
      'FROM gcr.io/google_containers/pause:3.1 AS pause',
      'FROM $BASE',
      'COPY --from=k8s.gcr.io/kubectl:v1.24.12 /bin/kubectl /usr/bin/',
      'RUN --mount=type=bind,from=k8s.gcr.io/etcd:3.5.3-0,target=/etcd \\',
      '    cp /etcd/usr/local/bin/etcdctl /usr/bin/ && echo k8s.gcr.io/x:1',
      '# FROM k8s.gcr.io/old:1',
    ].join('\n');
    const { rows, findings } = scanText('Dockerfile', text);
    expect(rows).toEqual([
      [1, 10, 'image', 'k8s.gcr.io/debian-base:v2.0.0', 'ARG BASE'],
      [2, 14, 'registry', 'k8s.gcr.io', 'ARG REGISTRY'],
      [3, 6, 'image', 'gcr.io/google_containers/pause:3.1', 'FROM'],
      [5, 13, 'image', 'k8s.gcr.io/kubectl:v1.24.12', 'COPY --from'],
      [6, 28, 'image', 'k8s.gcr.io/etcd:3.5.3-0', 'RUN --mount'],
      [7, 54, 'image', 'k8s.gcr.io/x:1', 'RUN --mount'],
      [8, 8, 'image', 'k8s.gcr.io/old:1', 'comment'],
    ]);
    expect(new Set(findings.map((f) => f.format))).toEqual(new Set(['dockerfile']));
  });

  it('detects Dockerfile variants by name', () => {
    for (const name of ['Containerfile', 'Dockerfile.prod', 'build.dockerfile']) {
      expect(scanText(name, 'FROM k8s.gcr.io/pause:3.2\n').findings[0]?.format).toBe('dockerfile');
    }
  });
});

describe('TOML (containerd)', () => {
  it('finds sandbox_image and reports mirror keys as mentions', () => {
    const text = [
      'version = 2',
      '[plugins."io.containerd.grpc.v1.cri"]',
      '  sandbox_image = "k8s.gcr.io/pause:3.6"',
      '[plugins."io.containerd.grpc.v1.cri".registry.mirrors."k8s.gcr.io"]',
      '  endpoint = ["https://registry.k8s.io", "https://k8s.gcr.io"]',
      '[plugins."io.containerd.grpc.v1.cri".registry.configs]',
      '  "k8s.gcr.io" = { tls = {} }',
    ].join('\n');
    expect(scanText('config.toml', text).rows).toEqual([
      [3, 20, 'image', 'k8s.gcr.io/pause:3.6', 'plugins."io.containerd.grpc.v1.cri".sandbox_image'],
      [4, 56, 'mention', 'k8s.gcr.io', 'plugins."io.containerd.grpc.v1.cri".registry.mirrors."k8s.gcr.io"'],
      [
        5,
        51,
        'mention',
        'k8s.gcr.io',
        'plugins."io.containerd.grpc.v1.cri".registry.mirrors."k8s.gcr.io".endpoint',
      ],
      [7, 4, 'mention', 'k8s.gcr.io', 'plugins."io.containerd.grpc.v1.cri".registry.configs'],
    ]);
  });
});

describe('line-oriented formats', () => {
  it('finish on files that start with empty lines (found by the fuzzer: it used to loop forever)', () => {
    for (const name of ['config.toml', 'Dockerfile', 'main.tf']) {
      expect(scanText(name, '\n\ngcr.io/google-containers').rows).toHaveLength(1);
    }
  });
});

describe('Terraform', () => {
  it('names the block and attribute', () => {
    const text = [
      'resource "kubernetes_deployment" "dns" {',
      '  spec {',
      '    template {',
      '      container {',
      '        image = "k8s.gcr.io/coredns:1.7.0"',
      '      }',
      '    }',
      '  }',
      '}',
      'variable "registry" {',
      '  default = "k8s.gcr.io"',
      '}',
    ].join('\n');
    expect(scanText('main.tf', text).rows).toEqual([
      [5, 18, 'image', 'k8s.gcr.io/coredns:1.7.0', 'resource.kubernetes_deployment.dns.image'],
      [11, 14, 'registry', 'k8s.gcr.io', 'variable.registry.default'],
    ]);
  });
});

describe('plain text', () => {
  it('finds references in shell, Makefiles, Go and prose; hosts are mentions unless assigned', () => {
    const text = [
      '#!/bin/sh',
      'REGISTRY=k8s.gcr.io',
      'docker pull k8s.gcr.io/pause:3.2 && crane copy "gcr.io/google-containers/busybox" x',
      'helm install x --set image.registry=k8s.gcr.io --set global.imageRegistry="k8s.gcr.io"',
      'const registry = "k8s.gcr.io"',
      'k8s.gcr.io was frozen; see https://k8s.gcr.io/v2/ and `k8s.gcr.io/pause:3.2.`',
    ].join('\n');
    expect(scanText('run.sh', text).rows).toEqual([
      [2, 10, 'registry', 'k8s.gcr.io', null],
      [3, 13, 'image', 'k8s.gcr.io/pause:3.2', null],
      [3, 49, 'image', 'gcr.io/google-containers/busybox', null],
      [4, 37, 'registry', 'k8s.gcr.io', null],
      [4, 76, 'registry', 'k8s.gcr.io', null],
      [5, 19, 'registry', 'k8s.gcr.io', null],
      [6, 1, 'mention', 'k8s.gcr.io', null],
      [6, 36, 'mention', 'k8s.gcr.io', null],
      [6, 56, 'image', 'k8s.gcr.io/pause:3.2', null],
    ]);
  });

  it('finds shell default expansions', () => {
    const text =
      'IMAGE="$' + '{IMAGE:-k8s.gcr.io/git-sync/git-sync:v3.6.1}"\n: "$' + '{REGISTRY:=k8s.gcr.io}"\n';
    expect(scanText('deploy.sh', text).rows).toEqual([
      [1, 17, 'image', 'k8s.gcr.io/git-sync/git-sync:v3.6.1', null],
      [2, 16, 'registry', 'k8s.gcr.io', null],
    ]);
  });

  it('never matches lookalike hosts or the old name inside another path', () => {
    const text = [
      'notk8s.gcr.io/pause:3.2',
      'k8s.gcr.io.evil.example/pause:3.2',
      'ghcr.io/acme/k8s.gcr.io-mirror:1',
      'ghcr.io/acme/k8s.gcr.io/pause:1',
      'k8s.gcr.io:5000/pause:3.2',
      'gcr.io/google-containers-x/y:1',
      'registry.k8s.io/pause:3.9',
      'my-k8s.gcr.io/x',
    ].join('\n');
    expect(scanText('lookalikes.txt', text).rows).toEqual([]);
  });

  it('reports Rego as policy', () => {
    const text =
      'deny[msg] {\n  startswith(input.image, "k8s.gcr.io/")\n  msg := "k8s.gcr.io is frozen"\n}\n';
    expect(scanText('deny.rego', text).rows.map((r) => r[2])).toEqual(['policy', 'policy']);
  });
});

describe('Helm, Kustomize, Argo CD, Flux and compose', () => {
  it('reads kustomization images[] and compose services', () => {
    const kustomization =
      'images:\n- name: k8s.gcr.io/cpa/cluster-proportional-autoscaler\n  newName: k8s.gcr.io/cpa/cpa\n  newTag: 1.8.5\n';
    const k = scanText('kustomization.yaml', kustomization);
    expect(k.rows).toEqual([
      [2, 9, 'image', 'k8s.gcr.io/cpa/cluster-proportional-autoscaler', 'images[0].name'],
      [3, 12, 'image', 'k8s.gcr.io/cpa/cpa', 'images[0].newName'],
    ]);
    expect(k.findings[0]!.format).toBe('kustomize');
    const compose = scanText(
      'docker-compose.yml',
      'services:\n  etcd:\n    image: k8s.gcr.io/etcd:3.5.3-0\n',
    );
    expect(compose.rows).toEqual([[3, 12, 'image', 'k8s.gcr.io/etcd:3.5.3-0', 'services.etcd.image']]);
    expect(compose.findings[0]!.format).toBe('compose');
  });

  it('reads Argo CD helm parameters and inline values, and Flux HelmRelease values', () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'spec:',
      '  source:',
      '    helm:',
      '      parameters:',
      '        - {name: image.registry, value: k8s.gcr.io}',
      '      values: |',
      '        image:',
      '          registry: k8s.gcr.io',
      '          repository: kube-state-metrics/kube-state-metrics',
      '---',
      'apiVersion: helm.toolkit.fluxcd.io/v2',
      'kind: HelmRelease',
      'spec:',
      '  values:',
      '    image: {repository: k8s.gcr.io/ingress-nginx/controller, tag: v1.2.1}',
    ].join('\n');
    const { findings } = scanText('apps.yaml', text);
    expect(findings.map((f) => [f.line, f.column, f.kind, f.context, f.image])).toEqual([
      [7, 41, 'registry', 'spec.source.helm.parameters[0].value', null],
      [10, 21, 'registry', 'spec.source.helm.values', null],
      [17, 25, 'image', 'spec.values.image.repository', 'k8s.gcr.io/ingress-nginx/controller:v1.2.1'],
    ]);
  });
});

describe('JSON and long YAML streams', () => {
  it('composes split fields in JSON whichever order the keys come in, and finds keys', () => {
    const text =
      '{"image": {"tag": "v1.10", "repository": "ingress-nginx/controller", "registry": "k8s.gcr.io"}, "k8s.gcr.io/pause:3.2": 1}';
    const { findings } = scanText('values.json', text);
    expect(findings.map((f) => [f.column, f.kind, f.context, f.image])).toEqual([
      [83, 'registry', 'image.registry', 'k8s.gcr.io/ingress-nginx/controller:v1.10'],
      [98, 'image', 'k8s.gcr.io/pause:3.2', 'k8s.gcr.io/pause:3.2'],
    ]);
  });

  it('parses only the documents of a stream that hold a hit, with positions in the whole file', () => {
    const doc = (i: number) => `---\nkind: ConfigMap\nmetadata: {name: c${i}}\ndata: {a: "x"}\n`;
    const text =
      Array.from({ length: 2000 }, (_, i) => doc(i)).join('') +
      '---\nkind: Pod\nspec:\n  containers:\n  - image: k8s.gcr.io/pause:3.2\n';
    expect(scanText('rendered.yaml', text).rows).toEqual([
      [8005, 12, 'image', 'k8s.gcr.io/pause:3.2', 'spec.containers[0].image'],
    ]);
    const broken = `${doc(1)}---\nkind: Pod\nimage: [k8s.gcr.io/pause:3.2\n`;
    expect(scanText('broken.yaml', broken).errors[0]).toMatchObject({
      code: 'YAML_PARSE',
      message: expect.stringMatching(/^broken\.yaml:\d+:\d+: not valid YAML/),
    });
  });
});

describe('user rules', () => {
  it('reports report-only rules without a rewrite action, alongside built-ins', () => {
    const rules = resolveRules(
      parseConfig(
        'rules:\n  - {from: docker.io/bitnami, to: docker.io/bitnamilegacy}\n  - {from: quay.io/old-org, to: ghcr.io/new-org, action: report}\n',
        'r.yaml',
      ),
    );
    const text =
      'a: bitnami/redis:7\nb: quay.io/old-org/app:1\nc: k8s.gcr.io/pause:3.2\nd: quay.io/bitnami/redis:7\n';
    const { findings } = scanText('x.yaml', text, rules);
    expect(findings.map((f) => [f.line, f.rule, f.replacement, f.action])).toEqual([
      [1, 'docker.io/bitnami', 'bitnamilegacy/redis:7', undefined],
      [2, 'quay.io/old-org', 'ghcr.io/new-org/app:1', 'report'],
      [3, 'k8s.gcr.io', 'registry.k8s.io/pause:3.2', undefined],
    ]);
    // Plain objects: what JSON carries is the whole finding, so `fix` planned from `scan -o json` agrees.
    expect(JSON.parse(JSON.stringify(findings))).toStrictEqual(findings);
    expect(builtinRules.every((r) => r.action === 'rewrite')).toBe(true);
  });
});
