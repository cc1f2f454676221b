import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registryHosts } from '../../src/cli/image-flags.js';
import { treesRemovedAfterAll } from '../scan/tree.js';
import { runCli } from './run.js';

const repo = resolve(import.meta.dirname, '../..');
const tree = treesRemovedAfterAll();
const parse = (stdout: string) => JSON.parse(stdout);

describe('exit codes say whether anything was checked', () => {
  it('scan and fix of a path that does not exist exit 2, and say so', async () => {
    const root = tree({ 'a.yaml': 'image: k8s.gcr.io/pause:3.2\n' });
    for (const command of ['scan', 'fix']) {
      const missing = await runCli([command, 'nonexistent'], { cwd: root });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(`regshift ${command}: nonexistent: PATH_NOT_FOUND`);
      expect(missing.stderr).toContain('nothing could be checked');
    }
    // A typo next to a good path still fails the gate, and the good path's findings are kept.
    const mixed = await runCli(['scan', 'a.yaml', 'nonexistnt', '-o', 'json'], { cwd: root });
    expect(mixed.code).toBe(2);
    const report = parse(mixed.stdout);
    expect(report.findings).toHaveLength(1);
    expect(report.errors).toEqual([
      {
        path: 'nonexistnt',
        code: 'PATH_NOT_FOUND',
        message: expect.stringContaining('no such file'),
        hint: 'Check the path.',
      },
    ]);
  });

  it('scan - is refused: scan reads files, not standard input', async () => {
    const root = tree({});
    const result = await runCli(['scan', '-'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('scan reads files and directories, not standard input');
  });

  it('an entirely unreadable tree exits 2 (as an unprivileged user)', () => {
    const root = tree({ 'locked/x.yaml': 'image: k8s.gcr.io/pause:3.2\n' });
    chmodSync(root, 0o755);
    chmodSync(join(root, 'locked'), 0o000);
    const asUser =
      process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const [cmd, ...args] = [...asUser, process.execPath, join(repo, 'bin/regshift.js'), 'scan', 'locked'];
    const result = spawnSync(cmd!, args, { cwd: root, encoding: 'utf8' });
    chmodSync(join(root, 'locked'), 0o755);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('nothing could be checked');
  });

  it('an empty directory is not an error: nothing found, exit 0', async () => {
    const root = tree({ 'empty/.keep': '' });
    expect((await runCli(['scan', 'empty'], { cwd: root })).code).toBe(0);
  });
});

describe('hostile files do not lose the rest of the scan', () => {
  it('keeps every finding of a file with 150,000 references, as text and as a YAML list', async () => {
    const refs = Array.from({ length: 150_000 }, (_, i) => `k8s.gcr.io/pause:3.${i}`);
    const root = tree({
      'refs.txt': refs.join('\n'),
      'list.yaml': refs.map((r) => `- ${r}`).join('\n'),
      'ok.yaml': 'image: k8s.gcr.io/pause:3.2\n',
    });
    const result = await runCli(['scan', '-o', 'json'], { cwd: root });
    expect(result.code).toBe(1);
    const report = parse(result.stdout);
    expect(report.errors).toEqual([]);
    expect(report.summary).toEqual({ files: 3, skipped: 0, findings: 300_001 });
  });

  it('scans files nested 5,000 deep as text, with a diagnostic, and keeps the others', async () => {
    const deep = (open: string, close: string, value: string) =>
      `${open.repeat(5000)}${value}${close.repeat(5000)}`;
    const root = tree({
      'a.json': deep('[', ']', '"k8s.gcr.io/pause:3.2"'),
      'b.json': deep('{"a":', '}', '"k8s.gcr.io/pause:3.2"'),
      'c.yaml': deep('[', ']', 'k8s.gcr.io/pause:3.2'),
      'ok.yaml': 'image: k8s.gcr.io/pause:3.2\n',
    });
    const report = parse((await runCli(['scan', '-o', 'json'], { cwd: root })).stdout);
    expect(report.findings.map((f: { path: string; kind: string }) => [f.path, f.kind])).toEqual([
      ['a.json', 'image'],
      ['b.json', 'image'],
      ['c.yaml', 'image'],
      ['ok.yaml', 'image'],
    ]);
    for (const error of report.errors) expect(error.message).toContain('scanned as text');
    expect(report.errors.map((e: { path: string }) => e.path)).toEqual(['a.json', 'b.json', 'c.yaml']);
  });
});

describe('fix exit codes: 0 when everything that can be rewritten was', () => {
  it('exits 0 after a full rewrite, 1 in a dry run with changes pending, and --fail-on chooses', async () => {
    const files = { 'a.yaml': 'image: k8s.gcr.io/pause:3.2\n', 'README.md': 'k8s.gcr.io is frozen.\n' };
    const dry = await runCli(['fix', '--dry-run'], { cwd: tree(files) });
    expect(dry.code).toBe(1);
    expect((await runCli(['fix', '--dry-run', '--fail-on', 'none'], { cwd: tree(files) })).code).toBe(0);
    const root = tree(files);
    expect((await runCli(['fix'], { cwd: root })).code).toBe(0);
    // The mention is left (never rewritten): counted only when asked.
    expect((await runCli(['fix', '--fail-on', 'any'], { cwd: root })).code).toBe(1);
    expect((await runCli(['fix', '--fail-on', 'image'], { cwd: root })).code).toBe(0);
    const bad = await runCli(['fix', '--fail-on', 'all'], { cwd: root });
    expect(bad).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--fail-on all: choose one of image, any, none'),
    });
  });

  it('a report-only rule left in the tree fails the default gate', async () => {
    const root = tree({
      'regshift.yaml': 'rules:\n  - {from: quay.io/old-org, to: ghcr.io/new-org, action: report}\n',
      'a.yaml': 'image: quay.io/old-org/x:1\n',
    });
    expect((await runCli(['fix'], { cwd: root })).code).toBe(1);
  });
});

describe('fix on a file with 150,000 references', () => {
  it('rewrites and verifies them all (no quadratic verification)', async () => {
    const refs = Array.from({ length: 150_000 }, (_, i) => `- k8s.gcr.io/pause:3.${i}`);
    const root = tree({ 'list.yaml': `${refs.join('\n')}\n` });
    const result = await runCli(['fix', '-o', 'json'], { cwd: root });
    expect(result.code).toBe(0);
    expect(parse(result.stdout).edits).toHaveLength(150_000);
    const text = readFileSync(join(root, 'list.yaml'), 'utf8');
    expect(text.split('\n')[149_999]).toBe('- registry.k8s.io/pause:3.149999');
  }, 120_000);
});

describe('--to: one validator for fix and mirror', () => {
  it.each([['ex'], ['mirror'], ['mirror.example.com/k8s:v1'], ['https://mirror.example.com']])(
    'fix and mirror both refuse --to %s, and fix writes nothing',
    async (to) => {
      const root = tree({ 'a.yaml': 'image: k8s.gcr.io/pause:3.6\n' });
      const fix = await runCli(['fix', '--to', to], { cwd: root });
      expect(fix.code).toBe(2);
      expect(fix.stderr).toContain(`error [FIX_TARGET_INVALID]: --to ${to} is not HOST/PREFIX`);
      expect(readFileSync(join(root, 'a.yaml'), 'utf8')).toBe('image: k8s.gcr.io/pause:3.6\n');
      const mirror = await runCli(['mirror', '--to', to, 'k8s.gcr.io/pause:3.6', '--dry-run'], { cwd: root });
      expect(mirror.code).toBe(2);
      expect(mirror.stderr).toContain(`error [MIRROR_DESTINATION]: --to ${to} is not HOST/PREFIX`);
    },
  );
});

describe('check reads what it is given, and refuses what is not images', () => {
  const bin = join(repo, 'bin/regshift.js');
  const shell = (script: string, cwd: string) =>
    spawnSync('sh', ['-c', script], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NODE: process.execPath },
    });

  it('reads scan JSON from a pipe without `-`, and skips Kustomize images[].name selectors', () => {
    const root = tree({
      'a.yaml': 'image: example.com/a:1\n',
      'kustomization.yaml': 'images:\n- name: k8s.gcr.io/cpa/cpa\n  newTag: 1.8.5\n',
    });
    // example.com/a:1 is moved by no rule: check answers without a network.
    const result = shell(
      `"$NODE" "${bin}" scan -o json --rule example.com=registry.example.com | "$NODE" "${bin}" check --no-connectivity -o json`,
      root,
    );
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report.images.map((i: { image: string }) => i.image)).toEqual(['example.com/a:1']);
  });

  it('refuses the scan table piped into check --from -, saying why', () => {
    const root = tree({ 'a.yaml': 'image: k8s.gcr.io/pause:3.2\n' });
    const result = shell(`"$NODE" "${bin}" scan | "$NODE" "${bin}" check --from - --no-connectivity`, root);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error [CHECK_INPUT]: stdin:1: "→" is not an image reference');
    expect(result.stderr).toContain('Pipe `regshift scan -o json` (not the table)');
  });

  it('says "invalid reference" for an argument that is none, and handles --registry https://HOST', async () => {
    const root = tree({});
    const bad = await runCli(['check', 'not a ref!!'], { cwd: root });
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('invalid reference') });
    expect(registryHosts(['https://registry.example.com/', 'localhost:5000'])).toEqual([
      'registry.example.com',
      'localhost:5000',
    ]);
    for (const wrong of ['https://x', 'http://registry.example.com', 'registry.example.com/path'])
      expect(() => registryHosts([wrong])).toThrow(/--registry/);
  });
});
