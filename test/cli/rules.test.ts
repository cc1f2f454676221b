import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { treesRemovedAfterAll } from '../scan/tree.js';
import { runCli } from './run.js';

const repo = resolve(import.meta.dirname, '../..');
const tree = treesRemovedAfterAll();

describe('regshift rules', () => {
  it('lists every pack with its date and source, in the JSON envelope', async () => {
    const { code, stdout } = await runCli(['rules', '-o', 'json', '--pack', 'bitnami'], { cwd: repo });
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    expect(Object.keys(body)).toEqual(['tool', 'command', 'packs', 'rules', 'errors', 'summary']);
    expect(body.command).toBe('rules');
    expect(body.packs.map((p: { name: string }) => p.name)).toEqual([
      'k8s.gcr.io',
      'bitnami',
      'bitnami-ecr-public',
      'kube-rbac-proxy',
      'coreos-quay',
      'gcr',
    ]);
    const bitnami = body.packs.find((p: { name: string }) => p.name === 'bitnami');
    expect(bitnami).toMatchObject({
      enabled: true,
      since: '2025-08-28',
      source: 'https://github.com/bitnami/containers/issues/83267',
    });
    expect(bitnami.rules[0].exceptTags).toContain('*-debian-10-*');
    expect(body.rules.filter((r: { pack: string }) => r.pack === 'bitnami')).toHaveLength(1);
    expect(body.summary).toEqual({ packs: 6, enabled: 2, rules: 8 });
  });

  it('prints a table with the sources and the user rules', async () => {
    const { stdout } = await runCli(['rules', '--rule', 'quay.io/old=ghcr.io/new'], { cwd: repo });
    expect(stdout).toMatch(/^bitnami +2025-08-28 {2}off {2}Bitnami's Docker Hub catalogue/m);
    expect(stdout).toContain(
      '    source: https://kubernetes.io/blog/2023/02/06/k8s-gcr-io-freeze-announcement/',
    );
    expect(stdout).toContain(
      'Your rules (they win over a pack rule for the same prefix):\n    quay.io/old → ghcr.io/new',
    );
  });

  it('explains what happens to an image, or why nothing does', async () => {
    const moved = await runCli(['rules', '--explain', 'K8S.GCR.IO:443/pause:3.2'], { cwd: repo });
    expect(moved.code).toBe(1);
    expect(moved.stdout).toContain(
      'pack k8s.gcr.io moves k8s.gcr.io to registry.k8s.io: fix rewrites it\n  → registry.k8s.io/pause:3.2',
    );
    const off = await runCli(['rules', '--explain', 'bitnami/redis:7', '-o', 'json'], { cwd: repo });
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout).explain[0]).toMatchObject({
      normalized: 'docker.io/bitnami/redis:7',
      rule: null,
      reason: 'no active rule covers docker.io/bitnami/redis:7; turn on --pack bitnami for it',
      packsThatMatch: ['bitnami'],
    });
    const excluded = await runCli(
      ['rules', '--pack', 'bitnami', '--explain', 'bitnami/postgresql:11.14.0-debian-10-r22'],
      { cwd: repo },
    );
    expect(excluded.stdout).toContain(
      'pack bitnami matches docker.io/bitnami, but tag 11.14.0-debian-10-r22 was not copied to docker.io/bitnamilegacy: reported, never rewritten',
    );
    const kept = await runCli(['rules', '--pack', 'bitnami', '--explain', 'bitnami/minideb:bookworm'], {
      cwd: repo,
    });
    expect(kept).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(
        'pack bitnami moves docker.io/bitnami, but this repository stayed where it was: nothing to change',
      ),
    });
    const bad = await runCli(['rules', '--explain', 'not a ref!!'], { cwd: repo });
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('REFERENCE_INVALID') });
  });

  it('refuses an unknown pack, from a flag or the config, naming the ones it knows', async () => {
    const flag = await runCli(['scan', '--pack', 'bitnamy'], { cwd: repo });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('error [PACK_UNKNOWN]: no rule pack named "bitnamy"');
    expect(flag.stderr).toContain('hint: Choose from k8s.gcr.io, bitnami,');
    const root = tree({ 'regshift.yaml': 'packs: [nope]\n' });
    expect((await runCli(['rules'], { cwd: root })).stderr).toContain('no rule pack named "nope"');
  });
});

describe('packs in scan and fix', () => {
  it('packs: in regshift.yaml turns one on; excluded tags are reported with the reason and never rewritten', async () => {
    const root = tree({
      'regshift.yaml': 'packs: [bitnami]\n',
      'a.yaml': 'a: bitnami/redis:7.2.4-debian-12-r9\nb: bitnami/postgresql:11.14.0-debian-10-r22\n',
    });
    const scanned = JSON.parse((await runCli(['scan', '-o', 'json'], { cwd: root })).stdout);
    expect(scanned.findings).toEqual([
      expect.objectContaining({
        match: 'bitnami/redis:7.2.4-debian-12-r9',
        replacement: 'bitnamilegacy/redis:7.2.4-debian-12-r9',
        rule: 'bitnami',
        note: expect.stringContaining('allowInsecureImages'),
      }),
      expect.objectContaining({
        match: 'bitnami/postgresql:11.14.0-debian-10-r22',
        replacement: null,
        note: 'no target: this tag (11.14.0-debian-10-r22) was not copied to docker.io/bitnamilegacy; mirror it or move to a maintained image',
      }),
    ]);
    await runCli(['fix'], { cwd: root });
    expect(readFileSync(join(root, 'a.yaml'), 'utf8')).toBe(
      'a: bitnamilegacy/redis:7.2.4-debian-12-r9\nb: bitnami/postgresql:11.14.0-debian-10-r22\n',
    );
  });

  it('a pack rule with an unfilled variable reports, naming the value to set; filled, it rewrites', async () => {
    const root = tree({ 'a.yaml': 'image: gcr.io/acme/api:1.0\n' });
    const report = await runCli(['scan', '--pack', 'gcr', '-o', 'json'], { cwd: root });
    expect(JSON.parse(report.stdout).findings[0]).toMatchObject({
      replacement: null,
      note: expect.stringMatching(/^no target until regshift\.yaml sets variables\.project \(/),
    });
    expect((await runCli(['fix', '--pack', 'gcr'], { cwd: root })).code).toBe(1); // a report-only image is left: fix --fail-on image (the default) says so
    expect(readFileSync(join(root, 'a.yaml'), 'utf8')).toBe('image: gcr.io/acme/api:1.0\n');
    const filled = tree({
      'regshift.yaml': 'packs: [gcr]\nvariables: {project: acme}\n',
      'a.yaml': 'image: gcr.io/acme/api:1.0\n',
    });
    await runCli(['fix'], { cwd: filled });
    expect(readFileSync(join(filled, 'a.yaml'), 'utf8')).toBe(
      'image: us-docker.pkg.dev/acme/gcr.io/api:1.0\n',
    );
  });

  it('a config rule may name the tags its move left behind, and a note', async () => {
    const root = tree({
      'regshift.yaml':
        'rules:\n  - {from: quay.io/acme, to: ghcr.io/acme, exceptTags: ["*-rc*", "legacy"], note: "see RFC-12"}\n',
      'a.yaml': 'a: quay.io/acme/api:1.0\nb: quay.io/acme/api:2.0-rc1\nc: quay.io/acme/api:legacy\n',
    });
    const rows = JSON.parse((await runCli(['scan', '-o', 'json'], { cwd: root })).stdout).findings;
    expect(rows.map((r: { replacement: string | null; note: string }) => [r.replacement, r.note])).toEqual([
      ['ghcr.io/acme/api:1.0', 'see RFC-12'],
      [null, expect.stringContaining('this tag (2.0-rc1) was not copied to ghcr.io/acme')],
      [null, expect.stringContaining('this tag (legacy) was not copied')],
    ]);
    const bad = await runCli(['scan'], {
      cwd: tree({ 'regshift.yaml': 'rules:\n  - {from: quay.io/a, to: ghcr.io/a, exceptTags: ["a b"]}\n' }),
    });
    expect(bad.stderr).toMatch(/CONFIG_INVALID.*rules\.0\.exceptTags\.0: a tag pattern/);
  });

  it('a user rule for a pack prefix wins over the pack', async () => {
    const root = tree({ 'a.yaml': 'image: bitnami/redis:7\n' });
    const report = await runCli(
      ['scan', '--pack', 'bitnami', '--rule', 'docker.io/bitnami=registry.example.com/bitnami', '-o', 'json'],
      { cwd: root },
    );
    expect(JSON.parse(report.stdout).findings[0]).toMatchObject({
      replacement: 'registry.example.com/bitnami/redis:7',
      rule: 'docker.io/bitnami',
    });
  });
});
