// Kubeconfig files read as kubectl reads them (with client-node's own parsing of each entry), and each
// user's credentials as client-node applies them, its authenticators included: a real exec plugin (a
// Node script printing an ExecCredential) and a token file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { credentialsFor } from '../../src/cluster/kubeconfig-auth.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig-file.js';

const dir = mkdtempSync(join(tmpdir(), 'regshift-kubeconfig-'));
const saved = process.env['KUBECONFIG'];
afterEach(() => {
  if (saved === undefined) delete process.env['KUBECONFIG'];
  else process.env['KUBECONFIG'] = saved;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(name: string, doc: Record<string, unknown>, yaml = true): string {
  const file = join(dir, name);
  writeFileSync(file, yaml ? stringify(doc) : JSON.stringify(doc));
  return file;
}

const entry = (name: string, server: string, user: Record<string, unknown>) => ({
  clusters: [{ name, cluster: { server } }],
  users: [{ name, user }],
  contexts: [{ name, context: { cluster: name, user: name } }],
});

describe('kubeconfig files', () => {
  it('merges $KUBECONFIG files as kubectl does: the first to name an entry wins, relative paths follow their file', async () => {
    writeFileSync(join(dir, 'client.crt'), 'CERT');
    const a = config('a.yaml', {
      ...entry('one', 'https://a.example:6443', { 'client-certificate': 'client.crt', token: 'a' }),
      'current-context': 'one',
    });
    const b = config(
      'b.json',
      {
        clusters: [
          { name: 'one', cluster: { server: 'https://shadowed.example' } },
          { name: 'two', cluster: { server: 'https://b.example' } },
        ],
        users: [{ name: 'two', user: { token: 'b' } }],
        contexts: [{ name: 'two', context: { cluster: 'two', user: 'two', namespace: 'shop' } }],
        'current-context': 'two',
      },
      false,
    );
    process.env['KUBECONFIG'] = [join(dir, 'absent.yaml'), a, b].join(delimiter);
    const kc = await loadKubeconfig(undefined);
    expect(kc.currentContext).toBe('one');
    expect(kc.clusters.map((c) => [c.name, c.server])).toEqual([
      ['one', 'https://a.example:6443'],
      ['two', 'https://b.example'],
    ]);
    expect(kc.contexts.find((c) => c.name === 'two')?.namespace).toBe('shop');
    expect(kc.users.find((u) => u.name === 'one')?.certFile).toBe(join(dir, 'client.crt'));
    const creds = await credentialsFor(kc.clusters[0]!, kc.users[0])();
    expect(creds.cert?.toString()).toBe('CERT');
    expect(creds.headers['authorization']).toBe('Bearer a');
  });

  it('says which file is missing, and that none was found', async () => {
    await expect(loadKubeconfig(join(dir, 'nope.yaml'))).rejects.toMatchObject({
      code: 'KUBECONFIG_NOT_FOUND',
    });
    process.env['KUBECONFIG'] = join(dir, 'nope.yaml');
    await expect(loadKubeconfig(undefined)).rejects.toMatchObject({ code: 'KUBECONFIG_NOT_FOUND' });
  });
});

describe('credentials', () => {
  const cluster = {
    name: 'c',
    server: 'https://c.example',
    skipTLSVerify: true,
    tlsServerName: 'api.internal',
  };

  it('applies basic auth, impersonation and TLS settings', async () => {
    const creds = await credentialsFor(cluster, {
      name: 'u',
      username: 'alice',
      password: 's3cret',
      impersonateUser: 'bob',
    })();
    expect(creds.rejectUnauthorized).toBe(false);
    expect(creds.servername).toBe('api.internal');
    expect(creds.headers).toEqual({
      authorization: `Basic ${Buffer.from('alice:s3cret').toString('base64')}`,
      'impersonate-user': 'bob',
    });
  });

  it('runs an exec plugin for a token, with client-node’s ExecAuth', async () => {
    const plugin = join(dir, 'plugin.mjs');
    writeFileSync(
      plugin,
      `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'from-' + process.env.WHO } }));`,
    );
    const creds = await credentialsFor(cluster, {
      name: 'exec-user',
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1',
        command: process.execPath,
        args: [plugin],
        env: [{ name: 'WHO', value: 'plugin' }],
      },
    })();
    expect(creds.headers['authorization']).toBe('Bearer from-plugin');
  });

  it('reads a token file through client-node’s FileAuth, as the in-cluster ServiceAccount is read', async () => {
    const token = join(dir, 'token');
    writeFileSync(token, 'sa-token');
    const creds = await credentialsFor(cluster, {
      name: 'sa',
      authProvider: { name: 'tokenFile', config: { tokenFile: token } },
    })();
    expect(creds.headers['authorization']).toBe('Bearer sa-token');
  });
});
