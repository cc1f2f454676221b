// A test token issuer for the registry's `auth: token` mode (distribution token auth spec:
// GET <realm>?service=…&scope=…, Basic credentials, JSON {token, access_token, expires_in}).
// It is a stub on purpose: no real token server (docker_auth, Harbor, cesanta) is packaged in the
// registries this project may use, and the tests need only this: the fixed test user gets every
// action it asks for, anyone else gets a token with no access, wrong credentials get 401.
// Run as its own process: `node --import tsx test/env/token-server.ts <config.json>`.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { type Access, parseScope, signToken } from './token.js';

export interface TokenServerConfig {
  port: number;
  tlsCert: string;
  tlsKey: string;
  signingCert: string;
  signingKey: string;
  issuer: string;
  service: string;
  user: string;
  password: string;
}

const ttlSeconds = 300;

function credentials(req: IncomingMessage, form: URLSearchParams | undefined): [string, string] | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) return [decoded.slice(0, colon), decoded.slice(colon + 1)];
  }
  // OAuth2 password grant (POST form), which some clients try first.
  const user = form?.get('username');
  const password = form?.get('password');
  return user !== undefined && user !== null && password !== null && password !== undefined
    ? [user, password]
    : undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => resolvePromise(body));
    req.on('error', reject);
  });
}

function main(configPath: string): void {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as TokenServerConfig;
  const signingKey = createPrivateKey(readFileSync(config.signingKey));
  const certDer = new X509Certificate(readFileSync(config.signingCert)).raw;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const form = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : undefined;
    const params = form ?? url.searchParams;
    const service = params.get('service') ?? '';
    const scopes = params.getAll('scope').flatMap((s) => s.split(' '));
    const creds = credentials(req, form);
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
      process.stdout.write(
        `${req.method} ${url.pathname} service=${service} scope=${scopes.join(' ')} -> ${status}\n`,
      );
    };
    if (url.pathname !== '/token') return answer(404, { errors: [{ code: 'NOT_FOUND' }] });
    if (service !== config.service)
      return answer(400, { errors: [{ code: 'UNSUPPORTED', message: 'service' }] });
    let subject = '';
    if (creds) {
      if (creds[0] !== config.user || creds[1] !== config.password) {
        return answer(401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] });
      }
      subject = creds[0];
    }
    const access: Access[] = subject
      ? scopes.map(parseScope).filter((a): a is Access => a !== undefined)
      : [];
    const token = signToken(
      { issuer: config.issuer, service, subject, access, ttlSeconds },
      signingKey,
      certDer,
    );
    const issuedAt = new Date().toISOString();
    return answer(200, { token, access_token: token, expires_in: ttlSeconds, issued_at: issuedAt });
  };

  const server = createServer(
    { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    },
  );
  server.listen(config.port, '127.0.0.1');
  const stop = (): void => {
    server.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

const configPath = process.argv[2];
if (!configPath) {
  process.stderr.write('usage: token-server.ts <config.json>\n');
  process.exit(2);
}
main(configPath);
