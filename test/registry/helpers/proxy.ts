/**
 * A real forward proxy for tests: Debian's tinyproxy, in the foreground on a loopback port with a generated
 * config, logging each request line (CONNECT host:port for HTTPS, the absolute URI for HTTP). In front of
 * it, a TCP tap that records every byte the client sends to the proxy: what anyone on the way to the proxy
 * could read.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePorts } from '../../env/ports.js';

export interface ForwardProxy {
  /** host:port of the tap in front of tinyproxy: what HTTPS_PROXY/HTTP_PROXY point at. */
  host: string;
  /** tinyproxy's log so far. */
  log(): Promise<string>;
  /** Every byte clients sent towards the proxy, as latin1 text, one string per connection. */
  sent(): string[];
  close(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** tinyproxy on 127.0.0.1, CONNECT allowed to every port; with `basicAuth` it demands those credentials. */
export async function startProxy(options: { basicAuth?: { user: string; password: string } } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'regshift-proxy-'));
  const [port] = await freePorts(1);
  const config = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 30',
    `LogFile "${join(dir, 'tinyproxy.log')}"`,
    'LogLevel Info',
    'MaxClients 50',
    'Allow 127.0.0.1',
    // No ConnectPort line: CONNECT to any port (the test registries listen on random ones).
    ...(options.basicAuth ? [`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`] : []),
  ];
  await writeFile(join(dir, 'tinyproxy.conf'), `${config.join('\n')}\n`);
  const child: ChildProcess = spawn('tinyproxy', ['-d', '-c', join(dir, 'tinyproxy.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const spawned = new Promise<void>((_, reject) => child.once('error', reject));
  for (let tries = 0; !(await accepts(port!)); tries++) {
    if (child.exitCode !== null || tries > 100) {
      child.kill('SIGKILL');
      throw new Error(`tinyproxy did not start (exit ${child.exitCode}): ${stderr}`);
    }
    await Promise.race([sleep(50), spawned]);
  }

  const tapped: Buffer[][] = [];
  const sockets = new Set<Socket>();
  const tap = createServer((client) => {
    const upstream = connect(port!, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    const bytes: Buffer[] = [];
    tapped.push(bytes);
    client.on('data', (chunk: Buffer) => bytes.push(Buffer.from(chunk)));
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => tap.listen(0, '127.0.0.1', resolve));
  const address = tap.address();
  const tapPort = typeof address === 'object' && address ? address.port : 0;

  const proxy: ForwardProxy = {
    host: `127.0.0.1:${tapPort}`,
    log: () => readFile(join(dir, 'tinyproxy.log'), 'utf8').catch(() => ''),
    sent: () => tapped.map((bytes) => Buffer.concat(bytes).toString('latin1')),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => tap.close(() => resolve()));
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
  return proxy;
}
