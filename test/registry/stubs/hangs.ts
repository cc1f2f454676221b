/**
 * Servers that never answer, for timeouts on loopback, where no firewall drops packets:
 * - a listener whose accept queue is full, so the kernel drops further SYNs and a connect hangs as it
 *   does behind a firewall that drops them (the listener lives in a child process whose event loop is
 *   blocked, so it never accepts; Node accepts at once in-process);
 * - a server that accepts TCP but never says a word, so a TLS handshake hangs after the connect.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';

export interface Hang {
  /** host:port */
  host: string;
  close(): Promise<void>;
}

const neverAccepts = [
  "const server = require('node:net').createServer();",
  "server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {",
  "  require('node:fs').writeSync(1, server.address().port + '\\n');",
  '  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);',
  '});',
].join('\n');

function connects(port: number, within: number, sockets: Socket[]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    const timer = setTimeout(() => resolve(false), within);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** A port where connects hang: its listener never accepts and its accept queue is already full. */
export async function fullBacklog(): Promise<Hang> {
  const child: ChildProcess = spawn(process.execPath, ['-e', neverAccepts], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const sockets: Socket[] = [];
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  };
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (data: Buffer) => resolve(Number(data.toString().trim())));
    child.once('exit', (code) => reject(new Error(`the never-accepting listener exited (${code})`)));
  });
  // Fill the queue (backlog 1 holds one or two connections) until a connect no longer completes.
  for (let tries = 0; ; tries++) {
    if (!(await connects(port, 500, sockets))) break;
    if (tries === 16) {
      await close();
      throw new Error('the accept queue never filled: connects to a never-accepting listener still complete');
    }
  }
  return { host: `127.0.0.1:${port}`, close };
}

/** Accepts TCP connections and keeps them open without ever sending a byte: a TLS handshake hangs. */
export async function silentServer(): Promise<Hang & { accepted: () => number }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: `127.0.0.1:${port}`,
    accepted: () => accepted,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
