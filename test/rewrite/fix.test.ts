import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replaceFileAtomically } from '../../src/rewrite/atomic-write.js';
import { applyFixes, planFixes } from '../../src/rewrite/index.js';
import { scan } from '../../src/scan/index.js';
import { runCli } from '../cli/run.js';
import { makeTree } from '../scan/tree.js';

const golden = resolve(import.meta.dirname, 'golden');
let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function copyOf(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'regshift-fix-'));
  cpSync(source, dir, { recursive: true });
  dirs.push(dir);
  return dir;
}

function tree(files: Record<string, string | Buffer>): string {
  const dir = makeTree(files);
  dirs.push(dir);
  return dir;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('regshift fix — golden files (expected outputs checked by a person)', () => {
  it('rewrites exactly the matched prefixes and keeps every other byte', async () => {
    const dir = copyOf(join(golden, 'input'));
    const { code, stdout } = await runCli(['fix'], { cwd: dir });
    // Everything that can be rewritten was: exit 0, so `regshift fix && git commit` works.
    expect(code).toBe(0);
    expect(stdout).toContain('Rewrote 26 references in 10 files; left 5 (1 mention, 4 policy)');
    const expectedDir = join(golden, 'expected');
    expect(listFiles(dir)).toEqual(listFiles(expectedDir));
    for (const file of listFiles(expectedDir)) {
      expect(readFileSync(join(dir, file)).toString('latin1'), file).toBe(
        readFileSync(join(expectedDir, file)).toString('latin1'),
      );
    }
  });

  it('changes nothing the second time', async () => {
    const dir = copyOf(join(golden, 'expected'));
    const { code, stdout } = await runCli(['fix'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain('Rewrote 0 references in 0 files');
    for (const file of listFiles(dir))
      expect(readFileSync(join(dir, file)).equals(readFileSync(join(golden, 'expected', file)))).toBe(true);
  });

  it('prints a dry-run diff that git apply accepts and that gives the same tree as fix', async () => {
    const dir = copyOf(join(golden, 'input'));
    const dry = await runCli(['fix', '--dry-run'], { cwd: dir });
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n@@ -1,6 \+1,6 @@\n/);
    expect(dry.stderr).toContain('Would rewrite 26 references in 10 files; left 5 (1 mention, 4 policy)');
    for (const file of listFiles(dir))
      expect(readFileSync(join(dir, file)).equals(readFileSync(join(golden, 'input', file))), file).toBe(
        true,
      );
    writeFileSync(join(dir, '..', `${dir.split('/').pop()}.patch`), dry.stdout);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['apply', '--whitespace=nowarn', join(dir, '..', `${dir.split('/').pop()}.patch`)], {
      cwd: dir,
    });
    rmSync(join(dir, '..', `${dir.split('/').pop()}.patch`));
    rmSync(join(dir, '.git'), { recursive: true });
    for (const file of listFiles(join(golden, 'expected'))) {
      expect(readFileSync(join(dir, file)).equals(readFileSync(join(golden, 'expected', file))), file).toBe(
        true,
      );
    }
  });

  it('lists the edits as JSON', async () => {
    const dir = copyOf(join(golden, 'input'));
    const { stdout } = await runCli(['fix', 'kubeadm.yaml', 'config.toml', '-o', 'json', '--dry-run'], {
      cwd: dir,
    });
    const json = JSON.parse(stdout);
    expect(json.edits).toEqual([
      {
        path: 'config.toml',
        line: 3,
        column: 20,
        before: 'k8s.gcr.io/pause:3.6',
        after: 'registry.k8s.io/pause:3.6',
      },
      { path: 'kubeadm.yaml', line: 3, column: 18, before: 'k8s.gcr.io', after: 'registry.k8s.io' },
    ]);
    expect(json.left).toEqual([expect.objectContaining({ path: 'config.toml', line: 4, reason: 'mention' })]);
  });
});

describe('regshift fix — hazards', () => {
  it('sends references to a private mirror with --to', async () => {
    const dir = tree({
      'a.yaml':
        'image: k8s.gcr.io/pause:3.2\nregistry: gcr.io/google-containers\nb: gcr.io/k8s-artifacts-prod/etcd:3.5\n',
    });
    await runCli(['fix', '--to', 'mirror.example.com:5000/k8s'], { cwd: dir });
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(
      'image: mirror.example.com:5000/k8s/pause:3.2\nregistry: mirror.example.com:5000/k8s\nb: mirror.example.com:5000/k8s/etcd:3.5\n',
    );
    const bad = await runCli(['fix', '--to', 'mirror.example.com/k8s:v1'], { cwd: dir });
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('FIX_TARGET_INVALID') });
  });

  it('never rewrites report-only rules', async () => {
    const dir = tree({
      'regshift.yaml': 'rules:\n  - {from: quay.io/old, to: ghcr.io/new, action: report}\n',
      'a.yaml': 'a: quay.io/old/x:1\nb: k8s.gcr.io/pause:3.2\n',
    });
    const { stdout } = await runCli(['fix', 'a.yaml'], { cwd: dir });
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(
      'a: quay.io/old/x:1\nb: registry.k8s.io/pause:3.2\n',
    );
    expect(stdout).toContain('left 1 (1 report-only)');
  });

  it('keeps the file mode, the owner and symlinks', async () => {
    const dir = tree({
      'a.sh': '#!/bin/sh\ncrane pull k8s.gcr.io/pause:3.2 p.tar\n',
      'real/b.yaml': 'image: k8s.gcr.io/pause:3.2\n',
    });
    chmodSync(join(dir, 'a.sh'), 0o751);
    symlinkSync('real/b.yaml', join(dir, 'link.yaml'));
    await runCli(['fix', 'a.sh', 'link.yaml'], { cwd: dir });
    expect(statSync(join(dir, 'a.sh')).mode & 0o7777).toBe(0o751);
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real/b.yaml'), 'utf8')).toBe('image: registry.k8s.io/pause:3.2\n');
    expect(readdirSync(dir).filter((n) => n.includes('regshift-'))).toEqual([]);
  });

  it('gives a read-only file a clear error and goes on with the rest', async () => {
    const dir = tree({
      'ro.yaml': 'image: k8s.gcr.io/pause:3.2\n',
      'rw.yaml': 'image: k8s.gcr.io/pause:3.2\n',
    });
    chmodSync(join(dir, 'ro.yaml'), 0o444);
    const { code, stdout, stderr } = await runCli(['fix'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'regshift fix: ro.yaml: FILE_READ_ONLY: the file is read-only; make it writable (chmod u+w) and re-run',
    );
    expect(stdout).toContain('Rewrote 1 reference in 1 file; 1 file failed');
    expect(readFileSync(join(dir, 'ro.yaml'), 'utf8')).toBe('image: k8s.gcr.io/pause:3.2\n');
    expect(readFileSync(join(dir, 'rw.yaml'), 'utf8')).toBe('image: registry.k8s.io/pause:3.2\n');
  });

  it('refuses a file that changed between scanning and writing', async () => {
    const dir = tree({ 'a.yaml': 'image: k8s.gcr.io/pause:3.2\n', 'b.yaml': 'image: k8s.gcr.io/etcd:3.5\n' });
    const plan = planFixes(await scan(['.'], { cwd: dir }), { cwd: dir });
    writeFileSync(join(dir, 'a.yaml'), '# edited by a person\nimage: k8s.gcr.io/pause:3.2\n');
    const result = await applyFixes(plan);
    expect(result.files.map((f) => [f.path, f.status, f.error?.code])).toEqual([
      ['a.yaml', 'failed', 'FILE_CHANGED'],
      ['b.yaml', 'written', undefined],
    ]);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(
      '# edited by a person\nimage: k8s.gcr.io/pause:3.2\n',
    );
    // The last look before the rename: content on disk differs from what was read.
    writeFileSync(join(dir, 'c.txt'), 'now');
    expect(
      await replaceFileAtomically(join(dir, 'c.txt'), Buffer.from('then'), Buffer.from('new')),
    ).toMatchObject({
      ok: false,
      code: 'FILE_CHANGED',
    });
    expect(readFileSync(join(dir, 'c.txt'), 'utf8')).toBe('now');
    expect(readdirSync(dir).filter((n) => n.includes('regshift-'))).toEqual([]);
  });

  it('leaves a file untouched when verification fails, and says why', async () => {
    // The same scalar holds a registry value and a mention of the same host: a safe edit can't be proven.
    const dir = tree({ 'a.yaml': 'args: "--registry=k8s.gcr.io (k8s.gcr.io is frozen)"\n' });
    const result = await applyFixes(planFixes(await scan(['.'], { cwd: dir }), { cwd: dir }));
    expect(result.files[0]).toMatchObject({
      status: 'failed',
      error: {
        code: 'VERIFY_FAILED',
        message: expect.stringContaining('left untouched: the edited file parses to a different structure'),
      },
    });
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(
      'args: "--registry=k8s.gcr.io (k8s.gcr.io is frozen)"\n',
    );
  });

  it('rewrites a kustomize selector together with its base, and leaves it alone when the base is outside', async () => {
    const files = {
      'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
      'base/deploy.yaml': 'spec: {template: {spec: {containers: [{image: "k8s.gcr.io/cpa/cpa:1.8.4"}]}}}\n',
      'overlay/kustomization.yaml':
        'resources: [../base]\nimages:\n- name: k8s.gcr.io/cpa/cpa\n  newTag: 1.8.5\n',
      'remote/kustomization.yaml':
        'resources: [github.com/acme/base?ref=v1]\nimages:\n- name: k8s.gcr.io/cpa/cpa\n  newTag: 1.8.5\n',
    };
    const both = tree(files);
    await runCli(['fix', 'base', 'overlay'], { cwd: both });
    expect(readFileSync(join(both, 'overlay/kustomization.yaml'), 'utf8')).toContain(
      '- name: registry.k8s.io/cpa/cpa\n',
    );
    expect(readFileSync(join(both, 'base/deploy.yaml'), 'utf8')).toContain('"registry.k8s.io/cpa/cpa:1.8.4"');

    const only = tree(files);
    const { stdout } = await runCli(['fix', 'overlay', 'remote'], { cwd: only });
    expect(readFileSync(join(only, 'overlay/kustomization.yaml'), 'utf8')).toBe(
      files['overlay/kustomization.yaml'],
    );
    expect(readFileSync(join(only, 'remote/kustomization.yaml'), 'utf8')).toBe(
      files['remote/kustomization.yaml'],
    );
    expect(stdout).toContain(
      'overlay/kustomization.yaml:3:9  k8s.gcr.io/cpa/cpa  (kustomize-selector: kustomize images[].name selector left alone: it selects k8s.gcr.io/cpa/cpa in base/deploy.yaml, which is outside the paths being fixed',
    );
    expect(stdout).toContain(
      'remote/kustomization.yaml:3:9  k8s.gcr.io/cpa/cpa  (kustomize-selector: kustomize images[].name selector left alone: it selects images in a remote base (github.com/acme/base?ref=v1)',
    );
  });

  it('plans from a report read back from JSON as from the report itself, report-only rules left', async () => {
    const dir = tree({
      'a.yaml': 'x: 1\nimage: "k8s.gcr.io/pause:3.2"\nb: quay.io/old-org/app:1\n',
      'rules.yaml': 'rules:\n  - {from: quay.io/old-org, to: ghcr.io/new-org, action: report}\n',
    });
    const args = ['scan', '-o', 'json', '--config', 'rules.yaml', 'a.yaml'];
    const report = JSON.parse((await runCli(args, { cwd: dir })).stdout);
    const plan = planFixes(report, { cwd: dir });
    expect(plan.left.map((l) => [l.match, l.reason])).toEqual([['quay.io/old-org/app:1', 'report-only']]);
    expect(plan.files.flatMap((f) => f.edits.map((e) => e.after))).toEqual(['registry.k8s.io/pause:3.2']);
  });
});
