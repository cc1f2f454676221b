// Token and Basic auth at either end: credentials from a docker config, TLS with the environment's CA.
import { beforeAll, describe, expect, it } from 'vitest';
import { dockerConfig, testRegistries, uniqueName } from '../registry/helpers/env.js';
import { seedImage } from '../registry/helpers/oci.js';
import { craneManifest, craneValidate, mirrorCli } from './helpers.js';

const env = testRegistries();
const name = uniqueName('mirror-auth');
let config: string;

beforeAll(async () => {
  const login = { user: env.user, password: env.password };
  config = await dockerConfig({ auths: { [env.token]: login, [env.basic]: login } });
  const push = { dockerConfig: config, caFile: env.caFile, platforms: 2, layerBytes: 16 * 1024 };
  await seedImage(`${env.token}/${name}/from-token:v1`, `${name}-t`, push);
  await seedImage(`${env.basic}/${name}/from-basic:v1`, `${name}-b`, push);
});

describe('mirror with auth', () => {
  it.each([
    ['token', 'basic'],
    ['basic', 'token'],
  ] as const)('copies from the %s registry into the %s registry, byte-exact', async (from, to) => {
    const source = `${env[from]}/${name}/from-${from}:v1`;
    const target = `${env[to]}/${name}-copy/${name}/from-${from}:v1`;
    const run = await mirrorCli(
      ['--to', `${env[to]}/${name}-copy`, '--ca-file', env.caFile, source, '-o', 'json'],
      { ...process.env, DOCKER_CONFIG: config },
    );
    expect(run.stderr).toBe('');
    expect(run.results[0]).toMatchObject({ target, status: 'copied', error: null });
    expect(run.code).toBe(0);
    const read = { dockerConfig: config, caFile: env.caFile };
    expect((await craneManifest(target, read)).equals(await craneManifest(source, read))).toBe(true);
    await craneValidate(target, read);
  });

  it('says which registry refused and what to do when the destination credentials are missing', async () => {
    const anonymous = await dockerConfig({
      auths: { [env.token]: { user: env.user, password: env.password } },
    });
    const run = await mirrorCli(
      ['--to', `${env.basic}/${name}-denied`, '--ca-file', env.caFile, `${env.token}/${name}/from-token:v1`],
      { ...process.env, DOCKER_CONFIG: anonymous },
    );
    expect(run.code).toBe(1);
    // Anonymous reads are refused before any push is tried: the first HEAD at the destination says so.
    expect(run.stdout).toContain(`HTTP ${env.basic}: 401 for manifest ${name}-denied/${name}/from-token:v1`);
    expect(run.stdout).toContain(`hint: Log in to ${env.basic} (docker login / podman login)`);
  });
});
