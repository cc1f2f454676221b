import { isRegshiftError } from '../errors.js';
import { terminalText } from '../report/escape.js';
import { version } from '../version.js';
import { commands } from './commands/index.js';
import { type CliIO, type Command, exitCodes, UsageError } from './io.js';

function topLevelHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'regshift — move Kubernetes off deprecated container registries (k8s.gcr.io → registry.k8s.io)',
    '',
    'Usage: regshift <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `regshift <command> --help` for a command's options.",
    'Exit codes: 0 nothing found / all good, 1 findings or failed checks, 2 usage or fatal error.',
    '',
  ].join('\n');
}

/** Exit status of a process ended by SIGPIPE (128 + 13), as `git log | head -1` leaves. */
const closedPipe = 141;

function defaultIO(): CliIO {
  // A reader that stops early (`regshift scan -o json | head -1`) closes the pipe: end quietly, as
  // SIGPIPE ends other tools, instead of an unhandled EPIPE stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(closedPipe);
    throw error;
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
    env: process.env,
  };
}

/**
 * stderr with control characters escaped (file names and server messages reach it), but for the progress
 * line's own `\r ESC[2K` prefix and colour.
 */
function safeStderr(stream: CliIO['stderr']): CliIO['stderr'] {
  const safe = Object.create(stream) as CliIO['stderr'];
  safe.write = ((chunk: unknown, ...rest: never[]) => {
    if (typeof chunk !== 'string') return stream.write(chunk as Buffer, ...rest);
    const progress = chunk.startsWith('\r\x1b[2K') ? '\r\x1b[2K' : '';
    return stream.write(progress + terminalText(chunk.slice(progress.length), true), ...rest);
  }) as CliIO['stderr']['write'];
  return safe;
}

/** Entry point: runs one command and returns its exit code. The only place that turns errors into exits. */
export async function main(argv: string[], given: CliIO = defaultIO()): Promise<number> {
  const io = { ...given, stderr: safeStderr(given.stderr) };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(topLevelHelp());
    return name === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`regshift ${version}\n`);
    return exitCodes.ok;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`regshift: unknown command "${name}"\n\n${topLevelHelp()}`);
    return exitCodes.usage;
  }
  const command: Command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage);
    return exitCodes.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(
        `regshift ${name}: ${(error as Error).message}\nRun \`regshift ${name} --help\` for usage.\n`,
      );
      return exitCodes.usage;
    }
    if (isRegshiftError(error)) {
      io.stderr.write(`regshift ${name}: error [${error.code}]: ${error.message}\n`);
      if (error.hint) io.stderr.write(`hint: ${error.hint}\n`);
      return exitCodes.usage;
    }
    io.stderr.write(`regshift ${name}: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return exitCodes.usage;
  }
}
