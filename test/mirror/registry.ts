/**
 * Registries a mirror test owns: a fresh, empty destination per test, and one it can kill (SIGKILL)
 * and start again on the same port and storage. Debian `docker-registry` (CNCF distribution 2.8),
 * plain HTTP on a loopback port the kernel picked. The shared ones of test/env serve as sources and
 * as the TLS, token and Basic variants.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const program = process.env['REGSHIFT_TEST_REGISTRY_BIN'] ?? '/usr/bin/docker-registry';

export interface OwnRegistry {
  /** 127.0.0.1:port */
  host: string;
  dir: string;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  /** Start again on the same port and storage. */
  restart(): Promise<void>;
  /** Stop and delete its storage. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUp(host: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}):\n${log()}`);
    try {
      const answer = await fetch(`http://${host}/v2/`);
      if (answer.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry on ${host} did not come up:\n${log()}`);
}

export async function startOwnRegistry(): Promise<OwnRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'regshift-mirror-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = join(dir, 'config.yml');
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
  let child: ChildProcess;
  // A file, not a pipe: a parent that blocks (execFileSync) must not stall the registry on a full pipe.
  const log = join(dir, 'registry.log');
  const start = async () => {
    const fd = openSync(log, 'a');
    try {
      child = spawn(program, ['serve', config], { env, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    await waitUp(host, child, () => readFileSync(log, 'utf8'));
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    host,
    dir,
    kill,
    restart: start,
    close: async () => {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
