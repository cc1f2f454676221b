import { isRegshiftError } from '../errors.js';
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

function defaultIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
    env: process.env,
  };
}

/** Entry point: runs one command and returns its exit code. The only place that turns errors into exits. */
export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
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
