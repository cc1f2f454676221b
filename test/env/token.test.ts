import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseScope, signToken } from './token.js';

describe('parseScope', () => {
  it('keeps a host:port inside the repository name', () => {
    expect(parseScope('repository:127.0.0.1:5000/app:pull,push')).toEqual({
      type: 'repository',
      name: '127.0.0.1:5000/app',
      actions: ['pull', 'push'],
    });
  });
  it('drops a resource class and rejects malformed scopes', () => {
    expect(parseScope('repository(plugin):a/b:pull')).toEqual({
      type: 'repository',
      name: 'a/b',
      actions: ['pull'],
    });
    expect(parseScope('registry:catalog:*')).toEqual({ type: 'registry', name: 'catalog', actions: ['*'] });
    expect(parseScope('nonsense')).toBeUndefined();
    expect(parseScope('repository::pull')).toBeUndefined();
  });
});

describe('signToken', () => {
  it('signs an ES256 JWT with the claims the registry checks', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const fakeDer = Buffer.from('certificate');
    const now = Date.UTC(2026, 0, 1);
    const token = signToken(
      {
        issuer: 'iss',
        service: 'svc',
        subject: 'u',
        access: [{ type: 'repository', name: 'a', actions: ['pull'] }],
        ttlSeconds: 60,
      },
      privateKey,
      fakeDer,
      now,
    );
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
      typ: 'JWT',
      alg: 'ES256',
      x5c: [fakeDer.toString('base64')],
    });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: 'iss', aud: 'svc', sub: 'u', iat: now / 1000, exp: now / 1000 + 60 });
    const ok = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      { key: createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
    expect(ok).toBe(true);
  });
});
