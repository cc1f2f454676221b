// Every command's real `-o json`, run in process, validated against the shipped schema file. The
// commands that need a registry or a cluster run here against a closed loopback port (their failure
// shapes); outputs.env.test.ts runs them against the real services.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run.js';
import { freePorts } from '../env/ports.js';
import { expectValidOutput } from './shipped.js';

const example = resolve(import.meta.dirname, '../../examples/legacy-platform');
const scratch = mkdtempSync(join(tmpdir(), 'regshift-schema-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh copy of the bundled example (fix writes into it). */
function exampleCopy(name: string): string {
  const dir = join(scratch, name);
  cpSync(example, dir, { recursive: true });
  writeFileSync(join(dir, 'broken.yaml'), 'image: k8s.gcr.io/pause:3.2\n  bad: [indent\n');
  return dir;
}

const cli = (args: string[], cwd = scratch) => runCli(args, { cwd });

describe('the JSON of the commands that read files', () => {
  it('scan: findings, a parse error and a missing path', async () => {
    const cwd = exampleCopy('scan');
    const run = await cli(['scan', '.', 'missing', '-o', 'json'], cwd);
    expect(run.code).toBe(2);
    const doc = expectValidOutput(run.stdout, 'scan');
    expect((doc['findings'] as unknown[]).length).toBeGreaterThan(10);
    expect(doc['errors']).toContainEqual(
      expect.objectContaining({ code: 'PATH_NOT_FOUND', hint: 'Check the path.' }),
    );
    writeFileSync(join(scratch, 'scan.json'), run.stdout);
  });

  it('fix --dry-run and fix: pending, then written, edits and what was left', async () => {
    const cwd = exampleCopy('fix');
    const dry = await cli(['fix', '--dry-run', '-o', 'json'], cwd);
    expect(dry.code).toBe(1);
    const planned = expectValidOutput(dry.stdout, 'fix');
    expect(planned['dryRun']).toBe(true);
    expect((planned['left'] as unknown[]).length).toBeGreaterThan(0);
    const wrote = expectValidOutput((await cli(['fix', '-o', 'json'], cwd)).stdout, 'fix');
    expect((wrote['files'] as { status: string }[]).map((f) => f.status)).toContain('written');
    expect(wrote['summary']).toMatchObject({ failed: 0 });
  });

  it('policy --check on paths writes the scan shape', async () => {
    const run = await cli(['policy', '--check', example, '-o', 'json']);
    expectValidOutput(run.stdout, 'scan');
  });
});

describe('the JSON of rules and policy', () => {
  it('rules, with a pack turned on', async () => {
    const run = await cli(['rules', '--pack', 'bitnami', '-o', 'json']);
    expect(run.code).toBe(0);
    expectValidOutput(run.stdout, 'rules');
  });

  it('rules --explain, with an image no rule moves and one that is no reference', async () => {
    const images = ['k8s.gcr.io/pause:3.2', 'docker.io/bitnami/redis:7', 'Not A Reference'];
    const run = await cli(['rules', ...images.flatMap((i) => ['--explain', i]), '-o', 'json']);
    expect(run.code).toBe(2);
    const doc = expectValidOutput(run.stdout, 'rules');
    expect(doc['errors']).toEqual([expect.objectContaining({ code: 'REFERENCE_INVALID' })]);
  });

  it.each(['vap', 'kyverno', 'gatekeeper'])('policy --engine %s', async (engine) => {
    const run = await cli(['policy', '--engine', engine, '-o', 'json']);
    expect(run.code).toBe(0);
    expectValidOutput(run.stdout, 'policy');
  });
});

describe('the JSON of check and mirror when the registry is not there', () => {
  it('check: a refused connection for the registry and for each image', async () => {
    const [port] = await freePorts(1);
    const old = `127.0.0.1:${port}/old`;
    const rule = `${old}=127.0.0.1:${port}/new`;
    const run = await cli(['check', `${old}/pause:3.2`, '--rule', rule, '--timeout', '2s', '-o', 'json']);
    expect(run.code).toBe(1);
    const doc = expectValidOutput(run.stdout, 'check');
    expect(doc['images']).toEqual([expect.objectContaining({ verdict: 'error', code: 'REGISTRY_TCP' })]);
    writeFileSync(join(scratch, 'check.json'), run.stdout);
  });

  it('mirror --dry-run: a failed image with its code and hint', async () => {
    const [port] = await freePorts(1);
    const run = await cli([
      'mirror',
      `127.0.0.1:${port}/app:1`,
      '--to',
      `127.0.0.1:${port}/mirror`,
      '--dry-run',
      '--timeout',
      '2s',
      '-o',
      'json',
    ]);
    expect(run.code).toBe(1);
    const doc = expectValidOutput(run.stdout, 'mirror');
    expect(doc['results']).toEqual([
      expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'REGISTRY_TCP' }) }),
    ]);
    writeFileSync(join(scratch, 'mirror.json'), run.stdout);
  });
});

describe('the JSON of report', () => {
  it('merges the outputs above, against a baseline of itself', async () => {
    const inputs = ['scan.json', 'check.json', 'mirror.json', 'missing.json'];
    const first = await cli(['report', ...inputs, '-o', 'json']);
    const doc = expectValidOutput(first.stdout, 'report');
    expect(doc['errors']).toContainEqual(expect.objectContaining({ code: 'REPORT_INPUT' }));
    expect(doc['errors']).toContainEqual(
      expect.objectContaining({ input: 'scan', code: 'PATH_NOT_FOUND', hint: 'Check the path.' }),
    );
    writeFileSync(join(scratch, 'report.json'), first.stdout);
    const again = await cli(['report', 'scan.json', '--baseline', 'report.json', '-o', 'json']);
    expectValidOutput(again.stdout, 'report');
  });
});
