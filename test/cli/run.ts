import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';

/** Run the CLI in-process with captured streams, as a user's shell would (no TTY). */
export async function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => chunks.out.push(c));
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  const code = await main(args, {
    stdout,
    stderr,
    stdin: new PassThrough(),
    cwd: options.cwd,
    env: options.env ?? {},
  });
  return { code, stdout: Buffer.concat(chunks.out).toString(), stderr: Buffer.concat(chunks.err).toString() };
}
