/** The shared test environment's variables (test/env), and small files tests make: docker configs, helpers. */
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CliIO } from '../../../src/cli/io.js';

export interface TestRegistries {
  plain: string;
  tls: string;
  token: string;
  basic: string;
  user: string;
  password: string;
  caFile: string;
}

export function testRegistries(): TestRegistries {
  const get = (name: string): string => {
    const value = process.env[name];
    if (!value)
      throw new Error(`${name} is not set: run these tests in the env project (npx vitest --project env)`);
    return value;
  };
  return {
    plain: get('REGSHIFT_TEST_REGISTRY'),
    tls: get('REGSHIFT_TEST_REGISTRY_TLS'),
    token: get('REGSHIFT_TEST_REGISTRY_TOKEN'),
    basic: get('REGSHIFT_TEST_REGISTRY_BASIC'),
    user: get('REGSHIFT_TEST_REGISTRY_USER'),
    password: get('REGSHIFT_TEST_REGISTRY_PASSWORD'),
    caFile: get('REGSHIFT_TEST_CA_FILE'),
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A DOCKER_CONFIG directory with `auths` (user/password per host) and `credHelpers` (host → helper name). */
export async function dockerConfig(config: {
  auths?: Record<string, { user: string; password: string }>;
  credHelpers?: Record<string, string>;
}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'regshift-docker-'));
  const auths = Object.fromEntries(
    Object.entries(config.auths ?? {}).map(([host, c]) => [
      host,
      { auth: Buffer.from(`${c.user}:${c.password}`).toString('base64') },
    ]),
  );
  await writeFile(join(dir, 'config.json'), JSON.stringify({ auths, credHelpers: config.credHelpers ?? {} }));
  return dir;
}

/**
 * A `docker-credential-<name>` script in a fresh directory (to put on PATH): answers `get` for `host`
 * with the given credentials, and "credentials not found" for anything else, as real helpers do.
 */
export async function credentialHelper(
  name: string,
  host: string,
  user: string,
  password: string,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'regshift-helper-'));
  const answer = JSON.stringify({ ServerURL: host, Username: user, Secret: password });
  const script = [
    '#!/bin/sh',
    '[ "$1" = get ] || exit 1',
    'read -r server',
    `if [ "$server" = '${host}' ]; then printf '%s\\n' '${answer}'; exit 0; fi`,
    'echo "credentials not found in native keychain"',
    'exit 1',
    '',
  ].join('\n');
  const file = join(dir, `docker-credential-${name}`);
  await writeFile(file, script);
  await chmod(file, 0o755);
  return dir;
}

/** In-process CLI streams: what a command wrote, and stdin from a string. */
export function captureIO(
  env: NodeJS.ProcessEnv,
  stdin = '',
): { io: CliIO; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => chunks.out.push(c));
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  return {
    io: { stdout, stderr, stdin: Readable.from([stdin]), cwd: process.cwd(), env },
    out: () => Buffer.concat(chunks.out).toString('utf8'),
    err: () => Buffer.concat(chunks.err).toString('utf8'),
  };
}
