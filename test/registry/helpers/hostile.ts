// What the hostile-server tests share: stubs closed after each test, one tiny image, and `check --probe`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach } from 'vitest';
import type { Connectivity } from '../../../src/check/index.js';
import { runCli } from '../../cli/run.js';
import { type Stub, servesImage, stub, tinyImage } from '../stubs/hostile.js';
import { dockerConfig } from './env.js';

let stubs: Stub[] = [];
/** A stub server, closed after the test (the hook is registered by each file that imports this). */
export async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void, address?: string) {
  const s = await stub(handler, address);
  stubs.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(stubs.map((s) => s.close()));
  stubs = [];
});

export const image = tinyImage();

export const serveImage = servesImage(image);

/** `regshift check --registry HOST --probe HOST/app:1` in-process, with a docker config for `auths`. */
export async function probe(
  host: string,
  options: { auths?: Record<string, string>; timeout?: string } = {},
) {
  const auths = Object.fromEntries(
    Object.entries(options.auths ?? {}).map(([h, password]) => [h, { user: 'someone', password }]),
  );
  const env = { HOME: '/nonexistent', DOCKER_CONFIG: await dockerConfig({ auths }) };
  const started = performance.now();
  const run = await runCli(
    [
      'check',
      '--registry',
      host,
      '--probe',
      `${host}/app:1`,
      '--timeout',
      options.timeout ?? '5s',
      '-o',
      'json',
    ],
    { cwd: process.cwd(), env },
  );
  const ms = performance.now() - started;
  const result = (JSON.parse(run.stdout) as { connectivity: Connectivity[] }).connectivity[0]!;
  return { ...run, ms, result };
}
