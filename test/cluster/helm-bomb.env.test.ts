// A crafted Helm release Secret on the real API server: its payload inflates about 1,000-fold (a gzip
// bomb). `regshift cluster` reports it as a diagnostic and goes on, in bounded memory.
import { randomBytes } from 'node:crypto';
import { constants, createGzip } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from '../env/exec.js';
import { testEnv } from '../env/index.js';
import { runCliChild } from '../registry/helpers/child.js';
import { kube } from './helpers/kube.js';

const env = testEnv();
const { kubectl, apply } = kube(env);
const ns = `hbomb-${randomBytes(3).toString('hex')}`;

/** Helm's encoding of `{"name":"bomb","manifest":"    …"}` with `spaces` spaces: base64(gzip(json)). */
async function bomb(spaces: number): Promise<string> {
  const gzip = createGzip({ level: constants.Z_BEST_COMPRESSION });
  const out: Buffer[] = [];
  gzip.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  gzip.write('{"name":"bomb","namespace":"x","version":1,"manifest":"');
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  for (let left = spaces; left > 0; left -= chunk.length) {
    if (!gzip.write(chunk.subarray(0, Math.min(left, chunk.length))))
      await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end('"}');
  await done;
  return Buffer.concat(out).toString('base64');
}

beforeAll(async () => {
  await kubectl('create', 'namespace', ns);
  // 400 MiB of JSON in about 400 KiB: under the API server's 1 MiB object limit even base64'd twice.
  const release = Buffer.from(await bomb(400 * 1024 * 1024)).toString('base64');
  // create, not apply: apply would copy the whole object into an annotation, which has its own limit.
  await run(env.bin.kubectl, ['--kubeconfig', env.kubeconfig, '-n', ns, 'create', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'helm.sh/release.v1',
      metadata: {
        name: 'sh.helm.release.v1.bomb.v1',
        labels: { owner: 'helm', name: 'bomb', status: 'deployed', version: '1' },
      },
      data: { release },
    }),
  });
  await apply(
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  replicas: 0
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec: {containers: [{name: app, image: k8s.gcr.io/pause:3.2}]}
`,
    ns,
  );
});

afterAll(async () => {
  await kubectl('delete', 'namespace', ns, '--wait=false').catch(() => undefined);
});

it('a release that inflates 1,000-fold is a diagnostic, the rest is scanned, and memory stays bounded', async () => {
  const child = await runCliChild(['cluster', '-n', ns, '-o', 'json'], {
    KUBECONFIG: env.kubeconfig,
    HOME: '/nonexistent',
  });
  const report = JSON.parse(child.stdout) as {
    findings: { object: { kind: string } }[];
    errors: { code: string; message: string }[];
  };
  expect(report.errors).toEqual([
    expect.objectContaining({
      code: 'HELM_RELEASE_TOO_LARGE',
      message: expect.stringContaining('decompresses to more than 67108864 bytes'),
      hint: expect.stringContaining('it may have been crafted'),
    }),
  ]);
  expect(report.findings.map((f) => f.object.kind)).toContain('Deployment');
  // Before the cap, this release alone cost about 1.8 GB; Node and the bundle start at about 100 MiB.
  expect(child.maxRssMiB).toBeLessThan(400);
});
