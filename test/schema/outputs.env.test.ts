// Every command's real `-o json` against the real services of test/env (the apiserver, the registries),
// validated against the shipped schema file: cluster, cluster --check-pull, patch (plan and apply),
// check, mirror (--dry-run and a copy), and report over all of them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run.js';
import { kube } from '../cluster/helpers/kube.js';
import { testEnv } from '../env/index.js';
import { testRegistries, uniqueName } from '../registry/helpers/env.js';
import { seedImage } from '../registry/helpers/oci.js';
import { expectValidOutput } from './shipped.js';

const env = testEnv();
const registries = testRegistries();
const { kubectl, createNamespace } = kube(env);
const ns = `schema-${randomBytes(3).toString('hex')}`;
const scratch = mkdtempSync(join(tmpdir(), 'regshift-schema-env-'));
const cluster = ['--kubeconfig', env.kubeconfig, '-n', ns];
const old = `${registries.plain}/${uniqueName('old')}`;
const moved = `${registries.plain}/${uniqueName('new')}`;
const rule = ['--rule', `${old}=${moved}`];

const cli = (...args: string[]) => runCli(args, { cwd: scratch, env: { HOME: '/nonexistent' } });
const save = (name: string, text: string) => writeFileSync(join(scratch, name), text);

beforeAll(async () => {
  await createNamespace(ns);
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: ns },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'k8s.gcr.io/pause:3.2' }] },
      },
    },
  };
  save('web.json', JSON.stringify(deployment));
  await kubectl('apply', '-f', join(scratch, 'web.json'));
  await seedImage(`${old}/same:1`, 'same');
  await seedImage(`${moved}/same:1`, 'same');
  await seedImage(`${old}/only-old:1`, 'only-old');
});

afterAll(async () => {
  await kubectl('delete', 'namespace', ns, '--wait=false').catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

describe('the JSON of the commands that read a cluster', () => {
  it('cluster: the Deployment traced to what must change', async () => {
    const run = await cli('cluster', ...cluster, '-o', 'json');
    expect(run.code).toBe(1);
    const doc = expectValidOutput(run.stdout, 'cluster');
    expect(doc['findings']).toContainEqual(expect.objectContaining({ match: 'k8s.gcr.io/pause:3.2' }));
    save('cluster.json', run.stdout);
  });

  it('cluster --check-pull: a pod no node takes', async () => {
    const run = await cli(
      'cluster',
      '--kubeconfig',
      env.kubeconfig,
      '--check-pull',
      '--check-namespace',
      ns,
      '--timeout',
      '2s',
      '-o',
      'json',
    );
    const doc = expectValidOutput(run.stdout, 'cluster');
    expect(doc['checks']).toEqual([expect.objectContaining({ outcome: 'not-scheduled', deleted: true })]);
  });

  it('patch: the plan (a server-side dry-run), then --apply with its undo record', async () => {
    const plan = await cli('patch', ...cluster, '-o', 'json');
    const planned = expectValidOutput(plan.stdout, 'patch');
    expect(planned['summary']).toMatchObject({ planned: 1 });
    const record = join(scratch, 'undo.json');
    const applied = expectValidOutput(
      (await cli('patch', ...cluster, '--apply', '--record', record, '-o', 'json')).stdout,
      'patch',
    );
    expect(applied).toMatchObject({ mode: 'apply', undoRecord: record, summary: { applied: 1 } });
  });
});

describe('the JSON of the commands that read registries', () => {
  it('check: same digest, missing, and the registry reachable', async () => {
    const run = await cli('check', `${old}/same:1`, `${old}/only-old:1`, ...rule, '-o', 'json');
    expect(run.code).toBe(1);
    const doc = expectValidOutput(run.stdout, 'check');
    expect((doc['images'] as { verdict: string }[]).map((i) => i.verdict)).toEqual([
      'same-digest',
      'missing',
    ]);
    save('check.json', run.stdout);
  });

  it('mirror: --dry-run, then the copy', async () => {
    const to = `${registries.plain}/${uniqueName('mirror')}`;
    const images = [`${old}/only-old:1`, '--to', to, '--insecure-registry', registries.plain];
    const dry = expectValidOutput(
      (await cli('mirror', ...images, '--dry-run', '-o', 'json')).stdout,
      'mirror',
    );
    expect(dry['summary']).toMatchObject({ wouldCopy: 1 });
    const copy = await cli('mirror', ...images, '-o', 'json');
    expect(copy.code).toBe(0);
    expect(expectValidOutput(copy.stdout, 'mirror')['summary']).toMatchObject({ copied: 1 });
    save('mirror.json', copy.stdout);
  });
});

describe('the JSON of report over real outputs', () => {
  it('merges cluster, check and mirror', async () => {
    const run = await cli('report', 'cluster.json', 'check.json', 'mirror.json', '-o', 'json');
    const doc = expectValidOutput(run.stdout, 'report');
    expect(doc['inputs']).toHaveLength(3);
  });
});
