import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  credentialStoreFromEnv,
  normalizeKey,
  parseChallenge,
  parseScope,
} from '../../src/registry/index.js';
import { credentialHelper } from './helpers/env.js';

describe('parseChallenge', () => {
  it('reads Bearer parameters with commas and colons inside quotes', () => {
    const c = parseChallenge(
      'Bearer realm="https://auth.example:5001/token",service="registry.example:5000",scope="repository:localhost:5000/app:pull,push"',
    );
    expect(c).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.example:5001/token',
        service: 'registry.example:5000',
        scope: 'repository:localhost:5000/app:pull,push',
      },
    });
  });

  it('reads Basic, and ignores schemes it cannot answer', () => {
    expect(parseChallenge('Basic realm="Registry Realm"')?.scheme).toBe('basic');
    expect(parseChallenge('Negotiate abc')).toBeUndefined();
    expect(parseChallenge(undefined)).toBeUndefined();
  });
});

describe('parseScope', () => {
  it('keeps host:port inside the repository name', () => {
    expect(parseScope('repository:localhost:5000/team/app:pull,push')).toEqual({
      type: 'repository',
      name: 'localhost:5000/team/app',
      actions: ['pull', 'push'],
    });
  });
});

describe('credentials', () => {
  it('normalises config keys', () => {
    expect(normalizeKey('https://index.docker.io/v1/')).toBe('docker.io');
    expect(normalizeKey('http://Registry.Example:5000/v2/')).toBe('registry.example:5000');
    expect(normalizeKey('quay.io/team')).toBe('quay.io/team');
  });

  it('prefers REGISTRY_AUTH_FILE, then the docker config; credHelpers win over auths', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regshift-cred-'));
    const auth = (u: string, p: string) => ({ auth: Buffer.from(`${u}:${p}`).toString('base64') });
    await writeFile(
      join(dir, 'auth.json'),
      JSON.stringify({ auths: { 'a.example/team': auth('team', 'pw1') } }),
    );
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        auths: { 'https://index.docker.io/v1/': auth('hub', 'pw2'), 'b.example:5000': auth('x', 'y') },
        credHelpers: { 'b.example:5000': 'unit' },
      }),
    );
    const bin = await credentialHelper('unit', 'b.example:5000', 'helped', 'pw3');
    const store = credentialStoreFromEnv({
      REGISTRY_AUTH_FILE: join(dir, 'auth.json'),
      DOCKER_CONFIG: dir,
      HOME: dir,
      PATH: `${bin}:${process.env['PATH']}`,
    });
    expect(await store.get('a.example', 'team/app')).toEqual({ username: 'team', password: 'pw1' });
    expect(await store.get('a.example', 'other/app')).toBeUndefined();
    expect(await store.get('docker.io', 'library/nginx')).toEqual({ username: 'hub', password: 'pw2' });
    expect(await store.get('b.example:5000')).toEqual({ username: 'helped', password: 'pw3' });
  });

  it('names a helper that is not installed, without any secret', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regshift-cred-'));
    await writeFile(join(dir, 'config.json'), JSON.stringify({ credsStore: 'missing-helper' }));
    const store = credentialStoreFromEnv({ DOCKER_CONFIG: dir, HOME: dir, PATH: dir });
    await expect(store.get('c.example')).rejects.toMatchObject({ code: 'CREDENTIAL_HELPER' });
  });
});
