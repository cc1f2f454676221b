/** What mirror env tests share: running the CLI in-process, and reading registries back with crane. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main.js';
import type { MirrorResult } from '../../src/mirror/index.js';
import { captureIO } from '../registry/helpers/env.js';

const exec = promisify(execFile);

export async function mirrorCli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; results: MirrorResult[]; stdout: string; stderr: string }> {
  const { io, out, err } = captureIO(env);
  const code = await main(['mirror', ...args], io);
  let results: MirrorResult[] = [];
  try {
    results = (JSON.parse(out()) as { results: MirrorResult[] }).results;
  } catch {
    // a table, or nothing
  }
  return { code, results, stdout: out(), stderr: err() };
}

export interface CraneOptions {
  dockerConfig?: string;
  caFile?: string;
}

function craneEnv(o: CraneOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(o.dockerConfig ? { DOCKER_CONFIG: o.dockerConfig } : {}),
    ...(o.caFile ? { SSL_CERT_FILE: o.caFile } : {}),
  };
}

/** The manifest bytes crane reads at `ref` (plain HTTP unless a CA is given). */
export async function craneManifest(ref: string, o: CraneOptions = {}): Promise<Buffer> {
  const insecure = o.caFile ? [] : ['--insecure'];
  const { stdout } = await exec('crane', ['manifest', ...insecure, ref], {
    env: craneEnv(o),
    encoding: 'buffer',
    maxBuffer: 1 << 24,
  });
  return stdout;
}

/** `crane validate --remote`: every manifest and blob of `ref` fetched and checked against its digest. */
export async function craneValidate(ref: string, o: CraneOptions = {}): Promise<void> {
  const insecure = o.caFile ? [] : ['--insecure'];
  await exec('crane', ['validate', ...insecure, '--remote', ref], { env: craneEnv(o) });
}

/** True when crane finds `ref` (a tag or digest) at all. */
export async function craneHas(ref: string, o: CraneOptions = {}): Promise<boolean> {
  return craneManifest(ref, o).then(
    () => true,
    () => false,
  );
}
