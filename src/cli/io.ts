import { RegshiftError } from '../errors.js';
import type { Flags } from './flags.js';

/** What a command may touch: streams and process facts, injected so tests run commands in-process. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** `--color`: auto (default: on a terminal, unless NO_COLOR), always or never. */
  color?: 'auto' | 'always' | 'never';
  /** The name the user typed: `regshift`, or `kubectl regshift` for the kubectl plugin. */
  program?: string;
}

export interface Command {
  name: string;
  usage: string;
  /** Its declared flags (completion lists them). */
  flags: Flags;
  /** Returns the exit code: 0 nothing found / all good, 1 findings or failures, 2 usage or fatal error. */
  run(args: string[], io: CliIO): Promise<number>;
}

export const exitCodes = { ok: 0, findings: 1, usage: 2 } as const;

/** A wrong command line: the CLI says it with a pointer to --help and exits 2. */
export class UsageError extends RegshiftError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'UsageError';
  }
}
