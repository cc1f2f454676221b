/**
 * What the referrer tests need besides docker-registry: a registry with the OCI 1.1 referrers API
 * (test/env/go/ocireg, go-containerregistry's pkg/registry) and cosign, both built once into the test
 * cache from the Go module proxy; a key pair made offline; signing with no transparency log.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Daemon, startDaemon, stopDaemon, waitReady } from '../env/daemon.js';
import { freePorts } from '../env/ports.js';
import { probe } from '../env/probe.js';
import { ensureBinaries, goTools } from '../env/tools.js';

const exec = promisify(execFile);

export interface OciRegistry {
  host: string;
  close(): Promise<void>;
}

export async function startOciRegistry(): Promise<OciRegistry> {
  const { ocireg } = await ensureBinaries(goTools.ocireg, ['ocireg']);
  const dir = await mkdtemp(join(tmpdir(), 'regshift-ocireg-'));
  const [port] = await freePorts(1);
  const host = `127.0.0.1:${port}`;
  const daemon: Daemon = startDaemon(`ocireg ${host}`, ocireg!, ['-addr', host, '-dir', join(dir, 'blobs')], {
    log: join(dir, 'ocireg.log'),
  });
  await waitReady(daemon, async () => (await probe(`http://${host}/v2/`)).status === 200, 30_000);
  return {
    host,
    close: async () => {
      await stopDaemon(daemon, 2_000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface Cosign {
  /** Public key file for `verify --key`. */
  publicKey: string;
  run(args: string[]): Promise<{ ok: boolean; output: string }>;
  close(): Promise<void>;
}

/** cosign with a fresh key pair (empty password), offline: no Rekor, no Fulcio, plain HTTP registries. */
export async function cosignWithKey(): Promise<Cosign> {
  const { cosign } = await ensureBinaries(goTools.cosign, ['cosign']);
  const dir = await mkdtemp(join(tmpdir(), 'regshift-cosign-'));
  const env = {
    ...process.env,
    COSIGN_PASSWORD: '',
    COSIGN_YES: 'true',
    HOME: dir,
    TUF_ROOT: join(dir, 'tuf'),
    SIGSTORE_NO_CACHE: 'true',
  };
  const run = async (args: string[]) => {
    try {
      const { stdout, stderr } = await exec(cosign!, args, { env, cwd: dir, timeout: 120_000 });
      return { ok: true, output: stdout + stderr };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}` };
    }
  };
  const made = await run(['generate-key-pair']);
  if (!made.ok) throw new Error(`cosign generate-key-pair failed: ${made.output}`);
  return { publicKey: join(dir, 'cosign.pub'), run, close: () => rm(dir, { recursive: true, force: true }) };
}
