// The registry token format (distribution's token auth spec): scope parsing and JWT signing.
// Pure functions; token-server.ts serves them over HTTPS.
import { type KeyObject, randomUUID, sign } from 'node:crypto';

export interface Access {
  type: string;
  name: string;
  actions: string[];
}

/**
 * `repository:127.0.0.1:5000/app:pull,push` -> type `repository`, name `127.0.0.1:5000/app`,
 * actions [pull, push]. Names may contain ':' (a host:port), so split at the first and last one.
 */
export function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last <= first) return undefined;
  // A resource class such as `repository(plugin)` names the same type.
  const type = scope.slice(0, first).replace(/\(.*\)$/, '');
  const name = scope.slice(first + 1, last);
  const actions = scope
    .slice(last + 1)
    .split(',')
    .filter((a) => a !== '');
  return name ? { type, name, actions } : undefined;
}

export interface TokenClaims {
  issuer: string;
  service: string;
  subject: string;
  access: Access[];
  ttlSeconds: number;
}

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** An ES256 JWT whose `x5c` header carries the signing certificate, which the registry checks against its root bundle. */
export function signToken(claims: TokenClaims, key: KeyObject, certDer: Buffer, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const header = { typ: 'JWT', alg: 'ES256', x5c: [certDer.toString('base64')] };
  const payload = {
    iss: claims.issuer,
    sub: claims.subject,
    aud: claims.service,
    iat,
    nbf: iat - 10,
    exp: iat + claims.ttlSeconds,
    jti: randomUUID(),
    access: claims.access,
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  // JWS wants r||s, not DER.
  const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${b64url(signature)}`;
}
