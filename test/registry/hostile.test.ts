// The registry client pointed at hostile servers (test/registry/stubs/hostile.ts, stubs because no real
// registry misbehaves on demand): credentials stay with their host, every read is bounded, and identifiers
// from a server are checked before they reach a URL (deadlines: deadlines.test.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Connectivity } from '../../src/check/index.js';
import { listTags, RegistryClient, type RegistryError } from '../../src/registry/index.js';
import { runCliChild } from './helpers/child.js';
import { image, probe, serve, serveImage } from './helpers/hostile.js';
import { endless, huge, isPing, ociIndexType, ociManifestType } from './stubs/hostile.js';

const secret = 'a-registry-password';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('credentials stay with the host they are for', () => {
  /** Host A (credentials configured) redirects to B, whose challenge names a realm on C. */
  async function redirectChain() {
    const c = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"issued-by-c"}');
    }, '127.0.0.4');
    const b = await serve((req, res) => {
      if (req.headers.authorization === 'Bearer issued-by-c') serveImage(req, res);
      else
        res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${c.host}/token",service="b"` }).end();
    }, '127.0.0.3');
    const a = await serve((req, res) => {
      if (req.headers.authorization !== basic('someone', secret))
        res.writeHead(401, { 'www-authenticate': 'Basic realm="a"' }).end();
      else if (isPing(req)) res.writeHead(200).end('{}');
      else res.writeHead(307, { location: `http://${b.host}${req.url}` }).end();
    }, '127.0.0.2');
    return { a, b, c };
  }

  it('a challenge from a redirect target is answered without the first host’s credentials', async () => {
    const { a, b, c } = await redirectChain();
    const run = await probe(a.host, { auths: { [a.host]: secret } });
    expect(run.result).toMatchObject({ ok: true, error: null });
    // A got its own credentials; B and C never saw them: C issued an anonymous token, which only B got.
    expect(a.seen.some((s) => s.authorization === basic('someone', secret))).toBe(true);
    expect(c.seen.length).toBeGreaterThan(0);
    expect(c.seen.every((s) => s.authorization === undefined)).toBe(true);
    expect(
      b.seen.every((s) => s.authorization === undefined || s.authorization === 'Bearer issued-by-c'),
    ).toBe(true);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('the redirect target’s own credentials answer its challenge, and only they', async () => {
    const { a, b, c } = await redirectChain();
    await probe(a.host, { auths: { [a.host]: secret, [b.host]: 'b-password' } });
    expect(c.seen.map((s) => s.authorization)).toContain(basic('someone', 'b-password'));
    expect([...b.seen, ...c.seen].some((s) => s.authorization === basic('someone', secret))).toBe(false);
  });

  it('a Basic challenge from a redirect target gets nothing when it has no credentials of its own', async () => {
    const b = await serve((req, res) => {
      if (req.headers.authorization) serveImage(req, res);
      else res.writeHead(401, { 'www-authenticate': 'Basic realm="b"' }).end();
    }, '127.0.0.3');
    const a = await serve((req, res) => {
      if (isPing(req)) res.writeHead(200).end('{}');
      else res.writeHead(307, { location: `http://${b.host}${req.url}` }).end();
    }, '127.0.0.2');
    const run = await probe(a.host, { auths: { [a.host]: secret } });
    expect(run.result.ok).toBe(false);
    expect(run.result.code).toBe('REGISTRY_UNAUTHORIZED');
    expect(b.seen.every((s) => s.authorization === undefined)).toBe(true);
  });
});

describe('every read is bounded', () => {
  const limitMiB = 300;

  async function probeChild(host: string) {
    const run = await runCliChild(
      ['check', '--registry', host, '--probe', `${host}/app:1`, '--timeout', '10s', '-o', 'json'],
      { HOME: '/nonexistent' },
    );
    const result = (JSON.parse(run.stdout) as { connectivity: Connectivity[] }).connectivity[0]!;
    return { ...run, result };
  }

  it('an endless manifest stops at the manifest limit, in bounded memory', async () => {
    const a = await serve((req, res) => {
      if (isPing(req)) res.writeHead(200).end('{}');
      else endless(res.writeHead(200, { 'content-type': ociManifestType }));
    });
    const run = await probeChild(a.host);
    expect(run.code).toBe(1);
    expect(run.result.code).toBe('REGISTRY_TOO_LARGE');
    expect(run.result.error).toMatch(/manifest app:1 is larger than the 4194304 bytes allowed/);
    expect(run.maxRssMiB).toBeLessThan(limitMiB);
  });

  it('a manifest declared as 1 GB is refused before its body is read', async () => {
    const a = await serve((req, res) => {
      if (isPing(req)) res.writeHead(200).end('{}');
      else
        huge(
          res.writeHead(200, { 'content-type': ociManifestType, 'content-length': String(2 ** 30) }),
          2 ** 30,
        );
    });
    const run = await probeChild(a.host);
    expect(run.result.code).toBe('REGISTRY_TOO_LARGE');
    expect(run.result.error).toContain('(1073741824 bytes)');
    expect(run.maxRssMiB).toBeLessThan(limitMiB);
  });

  it('a blob longer than its descriptor declares is cut off at the declared size', async () => {
    const a = await serve((req, res) => {
      if (req.url?.includes('/blobs/')) endless(res.writeHead(200));
      else serveImage(req, res);
    });
    const run = await probeChild(a.host);
    expect(run.result.code).toBe('REGISTRY_TOO_LARGE');
    expect(run.result.error).toContain(`than the ${image.config.length} bytes its descriptor declares`);
    expect(run.maxRssMiB).toBeLessThan(limitMiB);
  });
});

describe('identifiers from a server are checked', () => {
  it('an index child whose digest is a path is refused before any request for it', async () => {
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: ociIndexType,
        manifests: [
          {
            mediaType: ociManifestType,
            digest: 'sha256:../../../v2/victim/manifests/latest',
            size: 10,
            platform: { os: 'linux', architecture: 'amd64' },
          },
        ],
      }),
    );
    const a = await serve((req, res) => {
      if (isPing(req)) res.writeHead(200).end('{}');
      else if (req.url === '/v2/app/manifests/1')
        res.writeHead(200, { 'content-type': ociIndexType }).end(index);
      else res.writeHead(404).end();
    });
    const run = await probe(a.host);
    expect(run.result.code).toBe('REGISTRY_INVALID_NAME');
    expect(run.result.error).toContain(
      'names an invalid digest "sha256:../../../v2/victim/manifests/latest"',
    );
    expect(a.seen.map((s) => s.path)).toEqual(['/v2/', '/v2/app/manifests/1']);
  });

  async function tags(handler: (req: IncomingMessage, res: ServerResponse) => void, tagPages?: number) {
    const a = await serve(handler);
    const client = await RegistryClient.create({ env: {}, ...(tagPages ? { limits: { tagPages } } : {}) });
    const error = (await listTags(client, { registry: a.host, repository: 'app' }).catch(
      (e) => e,
    )) as RegistryError;
    await client.close();
    return { a, error };
  }

  it('a Link header that points at its own page ends the listing after that page', async () => {
    const { a, error } = await tags((req, res) =>
      res.writeHead(200, { link: `<${req.url}>; rel="next"` }).end('{"tags":["a"]}'),
    );
    expect(error.code).toBe('REGISTRY_PAGINATION');
    expect(error.message).toContain('named twice (a loop)');
    expect(a.seen).toHaveLength(1);
  });

  it('endless distinct pages end at the page limit', async () => {
    let page = 0;
    const { a, error } = await tags((_req, res) => {
      page++;
      res
        .writeHead(200, { link: `</v2/app/tags/list?last=${page}>; rel="next"` })
        .end(`{"tags":["t${page}"]}`);
    }, 5);
    expect(error.message).toContain('more than 5 pages');
    expect(a.seen).toHaveLength(5);
  });

  it('a next page on another origin is not followed', async () => {
    const other = await serve((_req, res) => res.writeHead(200).end('{"tags":[]}'), '127.0.0.5');
    const { error } = await tags((_req, res) =>
      res
        .writeHead(200, { link: `<http://${other.host}/v2/app/tags/list?last=a>; rel="next"` })
        .end('{"tags":["a"]}'),
    );
    expect(error.message).toContain('the next page is on another origin');
    expect(other.seen).toHaveLength(0);
  });
});
