import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { treesRemovedAfterAll } from '../scan/tree.js';
import { runCli } from './run.js';

const tree = treesRemovedAfterAll();
type Row = { match: string; replacement: string | null; rule: string };
async function scanJson(root: string, args: string[] = []): Promise<Row[]> {
  const { stdout, stderr } = await runCli(['scan', '-o', 'json', ...args], { cwd: root });
  if (!stdout) throw new Error(stderr);
  return JSON.parse(stdout).findings;
}

describe('hosts compare as registries do', () => {
  it('finds and rewrites an uppercase host and the default port :443, keeping the rest', async () => {
    const root = tree({
      'a.yaml': [
        'a: K8S.GCR.IO/pause:3.2',
        'b: k8s.gcr.io:443/pause:3.2',
        'c: gcr.io:443/google-containers/pause:3.1',
        'd: k8s.gcr.io:5000/pause:3.2',
        'e: GCR.IO/google_containers/etcd:3.4',
        '',
      ].join('\n'),
    });
    const rows = await scanJson(root);
    expect(rows.map((r) => [r.match, r.replacement])).toEqual([
      ['K8S.GCR.IO/pause:3.2', 'registry.k8s.io/pause:3.2'],
      ['k8s.gcr.io:443/pause:3.2', 'registry.k8s.io/pause:3.2'],
      ['gcr.io:443/google-containers/pause:3.1', 'registry.k8s.io/pause:3.1'],
      ['GCR.IO/google_containers/etcd:3.4', 'registry.k8s.io/etcd:3.4'],
    ]);
    expect((await runCli(['fix'], { cwd: root })).code).toBe(0);
    expect(readFileSync(join(root, 'a.yaml'), 'utf8')).toBe(
      [
        'a: registry.k8s.io/pause:3.2',
        'b: registry.k8s.io/pause:3.2',
        'c: registry.k8s.io/pause:3.1',
        'd: k8s.gcr.io:5000/pause:3.2',
        'e: registry.k8s.io/etcd:3.4',
        '',
      ].join('\n'),
    );
  });
});

describe('Docker Hub spellings', () => {
  const input = [
    'a: bitnami/redis:7',
    'b: docker.io/bitnami/redis:7',
    'c: index.docker.io/bitnami/redis:7',
    'd: registry-1.docker.io/bitnami/redis:7',
    'e: quay.io/bitnami/redis:7',
    'f: docker.io/bitnamilegacy/redis:7',
    'g: docker.io/bitnami-labs/x:1',
    '',
  ].join('\n');
  const output = [
    'a: bitnamilegacy/redis:7',
    'b: docker.io/bitnamilegacy/redis:7',
    'c: index.docker.io/bitnamilegacy/redis:7',
    'd: registry-1.docker.io/bitnamilegacy/redis:7',
    'e: quay.io/bitnami/redis:7',
    'f: docker.io/bitnamilegacy/redis:7',
    'g: docker.io/bitnami-labs/x:1',
    '',
  ].join('\n');

  it.each([
    ['docker.io/bitnami=docker.io/bitnamilegacy'],
    ['bitnami=bitnamilegacy'],
    ['index.docker.io/bitnami=docker.io/bitnamilegacy'],
  ])('--rule %s matches every spelling and keeps the one written', async (rule) => {
    const root = tree({ 'a.yaml': input });
    expect((await runCli(['fix', '--rule', rule], { cwd: root })).code).toBe(0);
    expect(readFileSync(join(root, 'a.yaml'), 'utf8')).toBe(output);
  });
});

describe('user rules win over built-in ones for the same prefix', () => {
  it('--rule k8s.gcr.io=… replaces the built-in target', async () => {
    const root = tree({ 'a.yaml': 'image: k8s.gcr.io/pause:3.2\n' });
    const rows = await scanJson(root, ['--rule', 'k8s.gcr.io=mirror.example.com/k8s']);
    expect(rows.map((r) => r.replacement)).toEqual(['mirror.example.com/k8s/pause:3.2']);
  });

  it('a report-only config rule for a built-in prefix is never rewritten by fix', async () => {
    const root = tree({
      'regshift.yaml': 'rules:\n  - {from: k8s.gcr.io, action: report}\n',
      'a.yaml': 'image: k8s.gcr.io/pause:3.2\nother: gcr.io/google-containers/pause:3.1\n',
    });
    const fix = await runCli(['fix', '-o', 'json'], { cwd: root });
    expect(readFileSync(join(root, 'a.yaml'), 'utf8')).toBe(
      'image: k8s.gcr.io/pause:3.2\nother: registry.k8s.io/pause:3.1\n',
    );
    expect(JSON.parse(fix.stdout).left).toEqual([
      expect.objectContaining({ match: 'k8s.gcr.io/pause:3.2', reason: 'report-only' }),
    ]);
  });
});

describe('rules that would loop are refused', () => {
  it.each([
    ['docker.io/bitnami=docker.io/bitnami', 'RULE_LOOP'],
    ['docker.io/bitnami=bitnami', 'RULE_LOOP'],
    ['K8S.GCR.IO=k8s.gcr.io:443', 'RULE_LOOP'],
    ['docker.io/bitnami=docker.io/bitnami/legacy', 'RULE_LOOP'],
  ])('--rule %s', async (rule, code) => {
    const root = tree({ 'a.yaml': 'image: bitnami/redis:7\n' });
    const result = await runCli(['fix', '--rule', rule], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error [${code}]`);
    expect(result.stderr).toMatch(/hint: .+/);
    expect(readFileSync(join(root, 'a.yaml'), 'utf8')).toBe('image: bitnami/redis:7\n');
  });

  it('in regshift.yaml, with the file and line', async () => {
    const root = tree({
      'regshift.yaml':
        'rules:\n  - {from: quay.io/a, to: quay.io/b}\n  - {from: quay.io/x, to: quay.io/x/y}\n',
    });
    const result = await runCli(['scan'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error [RULE_LOOP]');
    expect(result.stderr).toContain('regshift.yaml:3');
  });

  it('rules that send images round in a circle, with a pack or with each other', async () => {
    const root = tree({ 'a.yaml': 'image: bitnami/redis:7\n' });
    const withPack = await runCli(
      ['fix', '--pack', 'bitnami', '--rule', 'docker.io/bitnamilegacy=docker.io/bitnami'],
      {
        cwd: root,
      },
    );
    expect(withPack.code).toBe(2);
    expect(withPack.stderr).toContain(
      'error [RULE_LOOP]: rules send images round in a circle: docker.io/bitnami → docker.io/bitnamilegacy → docker.io/bitnami',
    );
    const three = await runCli(
      [
        'scan',
        '--rule',
        'quay.io/a=quay.io/b',
        '--rule',
        'quay.io/b=quay.io/c',
        '--rule',
        'quay.io/c=quay.io/a',
      ],
      { cwd: root },
    );
    expect(three).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('quay.io/a → quay.io/b → quay.io/c → quay.io/a'),
    });
    // A chain that ends is allowed.
    expect(
      (
        await runCli(['scan', '--rule', 'quay.io/a=quay.io/b', '--rule', 'quay.io/b=quay.io/c'], {
          cwd: root,
        })
      ).code,
    ).toBe(0);
    expect(readFileSync(join(root, 'a.yaml'), 'utf8')).toBe('image: bitnami/redis:7\n');
  });

  it('a rule into another org of the same registry is fine', async () => {
    const root = tree({ 'a.yaml': 'image: bitnami/redis:7\n' });
    expect(
      (await runCli(['scan', '--rule', 'docker.io/bitnami=docker.io/bitnamilegacy'], { cwd: root })).code,
    ).toBe(1);
  });
});

describe('fix leaves its own config file alone', () => {
  it("with the README's Bitnami rule", async () => {
    const config = 'rules:\n  - { from: docker.io/bitnami, to: docker.io/bitnamilegacy }\nbuiltin: true\n';
    const root = tree({ 'regshift.yaml': config, 'values.yaml': 'image: docker.io/bitnami/redis:7\n' });
    const fix = await runCli(['fix'], { cwd: root });
    expect(fix.code).toBe(0);
    expect(readFileSync(join(root, 'values.yaml'), 'utf8')).toBe('image: docker.io/bitnamilegacy/redis:7\n');
    expect(readFileSync(join(root, 'regshift.yaml'), 'utf8')).toBe(config);
    expect(JSON.parse((await runCli(['scan', '-o', 'json'], { cwd: root })).stdout).findings).toEqual([]);
  });

  it('named with --config, from another directory', async () => {
    const config = 'rules:\n  - { from: quay.io/old, to: ghcr.io/new }\n';
    const root = tree({ 'conf/rs.yaml': config, 'deploy/a.yaml': 'image: quay.io/old/x:1\n' });
    await runCli(['fix', '--config', 'conf/rs.yaml', '.'], { cwd: root });
    expect(readFileSync(join(root, 'conf/rs.yaml'), 'utf8')).toBe(config);
    expect(readFileSync(join(root, 'deploy/a.yaml'), 'utf8')).toBe('image: ghcr.io/new/x:1\n');
  });
});
