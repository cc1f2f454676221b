// Findings that real repositories got wrong: each case is text that was found in one.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/index.js';
import { runCli } from '../cli/run.js';
import { treesRemovedAfterAll } from './tree.js';

const repo = resolve(import.meta.dirname, '../..');
const tree = treesRemovedAfterAll();
/** A shell variable as written in a file. */
const arch = ['$', '{ARCH}'].join('');
const rows = (findings: { path: string; kind: string; match: string; image: string | null }[]) =>
  findings.map((f) => [f.path, f.kind, f.match, f.image]);

describe('false findings seen on real repositories', () => {
  it('a directory flag named after the host is a mention, an image flag a registry', async () => {
    const root = tree({
      'RELEASE.md':
        'Promote with `cip-mm --base_dir=k8s.gcr.io --dry-run`.\nkubeadm init --image-repository=k8s.gcr.io\n',
    });
    const report = await scan(['.'], { cwd: root });
    expect(rows(report.findings)).toEqual([
      ['RELEASE.md', 'mention', 'k8s.gcr.io', null],
      ['RELEASE.md', 'registry', 'k8s.gcr.io', null],
    ]);
  });

  it('a reference that goes on (concatenation, $ARCH in braces, <ARCH>) has no image: its tag or name is unknown', async () => {
    const root = tree({
      'lib.jsonnet': "local img = 'k8s.gcr.io/x/y:v' + version;\n",
      Dockerfile: `FROM k8s.gcr.io/name-${arch}:1.0\n`,
      'd.yaml': `containers:\n- image: k8s.gcr.io/name-${arch}:1.0\n- image: "k8s.gcr.io/name-<ARCH>:1.0"\n- image: k8s.gcr.io/pause:3.2\n`,
    });
    const report = await scan(['.'], { cwd: root });
    expect(rows(report.findings)).toEqual([
      ['Dockerfile', 'image', 'k8s.gcr.io/name', null],
      ['d.yaml', 'image', 'k8s.gcr.io/name', null],
      ['d.yaml', 'image', 'k8s.gcr.io/name', null],
      ['d.yaml', 'image', 'k8s.gcr.io/pause:3.2', 'k8s.gcr.io/pause:3.2'],
      ['lib.jsonnet', 'image', 'k8s.gcr.io/x/y:v', null],
    ]);
    // The rewrite of the prefix is still right.
    expect(report.findings[0]!.replacement).toBe('registry.k8s.io/name');
  });

  it('scans UTF-16 files with a BOM (little and big endian) instead of skipping them as binary', async () => {
    const text = 'a: 1\nimage: k8s.gcr.io/pause:3.2\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    const root = tree({ 'le.yaml': le, 'be.yaml': be });
    const report = await scan(['.'], { cwd: root });
    expect(report.summary).toEqual({ files: 2, skipped: 0, findings: 2 });
    expect(report.findings.map((f) => [f.path, f.line, f.column, f.image])).toEqual([
      ['be.yaml', 2, 8, 'k8s.gcr.io/pause:3.2'],
      ['le.yaml', 2, 8, 'k8s.gcr.io/pause:3.2'],
    ]);
    // fix reports such a file but never rewrites it.
    const fix = await runCli(['fix', 'le.yaml'], { cwd: root });
    expect(fix.stderr).toContain('le.yaml: UNSUPPORTED_ENCODING');
  });

  it('reads references whose slashes JSON escaped, and fix keeps the escapes', async () => {
    const json = '{"image": "k8s.gcr.io\\/pause:3.2", "other": "k8s.gcr.io\\/x\\/y:1"}\n';
    const root = tree({ 'a.json': json });
    const report = await scan(['.'], { cwd: root });
    expect(report.findings.map((f) => [f.kind, f.match, f.image, f.replacement, f.context])).toEqual([
      ['image', 'k8s.gcr.io\\/pause:3.2', 'k8s.gcr.io/pause:3.2', 'registry.k8s.io\\/pause:3.2', 'image'],
      ['image', 'k8s.gcr.io\\/x\\/y:1', 'k8s.gcr.io/x/y:1', 'registry.k8s.io\\/x\\/y:1', 'other'],
    ]);
    const fix = await runCli(['fix'], { cwd: root });
    expect(fix.code).toBe(0);
    expect(readFileSync(join(root, 'a.json'), 'utf8')).toBe(json.replaceAll('k8s.gcr.io', 'registry.k8s.io'));
  });

  it('a FIFO named on the command line is reported, not opened (which would wait forever)', () => {
    const root = tree({ 'a.yaml': 'image: k8s.gcr.io/pause:3.2\n' });
    spawnSync('mkfifo', [join(root, 'pipe')]);
    const result = spawnSync(
      process.execPath,
      [join(repo, 'bin/regshift.js'), 'scan', 'pipe', 'a.yaml', '-o', 'json'],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(result.status).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.findings).toHaveLength(1);
    expect(report.errors).toEqual([expect.objectContaining({ path: 'pipe', code: 'NOT_A_FILE' })]);
  });
});
