import { basename } from 'node:path';
import { isRegshiftError } from '../errors.js';
import { terminalText } from '../report/escape.js';
import { version } from '../version.js';
import { commonArgs } from './args.js';
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
    "Run `regshift <command> --help` or `regshift help <command>` for a command's options.",
    'Every command also takes --version and --color auto|always|never (NO_COLOR is honoured).',
    'Exit codes: 0 nothing found / all good, 1 findings or failed checks, 2 usage or fatal error,',
    'or nothing could be checked (a path that does not exist, a cluster that cannot be read).',
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
    // Run as kubectl-regshift, kubectl calls it `kubectl regshift`: help says so.
    program: basename(process.argv[1] ?? '').startsWith('kubectl-') ? 'kubectl regshift' : 'regshift',
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

/** Usage text for the name the program runs under (`kubectl regshift` as a kubectl plugin). */
function named(text: string, program: string): string {
  return program === 'regshift' ? text : text.replace(/(^|[\s`(])regshift (?=[a-z-])/gm, `$1${program} `);
}

/** Entry point: runs one command and returns its exit code. The only place that turns errors into exits. */
export async function main(argv: string[], given: CliIO = defaultIO()): Promise<number> {
  const program = given.program ?? 'regshift';
  const [first, ...afterFirst] = argv;
  // `regshift help scan` is `regshift scan --help`, as git and kubectl have it.
  const [name, ...givenRest] = first === 'help' && afterFirst.length > 0 ? [afterFirst[0]!, '--help'] : argv;
  const common = commonArgs(givenRest);
  const io: CliIO = {
    ...given,
    stderr: safeStderr(given.stderr),
    ...(common.color ? { color: common.color } : {}),
  };
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(named(topLevelHelp(), program));
    return name === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`regshift ${version}\n`);
    return exitCodes.ok;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`${program}: unknown command "${name}"\n\n${named(topLevelHelp(), program)}`);
    return exitCodes.usage;
  }
  if (common.version) {
    io.stdout.write(`regshift ${version}\n`);
    return exitCodes.ok;
  }
  const command: Command = await entry.load();
  if (common.help) {
    io.stdout.write(named(command.usage, program));
    return exitCodes.ok;
  }
  const usageHint = `Run \`${program} ${name} --help\` for usage.`;
  if (common.problem) {
    io.stderr.write(`${program} ${name}: ${common.problem}\n${usageHint}\n`);
    return exitCodes.usage;
  }
  try {
    return await command.run(common.args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${program} ${name}: ${error.message}\n${usageHint}\n`);
      return exitCodes.usage;
    }
    if (isRegshiftError(error)) {
      io.stderr.write(`${program} ${name}: error [${error.code}]: ${error.message}\n`);
      if (error.hint) io.stderr.write(`hint: ${error.hint}\n`);
      return exitCodes.usage;
    }
    io.stderr.write(`${program} ${name}: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return exitCodes.usage;
  }
}
