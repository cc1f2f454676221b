// Self-test of the real test environment (test/env): the control plane runs controllers, helm stores
// releases, and every registry variant takes a push from crane and serves it back to skopeo.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './env/exec.js';
import { testEnv } from './env/index.js';

const env = testEnv();
const scratch = mkdtempSync(join(tmpdir(), 'regshift-selftest-'));
const namespace = `selftest-${randomBytes(3).toString('hex')}`;

const kubectl = (...args: string[]) => run(env.bin.kubectl, ['--kubeconfig', env.kubeconfig, ...args]);

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

interface Item {
  metadata: { name: string; ownerReferences?: { kind: string; name: string }[] };
}

beforeAll(async () => {
  await kubectl('create', 'namespace', namespace);
});

afterAll(async () => {
  await kubectl('delete', 'namespace', namespace, '--wait=false').catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

describe('control plane', () => {
  it('runs the controllers: a Deployment gets its ReplicaSet and Pods', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'k8s.gcr.io/pause:3.2' }] },
        },
      },
    };
    const manifest = join(scratch, 'deployment.json');
    writeFileSync(manifest, JSON.stringify(deployment));
    await kubectl('apply', '-f', manifest);

    const replicaSet = await until('ReplicaSet', async () => {
      const { stdout } = await kubectl('get', 'replicasets', '-n', namespace, '-o', 'json');
      return (JSON.parse(stdout) as { items: Item[] }).items[0];
    });
    expect(replicaSet.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web' });

    const pods = await until('2 Pods', async () => {
      const { stdout } = await kubectl('get', 'pods', '-n', namespace, '-l', 'app=web', '-o', 'json');
      const items = (JSON.parse(stdout) as { items: Item[] }).items;
      return items.length === 2 ? items : undefined;
    });
    for (const pod of pods) {
      expect(pod.metadata.ownerReferences?.[0]).toMatchObject({
        kind: 'ReplicaSet',
        name: replicaSet.metadata.name,
      });
    }
  });

  it('signs service-account tokens (kubectl create token)', async () => {
    await until('default ServiceAccount', async () =>
      kubectl('get', 'serviceaccount', 'default', '-n', namespace).then(
        () => true,
        () => undefined,
      ),
    );
    const { stdout } = await kubectl('create', 'token', 'default', '-n', namespace);
    expect(stdout.trim().split('.')).toHaveLength(3);
  });
});

describe('helm', () => {
  it('installs a local chart and stores the release in a Secret', async () => {
    const chart = join(scratch, 'chart');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: selftest\nversion: 0.1.0\n');
    writeFileSync(join(chart, 'values.yaml'), 'image: k8s.gcr.io/pause:3.2\n');
    writeFileSync(
      join(chart, 'templates', 'configmap.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  image: {{ .Values.image }}\n',
    );
    await run(env.bin.helm, ['install', 'rel', chart, '-n', namespace, '--kubeconfig', env.kubeconfig]);

    const { stdout } = await kubectl(
      'get',
      'secret',
      'sh.helm.release.v1.rel.v1',
      '-n',
      namespace,
      '-o',
      'json',
    );
    const secret = JSON.parse(stdout) as { type: string; data: { release: string } };
    expect(secret.type).toBe('helm.sh/release.v1');
    // The API's base64, then Helm's base64, then gzip.
    const helmEncoded = Buffer.from(secret.data.release, 'base64').toString('utf8');
    const release = JSON.parse(gunzipSync(Buffer.from(helmEncoded, 'base64')).toString('utf8')) as {
      name: string;
      manifest: string;
      info: { status: string };
    };
    expect(release.name).toBe('rel');
    expect(release.info.status).toBe('deployed');
    expect(release.manifest).toContain('image: k8s.gcr.io/pause:3.2');
  });
});

describe('registries', () => {
  const layer = join(scratch, 'layer.tar');
  const dockerConfig = join(scratch, 'docker');

  beforeAll(async () => {
    mkdirSync(join(scratch, 'layer'), { recursive: true });
    writeFileSync(join(scratch, 'layer', 'hello.txt'), `regshift ${randomBytes(8).toString('hex')}\n`);
    await run('tar', ['-cf', layer, '-C', join(scratch, 'layer'), 'hello.txt']);
    mkdirSync(dockerConfig, { recursive: true });
  });

  const variants = [
    { variant: 'plain', auth: false },
    { variant: 'tls', auth: false },
    { variant: 'token', auth: true },
    { variant: 'basic', auth: true },
  ] as const;

  it.each(variants)(
    '$variant: crane pushes, skopeo reads back the same digest',
    async ({ variant, auth }) => {
      const host = env.registries[variant];
      const ref = `${host}/regshift/selftest:v1`;
      const craneEnv = { ...env.toolEnv, DOCKER_CONFIG: dockerConfig };
      const insecure = variant === 'plain' ? ['--insecure'] : [];
      if (auth) {
        await run(env.bin.crane, ['auth', 'login', host, '-u', env.user, '-p', env.password], {
          env: craneEnv,
        });
      }
      await run(env.bin.crane, ['append', ...insecure, '-f', layer, '-t', ref], { env: craneEnv });
      const { stdout: pushed } = await run(env.bin.crane, ['digest', ...insecure, ref], { env: craneEnv });

      const skopeoTls = variant === 'plain' ? ['--tls-verify=false'] : ['--cert-dir', env.certDir];
      const creds = auth ? ['--creds', `${env.user}:${env.password}`] : [];
      const { stdout } = await run(env.bin.skopeo, ['inspect', ...skopeoTls, ...creds, `docker://${ref}`]);
      expect((JSON.parse(stdout) as { Digest: string }).Digest).toBe(pushed.trim());

      if (auth) {
        // Without credentials the registry refuses: auth is really on.
        await expect(
          run(env.bin.skopeo, ['inspect', ...skopeoTls, '--no-creds', `docker://${ref}`]),
        ).rejects.toThrow(/unauthorized|authentication required|401/i);
      }
    },
  );
});
