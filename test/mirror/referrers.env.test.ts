// Signatures and attestations travel with mirrored images: cosign signs offline (key pair, no
// transparency log) at a source, `regshift mirror` copies, and `cosign verify` / `verify-attestation`
// succeed against the mirror, but not against a plain `crane copy`. Four source/destination pairs of
// real registries: docker-registry 2.8 (referrers tag schema only) and go-containerregistry's registry
// with the OCI 1.1 referrers API (test/env/go/ocireg).
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { mirrorImages } from '../../src/mirror/index.js';
import type { Hop } from '../../src/registry/options.js';
import { captureIO, uniqueName } from '../registry/helpers/env.js';
import { seedImage } from '../registry/helpers/oci.js';
import { craneHas, mirrorCli } from './helpers.js';
import { startOwnRegistry } from './registry.js';
import { type Cosign, cosignWithKey, startOciRegistry } from './signing.js';

const exec = promisify(execFile);
type Kind = 'dist' | 'oci';
const mode = { dist: 'tag-schema', oci: 'api' } as const;
const sources = {} as Record<Kind, string>;
const targets = {} as Record<Kind, string>;
const closers: (() => Promise<unknown>)[] = [];
const digests = {} as Record<Kind, string>;
let cosign: Cosign;
const name = uniqueName('signed');
const registryFlags = ['--allow-http-registry', '--allow-insecure-registry'];
const offline = ['--use-signing-config=false', '--tlog-upload=false', ...registryFlags];
const verifyFlags = ['--insecure-ignore-tlog=true', ...registryFlags];

async function start(kind: Kind): Promise<string> {
  const registry = kind === 'dist' ? await startOwnRegistry() : await startOciRegistry();
  closers.push(() => registry.close());
  return registry.host;
}

/** Every source/destination combination. */
const pairs = [
  ['dist', 'dist'],
  ['dist', 'oci'],
  ['oci', 'dist'],
  ['oci', 'oci'],
] as const;

/** A signature as cosign before bundles stored it: under the `.sig` tag. */
function sign(ref: string) {
  return cosign.run(['sign', '--key', 'cosign.key', '--new-bundle-format=false', ...offline, ref]);
}

function verify(ref: string) {
  return cosign.run(['verify', '--key', cosign.publicKey, '--new-bundle-format=false', ...verifyFlags, ref]);
}
function verifyAttestation(ref: string) {
  return cosign.run([
    'verify-attestation',
    '--key',
    cosign.publicKey,
    '--type',
    'slsaprovenance',
    ...verifyFlags,
    ref,
  ]);
}

beforeAll(async () => {
  cosign = await cosignWithKey();
  closers.push(() => cosign.close());
  for (const kind of ['dist', 'oci'] as const) {
    sources[kind] = await start(kind);
    targets[kind] = await start(kind);
  }
  const predicate = join(tmpdir(), `${name}-predicate.json`);
  await writeFile(predicate, JSON.stringify({ builder: { id: 'https://example.com/regshift-test' } }));
  for (const kind of ['dist', 'oci'] as const) {
    const image = `${sources[kind]}/${name}/app`;
    digests[kind] = await seedImage(`${image}:v1`, `${name}-app`, { platforms: 2, layerBytes: 16 * 1024 });
    const pinned = `${image}@${digests[kind]}`;
    // A signature as older cosign stores it (a .sig tag), an attestation as a Sigstore bundle referrer.
    const signed = await sign(pinned);
    if (!signed.ok) throw new Error(`cosign sign at ${kind}: ${signed.output}`);
    const attested = await cosign.run([
      'attest',
      '--key',
      'cosign.key',
      '--type',
      'slsaprovenance',
      '--predicate',
      predicate,
      ...offline,
      pinned,
    ]);
    if (!attested.ok) throw new Error(`cosign attest at ${kind}: ${attested.output}`);
    // A second tag of the same image, so that repository mode writes several tags into one repository.
    await exec('crane', ['tag', '--insecure', `${image}:v1`, 'v2']);
  }
}, 900_000);
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
});

describe.each(pairs)('mirror with referrers from %s to %s', (from, to) => {
  const prefix = `from-${from}`;
  const source = () => `${sources[from]}/${name}/app:v1`;
  const mirrored = () => `${targets[to]}/${prefix}/${name}/app:v1`;

  it('the signature and attestation verify at the source', async () => {
    expect((await verify(source())).ok).toBe(true);
    expect((await verifyAttestation(source())).ok).toBe(true);
  });

  it('copies them, in the destination’s referrers mode, so cosign verifies the mirror', async () => {
    const run = await mirrorCli(['--to', `${targets[to]}/${prefix}`, source(), '-o', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const [result] = run.results;
    expect(result).toMatchObject({
      status: 'copied',
      digest: digests[from],
      referrers: 2,
      referrersFrom: mode[from],
      referrersTo: mode[to],
    });
    const v = await verify(mirrored());
    expect(v.ok, v.output).toBe(true);
    const a = await verifyAttestation(mirrored());
    expect(a.ok, a.output).toBe(true);
    // The tag schema is written only where the API is missing.
    const tagSchema = `${targets[to]}/${prefix}/${name}/app:${digests[from].replace(':', '-')}`;
    expect(await craneHas(tagSchema)).toBe(to === 'dist');
  });

  it('a re-run finds everything there and writes nothing new', async () => {
    const run = await mirrorCli(['--to', `${targets[to]}/${prefix}`, source(), '-o', 'json']);
    expect(run.code).toBe(0);
    expect(run.results[0]).toMatchObject({ status: 'up-to-date', referrers: 2, copiedBlobs: 0 });
  });

  it('a plain crane copy leaves verification failing', async () => {
    const plain = `${targets[to]}/plain-${from}/${name}/app:v1`;
    await exec('crane', ['copy', '--insecure', source(), plain]);
    expect((await verify(plain)).ok).toBe(false);
    expect((await verifyAttestation(plain)).ok).toBe(false);
  });

  it('check says the plain copy lacks the signatures, and the mirror has them', async () => {
    const checkDetail = async (at: string) => {
      const { io, out } = captureIO({ PATH: process.env['PATH'], HOME: '/nonexistent' });
      const rule = `${sources[from]}/${name}=${at}/${name}`;
      await main(['check', source(), '--rule', rule, '--no-connectivity', '-o', 'json'], io);
      const [image] = (JSON.parse(out()) as { images: { verdict: string; detail: string | null }[] }).images;
      return [image!.verdict, image!.detail];
    };
    expect(await checkDetail(`${targets[to]}/plain-${from}`)).toEqual([
      'same-digest',
      'signed-at-source-not-at-target',
    ]);
    expect(await checkDetail(`${targets[to]}/${prefix}`)).toEqual(['same-digest', null]);
  });
});

describe.each(pairs)('mirror --repo with referrers from %s to %s', (from, to) => {
  const prefix = `repo-${from}`;
  const copy = async () => {
    const hops: Hop[] = [];
    const report = await mirrorImages({
      images: [],
      repos: [`${sources[from]}/${name}/app`],
      to: `${targets[to]}/${prefix}`,
      registry: { onHop: (hop) => hops.push(hop) },
    });
    // What the destination was asked about manifests it did not have (HEADs and index reads that found nothing).
    const missed = hops
      .filter((h) => h.host === targets[to] && h.status === 404 && h.url.includes('/manifests/'))
      .map((h) => h.url.split('/manifests/')[1]!);
    return { report, missed };
  };

  it('asks a fresh destination about no tag its tag list lacks, and cosign verifies every tag', async () => {
    const { report, missed } = await copy();
    expect(report.results.map((r) => [r.target.split(':').pop(), r.status, r.referrers])).toEqual([
      ['v1', 'copied', 2],
      ['v2', 'copied', 2],
    ]);
    // Neither v1, v2, the cosign .sig tag nor the tag-schema index is looked up; a destination with the
    // referrers API is still asked for each referrer by digest.
    expect(missed.filter((ref) => !ref.startsWith('sha256:'))).toEqual([]);
    if (to === 'dist') expect(missed).toEqual([]);
    for (const tag of ['v1', 'v2']) {
      const v = await verify(`${targets[to]}/${prefix}/${name}/app:${tag}`);
      expect(v.ok, v.output).toBe(true);
      const a = await verifyAttestation(`${targets[to]}/${prefix}/${name}/app:${tag}`);
      expect(a.ok, a.output).toBe(true);
    }
  });

  it('a re-run finds every tag and referrer there', async () => {
    const { report } = await copy();
    expect(report.results.map((r) => [r.status, r.referrers, r.copiedBlobs])).toEqual([
      ['up-to-date', 2, 0],
      ['up-to-date', 2, 0],
    ]);
  });
});

describe('referrer options', () => {
  it('--platform copies the kept platform’s referrers and says the source index’s stay behind', async () => {
    const image = `${sources.dist}/${name}/multi`;
    const index = await seedImage(`${image}:v1`, `${name}-multi`, { platforms: 2 });
    const { manifests } = JSON.parse(
      (await exec('crane', ['manifest', '--insecure', `${image}@${index}`])).stdout,
    ) as { manifests: { digest: string; platform: { architecture: string } }[] };
    const amd64 = manifests.find((m) => m.platform.architecture === 'amd64')!.digest;
    for (const digest of [index, amd64]) {
      const signed = await sign(`${image}@${digest}`);
      expect(signed.ok, signed.output).toBe(true);
    }
    const to = `${targets.dist}/narrowed`;
    const run = await mirrorCli(['--to', to, `${image}:v1`, '--platform', 'linux/amd64', '-o', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.results[0]).toMatchObject({ status: 'copied', referrers: 1 });
    expect(run.stderr).toContain(
      `1 referrer (signatures, attestations) of the source index ${index} not copied`,
    );
    const mirrored = `${to}/${name}/multi`;
    const platform = await verify(`${mirrored}@${amd64}`);
    expect(platform.ok, platform.output).toBe(true);
    // The rewritten index is nobody's subject: its tag does not verify.
    expect((await verify(`${mirrored}:v1`)).ok).toBe(false);
  });

  it('--no-referrers copies the image alone; --referrer-type keeps only that type', async () => {
    const source = `${sources.oci}/${name}/app:v1`;
    const bare = await mirrorCli(['--to', `${targets.dist}/bare`, source, '--no-referrers', '-o', 'json']);
    expect(bare.results[0]).toMatchObject({ status: 'copied', referrers: 0 });
    expect((await verify(`${targets.dist}/bare/${name}/app:v1`)).ok).toBe(false);

    const only = await mirrorCli([
      '--to',
      `${targets.dist}/typed`,
      source,
      '--referrer-type',
      'application/vnd.dev.sigstore.bundle.v0.3+json',
      '-o',
      'json',
    ]);
    expect(only.results[0]).toMatchObject({ status: 'copied', referrers: 1 });
    expect((await verifyAttestation(`${targets.dist}/typed/${name}/app:v1`)).ok).toBe(true);
    expect((await verify(`${targets.dist}/typed/${name}/app:v1`)).ok).toBe(false);
  });
});
