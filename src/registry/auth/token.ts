/** Bearer tokens from a distribution token service, anonymous or with credentials, cached per scope until expiry. */
import { RegshiftError } from '../../errors.js';
import { statusError } from '../errors.js';
import type { Hop, ReadLimits } from '../options.js';
import { readWhole } from '../read.js';
import type { SendOptions, Transport } from '../transport.js';
import type { Challenge } from './challenge.js';
import type { Credential } from './credentials.js';

interface TokenAnswer {
  token?: string;
  access_token?: string;
  expires_in?: number;
  issued_at?: string;
}

export interface TokenRequest {
  challenge: Challenge;
  /** The origin that sent the challenge, which the token will be sent to: tokens are kept per origin. */
  origin: string;
  scopes: readonly string[];
  credential: Credential | undefined;
  signal?: AbortSignal;
  hops?: Hop[];
  /** Skip the cache (the registry refused the cached token). */
  fresh?: boolean;
}

/** Seconds of validity given up, so a token is not sent in its last moments. */
const marginSeconds = 5;

export function basicAuthorization(credential: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
}

export class TokenCache {
  private readonly tokens = new Map<string, { token: string; expires: number }>();

  constructor(
    private readonly transport: Transport,
    private readonly limits: Pick<ReadLimits, 'tokenBytes' | 'errorBodyBytes'>,
    private readonly now: () => number = Date.now,
  ) {}

  async token(req: TokenRequest): Promise<string> {
    const { realm = '', service = '' } = req.challenge.params;
    const scopes = [...new Set(req.scopes.length > 0 ? req.scopes : [req.challenge.params['scope'] ?? ''])]
      .filter((s) => s !== '')
      .sort();
    const key = [req.origin, realm, service, ...scopes].join('\n');
    const cached = this.tokens.get(key);
    if (!req.fresh && cached && cached.expires > this.now()) return cached.token;
    const answer = await this.fetch(realm, service, scopes, req);
    const token = answer.token ?? answer.access_token;
    if (!token) {
      throw new RegshiftError('REGISTRY_TOKEN', `token service ${safeHost(realm)} answered without a token`, {
        hint: 'The token service is misconfigured; check its answer with curl.',
      });
    }
    const issued = answer.issued_at ? Date.parse(answer.issued_at) : Number.NaN;
    const from = Number.isNaN(issued) ? this.now() : Math.min(issued, this.now());
    const seconds = Math.max(answer.expires_in ?? 60, marginSeconds * 2) - marginSeconds;
    this.tokens.set(key, { token, expires: from + seconds * 1000 });
    return token;
  }

  private async fetch(
    realm: string,
    service: string,
    scopes: string[],
    req: TokenRequest,
  ): Promise<TokenAnswer> {
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      url = new URL('invalid:');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new RegshiftError(
        'REGISTRY_TOKEN',
        `the registry named a token realm that is not an HTTP(S) URL`,
        {
          hint: 'The registry’s WWW-Authenticate header is malformed; report it to its operator.',
        },
      );
    }
    const credential = req.credential;
    // A registry on HTTPS naming a plain-HTTP realm would have the credential travel in clear.
    if (credential && url.protocol === 'http:' && req.origin.startsWith('https:')) {
      throw new RegshiftError(
        'REGISTRY_TOKEN',
        `${new URL(req.origin).host} names a token realm over plain HTTP (${url.host}); credentials are not sent in clear`,
        {
          hint: 'The registry is misconfigured (or something rewrites its answers); ask its operator for an HTTPS realm.',
        },
      );
    }
    const base = { signal: req.signal, hops: req.hops };
    const read = (options: SendOptions) =>
      readWhole(() => this.transport.send(url, { ...base, ...options }), {
        retry: this.transport.options.retry,
        ...(req.signal ? { signal: req.signal } : {}),
        retriable: true,
        maxBytes: this.limits.tokenBytes,
        errorBytes: this.limits.errorBodyBytes,
        what: 'a token',
      });
    let sent: Awaited<ReturnType<typeof read>>;
    if (credential && 'identityToken' in credential) {
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: credential.identityToken,
        client_id: 'regshift',
        service,
      });
      if (scopes.length > 0) form.set('scope', scopes.join(' '));
      sent = await read({
        method: 'POST',
        idempotent: true,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    } else {
      if (service) url.searchParams.set('service', service);
      for (const scope of scopes) url.searchParams.append('scope', scope);
      sent = await read(credential ? { authorization: basicAuthorization(credential) } : {});
    }
    const { response, bytes } = sent;
    if (response.status !== 200) {
      throw statusError(
        url.host,
        `a token (scope ${scopes.join(' ') || 'none'})`,
        response.status,
        bytes.toString('utf8'),
      );
    }
    try {
      return JSON.parse(bytes.toString('utf8')) as TokenAnswer;
    } catch {
      throw new RegshiftError(
        'REGISTRY_TOKEN',
        `token service ${url.host} answered something that is not JSON`,
        {
          hint: 'Check the token realm the registry names in its WWW-Authenticate header.',
        },
      );
    }
  }
}

function safeHost(realm: string): string {
  try {
    return new URL(realm).host;
  } catch {
    return '(invalid realm)';
  }
}
