// `regshift cluster` must not pass a gate when it saw nothing: against the real apiserver, a closed
// port, a rejected token and a ServiceAccount with no RBAC at all each exit 2 and say why.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kube, withTokenContext } from '../cluster/helpers/kube.js';
import { testEnv } from '../env/index.js';
import { freePorts } from '../env/ports.js';
import { runCli } from './run.js';

const env = testEnv();
const { kubectl } = kube(env);
const scratch = mkdtempSync(join(tmpdir(), 'regshift-cluster-exit-'));
const ns = `exit-${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  await kubectl('create', 'namespace', ns);
  await kubectl('-n', ns, 'create', 'serviceaccount', 'nobody');
});
afterAll(async () => {
  await kubectl('delete', 'namespace', ns, '--wait=false').catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

function kubeconfigWithToken(name: string, token: string): string {
  const file = join(scratch, name);
  withTokenContext(env.kubeconfig, file, token);
  return file;
}

describe('regshift cluster exit codes', () => {
  it('exits 2 when the API server cannot be reached', async () => {
    const [port] = await freePorts(1);
    const config = parse(readFileSync(env.kubeconfig, 'utf8'));
    for (const c of config.clusters) c.cluster.server = `https://127.0.0.1:${port}`;
    const file = join(scratch, 'closed');
    writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
    const result = await runCli(['cluster', '--kubeconfig', file], { cwd: scratch });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing could be checked');
    expect(result.stderr).toContain('ECONNREFUSED');
  });

  it('exits 2 when the token is rejected on every call', async () => {
    const file = kubeconfigWithToken('bad-token', 'not-a-valid-token');
    const result = await runCli(['cluster', '--kubeconfig', file, '--context', 'reader'], { cwd: scratch });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nothing could be checked in reader .*HTTP 401/);
  });

  it('exits 2 when nothing is readable (a ServiceAccount with no RBAC: 403 everywhere)', async () => {
    const token = (await kubectl('-n', ns, 'create', 'token', 'nobody')).stdout.trim();
    const file = kubeconfigWithToken('no-rbac', token);
    const result = await runCli(['cluster', '--kubeconfig', file, '--context', 'reader', '-o', 'json'], {
      cwd: scratch,
    });
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.clusters).toEqual([expect.objectContaining({ name: 'reader', reachable: false })]);
    expect(report.errors.every((e: { code: string }) => e.code === 'FORBIDDEN')).toBe(true);
    expect(result.stderr).toContain('nothing could be checked in reader');
  });

  it('an admin that can read an empty namespace is not an error', async () => {
    const result = await runCli(['cluster', '--kubeconfig', env.kubeconfig, '-n', ns], { cwd: scratch });
    expect(result.code).toBe(0);
  });
});
