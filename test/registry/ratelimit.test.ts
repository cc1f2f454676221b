// Rate limits a registry announces are honoured before they bite. The registries here are stubs: no real
// registry on loopback sends Docker Hub's or the IETF draft's rate-limit headers. Each stub answers 429 to a
// manifest GET that comes while it has said nothing is left, as Docker Hub does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { getManifest, RegistryClient, type RegistryError } from '../../src/registry/index.js';
import { allowanceOf } from '../../src/registry/ratelimit.js';
import { isPing, ociManifestType, type Stub, stub, tinyImage } from './stubs/hostile.js';

const image = tinyImage();
let stubs: Stub[] = [];
afterEach(async () => {
  await Promise.all(stubs.map((s) => s.close()));
  stubs = [];
});

/** Allows `quota` manifest GETs per window of `windowMs`, announcing what is left with `headers`. */
async function limited(quota: number, windowMs: number, headers: (left: number, resetS: number) => object) {
  let windowStart = Date.now();
  let used = 0;
  let refused = 0;
  const s = await stub((req: IncomingMessage, res: ServerResponse) => {
    if (isPing(req)) return void res.writeHead(200).end('{}');
    if (Date.now() - windowStart >= windowMs) {
      windowStart = Date.now();
      used = 0;
    }
    const resetS = Math.ceil((windowMs - (Date.now() - windowStart)) / 1000);
    if (used >= quota) {
      refused++;
      return void res.writeHead(429, { ...headers(0, resetS) }).end();
    }
    used++;
    res
      .writeHead(200, { 'content-type': ociManifestType, ...headers(quota - used, resetS) })
      .end(image.manifest);
  });
  stubs.push(s);
  return { s, refused: () => refused };
}

const at = (host: string) => ({ registry: host, repository: 'app', reference: '1' });

describe('announced rate limits', () => {
  it('reads Docker Hub’s and the IETF draft’s headers', () => {
    const now = 1_000_000;
    expect(allowanceOf({ 'ratelimit-remaining': '96;w=21600' }, now)).toEqual({
      remaining: 96,
      resetAt: now + 21_600_000,
    });
    expect(allowanceOf({ 'ratelimit-remaining': '3', 'ratelimit-reset': '30' }, now)).toEqual({
      remaining: 3,
      resetAt: now + 30_000,
    });
    expect(allowanceOf({ ratelimit: 'limit=100, remaining=0, reset=5' }, now)).toEqual({
      remaining: 0,
      resetAt: now + 5000,
    });
    expect(allowanceOf({}, now)).toBeUndefined();
    expect(allowanceOf({ 'ratelimit-remaining': 'lots' }, now)).toBeUndefined();
  });

  it('waits for a reset that comes soon instead of spending requests on 429s', async () => {
    const { s, refused } = await limited(2, 2000, (left, reset) => ({
      'ratelimit-remaining': String(left),
      'ratelimit-reset': String(reset),
    }));
    const client = await RegistryClient.create({ env: {} });
    for (let i = 0; i < 5; i++) await getManifest(client, at(s.host));
    await client.close();
    expect(refused()).toBe(0);
    expect(s.seen.filter((r) => r.path.includes('/manifests/'))).toHaveLength(5);
  });

  it('fails at once, saying when it resets, when the window is hours long (Docker Hub)', async () => {
    const { s, refused } = await limited(1, 6 * 3600_000, (left) => ({
      'ratelimit-remaining': `${left};w=21600`,
    }));
    const client = await RegistryClient.create({ env: {} });
    await getManifest(client, at(s.host));
    const error = (await getManifest(client, at(s.host)).catch((e) => e)) as RegistryError;
    await client.close();
    expect(error.code).toBe('REGISTRY_RATE_LIMITED');
    expect(error.message).toMatch(/rate limit is used up \(0 requests left\); it resets at \d{4}-/);
    expect(error.hint).toContain('regshift mirror');
    // The second pull was never sent: no 429 spent.
    expect(refused()).toBe(0);
    expect(s.seen.filter((r) => r.path.includes('/manifests/'))).toHaveLength(1);
  });
});
