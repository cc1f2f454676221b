import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatBytes, renderMirrorTable } from '../../src/report/mirror-table.js';
import { treesRemovedAfterAll } from '../scan/tree.js';
import { runCli } from './run.js';

const repo = resolve(import.meta.dirname, '../..');
const tree = treesRemovedAfterAll();

describe('habits of the ecosystem', () => {
  it('`regshift help scan` and `--version` on every command', async () => {
    const help = await runCli(['help', 'scan'], { cwd: repo });
    expect(help).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Usage: regshift scan [PATH...]'),
    });
    for (const command of ['scan', 'fix', 'check', 'cluster', 'mirror', 'completion']) {
      const v = await runCli([command, '--version'], { cwd: repo });
      expect(v.code, command).toBe(0);
      expect(v.stdout).toMatch(/^regshift \d+\.\d+\.\d+\n$/);
    }
  });

  it('-o=json works, and unknown flags are reported in regshift words', async () => {
    const root = tree({ 'a.yaml': 'image: k8s.gcr.io/pause:3.2\n' });
    const json = await runCli(['scan', '-o=json'], { cwd: root });
    expect(JSON.parse(json.stdout).findings).toHaveLength(1);
    const unknown = await runCli(['scan', '--bogus'], { cwd: root });
    expect(unknown.stderr).toBe(
      'regshift scan: unknown option --bogus\nRun `regshift scan --help` for usage.\n',
    );
    const missing = await runCli(['scan', '-o'], { cwd: root });
    expect(missing.stderr).toContain('regshift scan: option -o, --output needs a value');
  });

  it('durations mean the same in every command: cluster --timeout takes 10s', async () => {
    const bad = await runCli(['cluster', '--check-pull', '--timeout', 'soon'], { cwd: repo });
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('is not a duration such as 10s') });
    const usage = (await runCli(['cluster', '--help'], { cwd: repo })).stdout;
    expect(usage).toContain('--timeout DURATION');
  });

  it('finds regshift.yaml in the nearest parent directory, up to the repository top', async () => {
    const root = tree({
      'regshift.yaml': 'rules:\n  - {from: quay.io/outside, to: ghcr.io/outside}\n',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/regshift.yaml': 'rules:\n  - {from: quay.io/old, to: ghcr.io/new}\n',
      'repo/deploy/app/a.yaml': 'a: quay.io/old/x:1\nb: quay.io/outside/y:1\n',
      'other/.git/HEAD': 'ref: refs/heads/main\n',
      'other/b.yaml': 'a: quay.io/outside/y:1\n',
    });
    const inRepo = await runCli(['scan', '-o', 'json'], { cwd: join(root, 'repo/deploy/app') });
    expect(JSON.parse(inRepo.stdout).findings.map((f: { replacement: string }) => f.replacement)).toEqual([
      'ghcr.io/new/x:1',
    ]);
    // Above the repository's top a regshift.yaml is never used.
    const other = await runCli(['scan', '-o', 'json'], { cwd: join(root, 'other') });
    expect(JSON.parse(other.stdout).findings).toEqual([]);
  });

  it('--color always|never|auto, and NO_COLOR', async () => {
    const root = tree({ 'a.yaml': 'image: k8s.gcr.io/pause:3.2\n' });
    expect((await runCli(['scan', '--color', 'always'], { cwd: root })).stdout).toContain('\x1b[');
    expect((await runCli(['scan', '--color=never'], { cwd: root })).stdout).not.toContain('\x1b[');
    expect((await runCli(['scan'], { cwd: root, env: { NO_COLOR: '1' } })).stdout).not.toContain('\x1b[');
    const bad = await runCli(['scan', '--color', 'sometimes'], { cwd: root });
    expect(bad).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--color sometimes: choose auto, always or never'),
    });
  });

  it('prints completion scripts for bash, zsh and fish; bash accepts its syntax', async () => {
    const bash = await runCli(['completion', 'bash'], { cwd: repo });
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain('scan) flags="--help --version --color --output --fail-on');
    expect(spawnSync('bash', ['-n'], { input: bash.stdout }).status).toBe(0);
    expect((await runCli(['completion', 'zsh'], { cwd: repo })).stdout).toContain('#compdef regshift');
    expect((await runCli(['completion', 'fish'], { cwd: repo })).stdout).toContain('-l fail-on');
    expect((await runCli(['completion', 'tcsh'], { cwd: repo })).code).toBe(2);
  });

  it('under kubectl, help says `kubectl regshift`', () => {
    const dir = tree({});
    mkdirSync(join(dir, 'bin'));
    symlinkSync(join(repo, 'bin/regshift.js'), join(dir, 'bin/kubectl-regshift'));
    const help = execFileSync(process.execPath, [join(dir, 'bin/kubectl-regshift'), 'scan', '--help'], {
      encoding: 'utf8',
    });
    expect(help).toContain('Usage: kubectl regshift scan [PATH...]');
    expect(help).toContain('kubectl regshift scan -o sarif');
    expect(help).toContain('regshift.yaml');
  });

  it('mirror --dry-run says "would copy", and rates are rounded', () => {
    const result = {
      source: 'k8s.gcr.io/pause:3.9',
      fetchedFrom: 'registry.k8s.io/pause:3.9',
      target: 'm/pause:3.9',
      digest: null,
      copiedBytes: 0,
      copiedBlobs: 0,
      skippedBlobs: 0,
      mountedBlobs: 0,
      status: 'would-copy' as const,
      error: null,
    };
    const text = renderMirrorTable({ results: [result], warnings: [] } as never);
    expect(text).toContain('would copy');
    expect(text).toContain('dry run: 1/1 images would be copied; nothing was written');
    expect(formatBytes(1000 / 3)).toBe('333 B');
  });
});

describe('--quiet', () => {
  it('scan -q and fix -q print nothing, and the exit code still answers', async () => {
    const root = tree({ 'a.yaml': 'image: k8s.gcr.io/pause:3.2\n' });
    expect(await runCli(['scan', '-q'], { cwd: root })).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(await runCli(['fix', '--quiet'], { cwd: root })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await runCli(['scan', '-q'], { cwd: root })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await runCli(['scan', '-q', 'missing'], { cwd: root })).code).toBe(2);
  });
});
