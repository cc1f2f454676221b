/** Run the CLI in a child process (test/registry/helpers/cli-child.ts) and read what it reports of itself. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./cli-child.ts', import.meta.url));

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set of the child, MiB. */
  maxRssMiB: number;
  /** Time `main` ran, ms. */
  ms: number;
}

export function runCliChild(args: string[], env: NodeJS.ProcessEnv, killAfterMs = 60_000): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      env: { PATH: process.env['PATH'], ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    // A child that never ends is the failure being tested for: end it, and let the assertions say so.
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString();
      const report = /maxRSS=(\d+) ms=(\d+)/.exec(stderr);
      resolve({
        code,
        stdout: Buffer.concat(out).toString(),
        stderr,
        maxRssMiB: report ? Number(report[1]) / 1024 : Number.POSITIVE_INFINITY,
        ms: report ? Number(report[2]) : Number.POSITIVE_INFINITY,
      });
    });
  });
}
