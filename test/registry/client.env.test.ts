// The registry client against the real registries of test/env (plain HTTP, TLS with a generated CA,
// htpasswd Basic, token auth), with images seeded by crane. Stub fronts (test/registry/stubs) stand in
// only for what a real loopback registry cannot do: redirect like registry.k8s.io, throttle, drop a body,
// serve wrong bytes.
import { createHash } from 'node:crypto';
import { delimiter } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getManifest,
  headBlob,
  headManifest,
  isIndex,
  listTags,
  pickPlatform,
  RegistryClient,
  RegistryError,
  type RegistryOptions,
  readBlob,
} from '../../src/registry/index.js';
import { credentialHelper, dockerConfig, testRegistries, uniqueName } from './helpers/env.js';
import { seedImage } from './helpers/oci.js';
import {
  droppingFront,
  type Front,
  forward,
  k8sLikeFront,
  startFront,
  tamperingFront,
  throttlingFront,
} from './stubs/fronts.js';

const env = testRegistries();
const repo = uniqueName('client');
let indexDigest = '';
const clients: RegistryClient[] = [];

async function client(options: RegistryOptions = {}): Promise<RegistryClient> {
  const made = await RegistryClient.create({
    env: { PATH: process.env['PATH'], HOME: '/nonexistent' },
    retry: { baseDelayMs: 10 },
    caFile: env.caFile,
    ...options,
  });
  clients.push(made);
  return made;
}

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

beforeAll(async () => {
  indexDigest = await seedImage(`${env.plain}/${repo}:multi`, 'client-multi', {
    platforms: 2,
    layerBytes: 64 * 1024,
  });
  for (const tag of ['t1', 't2', 't3']) await seedImage(`${env.plain}/${repo}:${tag}`, `client-${tag}`);
});

afterAll(async () => {
  for (const c of clients) await c.close();
});

describe('plain HTTP registry', () => {
  it('reads an index and its platform children, digests computed from the bytes', async () => {
    const c = await client();
    const index = await getManifest(c, { registry: env.plain, repository: repo, reference: 'multi' });
    expect(index.digest).toBe(indexDigest);
    expect(isIndex(index)).toBe(true);
    const child = pickPlatform(index, { os: 'linux', architecture: 'arm64' })!;
    expect(child.platform?.architecture).toBe('arm64');
    const image = await getManifest(c, { registry: env.plain, repository: repo, reference: child.digest });
    expect(image.digest).toBe(child.digest);
    const head = await headManifest(c, { registry: env.plain, repository: repo, reference: 'multi' });
    expect(head?.size).toBe(index.bytes.length);
    expect(
      await headManifest(c, { registry: env.plain, repository: repo, reference: 'absent' }),
    ).toBeUndefined();
  });

  it('streams a blob and verifies it; HEAD gives its size', async () => {
    const c = await client();
    const index = await getManifest(c, { registry: env.plain, repository: repo, reference: 'multi' });
    const image = await getManifest(c, {
      registry: env.plain,
      repository: repo,
      reference: pickPlatform(index)!.digest,
    });
    const layer = image.json.layers![0]!;
    const bytes = await readBlob(c, {
      registry: env.plain,
      repository: repo,
      digest: layer.digest,
      size: layer.size,
    });
    expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(layer.digest);
    expect(await headBlob(c, { registry: env.plain, repository: repo, digest: layer.digest })).toBe(
      layer.size,
    );
  });

  it('lists tags across pages', async () => {
    const tags = await listTags(await client(), { registry: env.plain, repository: repo }, { pageSize: 1 });
    expect(tags.sort()).toEqual(['multi', 't1', 't2', 't3']);
  });

  it('lists no tags of a repository never pushed to only when asked to (unknownIsEmpty)', async () => {
    const at = { registry: env.plain, repository: `${repo}-never-pushed` };
    expect(await listTags(await client(), at, { unknownIsEmpty: true })).toEqual([]);
    expect((await failure(listTags(await client(), at))).message).toContain('NAME_UNKNOWN');
  });

  it('says which manifest is missing', async () => {
    const error = await failure(
      getManifest(await client(), { registry: env.plain, repository: repo, reference: 'nope' }),
    );
    expect(error.code).toBe('REGISTRY_NOT_FOUND');
    expect(error.message).toContain(`manifest ${repo}:nope`);
  });
});

describe('TLS registry with a generated CA', () => {
  it('verifies the certificate against --ca-file', async () => {
    const c = await client({ caFile: env.caFile });
    const response = await c.request(env.tls, '/v2/');
    await response.body.dump();
    expect(response.url.protocol).toBe('https:');
  });

  it('without the CA fails at the TLS stage, naming the host', async () => {
    const error = await failure((await client({ caFile: undefined })).request(env.tls, '/v2/'));
    expect(error.stage).toBe('TLS');
    expect(error.message.startsWith(`TLS ${env.tls}:`)).toBe(true);
    expect(error.hint).toContain('--ca-file');
  });
});

describe('credentials', () => {
  it('uses Basic credentials from a docker config `auths` entry', async () => {
    await seedImage(`${env.basic}/${repo}:b1`, 'client-basic', {
      dockerConfig: await dockerConfig({ auths: { [env.basic]: env } }),
      caFile: env.caFile,
    });
    const dir = await dockerConfig({ auths: { [env.basic]: env } });
    const m = await getManifest(await client({ env: { DOCKER_CONFIG: dir } }), {
      registry: env.basic,
      repository: repo,
      reference: 'b1',
    });
    expect(m.digest).toMatch(/^sha256:/);
  });

  it('asks a credHelpers helper (docker-credential-* protocol)', async () => {
    const dir = await dockerConfig({ credHelpers: { [env.basic]: 'regshift-test' } });
    const bin = await credentialHelper('regshift-test', env.basic, env.user, env.password);
    const c = await client({ env: { DOCKER_CONFIG: dir, PATH: `${bin}${delimiter}${process.env['PATH']}` } });
    const m = await getManifest(c, { registry: env.basic, repository: repo, reference: 'b1' });
    expect(m.digest).toMatch(/^sha256:/);
  });

  it('refuses without credentials, and never shows the password', async () => {
    const wrong = await dockerConfig({
      auths: { [env.basic]: { user: env.user, password: `${env.password}-wrong` } },
    });
    const error = await failure(
      getManifest(await client({ env: { DOCKER_CONFIG: wrong } }), {
        registry: env.basic,
        repository: repo,
        reference: 'b1',
      }),
    );
    expect(error.code).toBe('REGISTRY_UNAUTHORIZED');
    const shown = `${error.message} ${error.hint} ${JSON.stringify(error)}`;
    expect(shown).not.toContain(env.password);
    expect(shown).not.toContain(Buffer.from(`${env.user}:${env.password}`).toString('base64'));
  });

  it('gets a bearer token with Basic credentials, and caches it per scope', async () => {
    const dir = await dockerConfig({ auths: { [env.token]: env } });
    await seedImage(`${env.token}/${repo}:k1`, 'client-token', { dockerConfig: dir, caFile: env.caFile });
    const hops: { url: string; host: string; status: number | null; ms: number }[] = [];
    const c = await client({ env: { DOCKER_CONFIG: dir }, caFile: env.caFile, onHop: (h) => hops.push(h) });
    const at = { registry: env.token, repository: repo, reference: 'k1' };
    const first = await getManifest(c, at);
    const tokenRequests = hops.filter((h) => h.host !== env.token).length;
    expect(tokenRequests).toBeGreaterThan(0);
    expect((await getManifest(c, at)).digest).toBe(first.digest);
    expect(hops.filter((h) => h.host !== env.token).length).toBe(tokenRequests);
  });
});

describe('stub fronts over the real registry', () => {
  const fronts: Front[] = [];
  afterAll(async () => {
    for (const f of fronts) await f.close();
  });

  it('follows registry.k8s.io-like redirects, relative ones too, and keeps Authorization at home', async () => {
    // The redirects land on a second front (another origin) that records headers and forwards to the registry.
    const storage = await startFront((req, res) => forward(req, res, env.plain));
    const front = await k8sLikeFront(() => storage.host, { basicAuth: 'probe:front-secret' });
    fronts.push(front, storage);
    const dir = await dockerConfig({ auths: { [front.host]: { user: 'probe', password: 'front-secret' } } });
    const hops: string[] = [];
    const c = await client({ env: { DOCKER_CONFIG: dir }, onHop: (h) => hops.push(`${h.status} ${h.url}`) });
    const index = await getManifest(c, { registry: front.host, repository: repo, reference: 'multi' });
    const image = await getManifest(c, {
      registry: front.host,
      repository: repo,
      reference: pickPlatform(index)!.digest,
    });
    const config = image.json.config!;
    await readBlob(c, { registry: front.host, repository: repo, digest: config.digest });
    expect(hops).toContain(`307 http://${front.host}/artifacts-downloads/${repo}/${config.digest}`);
    expect(hops).toContain(`200 http://${storage.host}/v2/${repo}/blobs/${config.digest}`);
    expect(hops.join('\n')).not.toContain('secret-signature');
    expect(front.seen.some((seen) => seen.authorization)).toBe(true);
    expect(storage.seen.length).toBeGreaterThan(0);
    expect(storage.seen.some((seen) => seen.authorization)).toBe(false);
  });

  it('waits out a 429 with Retry-After, then succeeds', async () => {
    const front = await throttlingFront(env.plain);
    fronts.push(front);
    const hops: (number | null)[] = [];
    const c = await client({ onHop: (h) => hops.push(h.status) });
    const m = await getManifest(c, { registry: front.host, repository: repo, reference: 'multi' });
    expect(m.digest).toBe(indexDigest);
    expect(hops).toContain(429);
    expect(hops[hops.length - 1]).toBe(200);
  });

  it('resumes a blob whose connection dropped mid-body, and verifies it', async () => {
    const front = await droppingFront(env.plain);
    fronts.push(front);
    const c = await client();
    const index = await getManifest(c, { registry: front.host, repository: repo, reference: 'multi' });
    const image = await getManifest(c, {
      registry: front.host,
      repository: repo,
      reference: pickPlatform(index)!.digest,
    });
    const layer = image.json.layers![0]!;
    const bytes = await readBlob(c, {
      registry: front.host,
      repository: repo,
      digest: layer.digest,
      size: layer.size,
    });
    expect(bytes.length).toBe(layer.size);
    expect(front.seen.some((s) => s.range?.startsWith('bytes='))).toBe(true);
  });

  it('rejects a manifest whose bytes do not match the digest asked for', async () => {
    const front = await tamperingFront(env.plain);
    fronts.push(front);
    const error = await failure(
      getManifest(await client(), { registry: front.host, repository: repo, reference: indexDigest }),
    );
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.message).toContain(indexDigest);
  });
});
