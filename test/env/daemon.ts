// Long-running processes of the environment: started detached (so `testenv:up` can exit and leave
// them running), logged to a file, and stopped by their own process group id only.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Daemon {
  name: string;
  pid: number;
  /** The program, to tell our process from an unrelated one that got the same pid later. */
  file: string;
  log: string;
}

export interface StartOptions {
  log: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const exits = new Map<number, number | string>();

export function startDaemon(
  name: string,
  file: string,
  args: readonly string[],
  options: StartOptions,
): Daemon {
  const fd = openSync(options.log, 'a');
  try {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    if (child.pid === undefined) throw new Error(`cannot start ${name} (${file})`);
    const pid = child.pid;
    child.on('exit', (code, signal) => exits.set(pid, code ?? signal ?? 'unknown'));
    child.on('error', (error) => exits.set(pid, error.message));
    child.unref();
    return { name, pid, file, log: options.log };
  } finally {
    closeSync(fd);
  }
}

export function isAlive(pid: number): boolean {
  if (exits.has(pid)) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A process started by an earlier command is not our child: once it exits it stays a zombie
  // until init reaps it, and signal 0 still reaches it.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

export function logTail(daemon: Daemon, lines = 25): string {
  try {
    return readFileSync(daemon.log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Polls `ready` until it answers true; fails early, with the log, if the process exits. */
export async function waitReady(
  daemon: Daemon,
  ready: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive(daemon.pid)) {
      const how = exits.get(daemon.pid);
      throw new Error(`${daemon.name} exited (${how ?? 'gone'}); log ${daemon.log}:\n${logTail(daemon)}`);
    }
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${daemon.name} not ready after ${timeoutMs / 1000}s; log ${daemon.log}:\n${logTail(daemon)}`,
      );
    }
    await sleep(250);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export async function stopDaemon(daemon: Daemon, graceMs = 10_000): Promise<void> {
  if (!isAlive(daemon.pid)) return;
  signalGroup(daemon.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(daemon.pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(daemon.pid)) signalGroup(daemon.pid, 'SIGKILL');
}

/** For process 'exit' handlers, where nothing asynchronous runs. */
export function killNow(daemon: Daemon): void {
  signalGroup(daemon.pid, 'SIGKILL');
}
