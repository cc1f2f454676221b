/**
 * Registries a mirror test (or the mirror benchmark) owns: a fresh, empty destination, and one it can
 * kill (SIGKILL, as a crash) and start again on the same port and storage. Debian `docker-registry`
 * (CNCF distribution 2.8), plain HTTP on a kernel-picked loopback port, started with test/env's daemon
 * launcher. The shared registries of test/env serve as sources and as the TLS, token and Basic variants.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Daemon, isAlive, killNow, startDaemon, stopDaemon, waitReady } from '../env/daemon.js';
import { freePorts } from '../env/ports.js';
import { which } from '../env/prereqs.js';
import { probe } from '../env/probe.js';

export interface OwnRegistry {
  /** 127.0.0.1:port */
  host: string;
  dir: string;
  /** SIGKILL, as a crash would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Start again on the same port and storage. */
  restart(): Promise<void>;
  /** Stop and delete its storage. */
  close(): Promise<void>;
}

export async function startOwnRegistry(): Promise<OwnRegistry> {
  const program = which('docker-registry');
  if (!program) throw new Error('docker-registry is missing: run `bash test/env/prereqs.sh`');
  const dir = await mkdtemp(join(tmpdir(), 'regshift-mirror-registry-'));
  const [port] = await freePorts(1);
  const host = `127.0.0.1:${port}`;
  const config = join(dir, 'config.yml');
  // JSON is YAML, and the registry reads YAML.
  await writeFile(
    config,
    JSON.stringify({
      version: 0.1,
      log: { level: 'warn', accesslog: { disabled: true } },
      storage: { filesystem: { rootdirectory: join(dir, 'data') }, delete: { enabled: true } },
      http: { addr: host, secret: 'regshift-mirror-test' },
    }),
  );
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_')));
  let daemon: Daemon;
  const start = async () => {
    daemon = startDaemon(`registry (mirror ${host})`, program, ['serve', config], {
      log: join(dir, 'registry.log'),
      env,
    });
    await waitReady(daemon, async () => (await probe(`http://${host}/v2/`)).status === 200, 30_000);
  };
  const kill = async () => {
    killNow(daemon);
    while (isAlive(daemon.pid)) await sleep(20);
  };
  await start();
  return {
    host,
    dir,
    kill,
    restart: start,
    close: async () => {
      await stopDaemon(daemon, 2_000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
