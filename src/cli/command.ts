// A command from its declaration: usage lines, description, flags and closing sections make `--help`;
// the same flags parse and validate the arguments before `run` sees typed values.
import { type Flag, type Flags, parseFlags, type Values } from './flags.js';
import type { CliIO, Command } from './io.js';

export interface CommandSpec<F extends Flags> {
  name: string;
  /** Each synopsis line, without `Usage: ` (`regshift scan [PATH...] [options]`). */
  usage: string[];
  description: string;
  flags: F;
  /** Sections after the options (environment, exit codes, examples), as written. */
  more?: string;
  run(values: Values<F>, positionals: string[], io: CliIO): Promise<number>;
}

/** Help labels longer than this put the help text on the next line. */
const maxLabel = 28;

function label(name: string, f: Flag<unknown>): string {
  return `${f.short ? `-${f.short}, ` : ''}--${name}${f.value ? ` ${f.value}` : ''}`;
}

/** The help text with its default: in place of `{default}`, else at the end. */
function helpText(f: Flag<unknown>): string {
  if (f.shownDefault === undefined) return f.help;
  return f.help.includes('{default}')
    ? f.help.replaceAll('{default}', f.shownDefault)
    : `${f.help} (default ${f.shownDefault})`;
}

/** The `Options:` block: one entry per declared flag, then `-h, --help`, help text in one column. */
export function optionLines(flags: Flags): string {
  const entries: [string, string][] = [
    ...Object.entries(flags).map(([name, f]): [string, string] => [label(name, f), helpText(f)]),
    ['-h, --help', 'show this help'],
  ];
  const width = Math.max(...entries.map(([l]) => l.length).filter((n) => n <= maxLabel));
  const indent = ' '.repeat(width + 4);
  return entries
    .map(([l, help]) => {
      const [first, ...rest] = help.split('\n').map((line) => line.trim());
      const head = l.length > width ? `  ${l}\n${indent}${first}` : `  ${l.padEnd(width)}  ${first}`;
      return [head, ...rest.map((line) => `${indent}${line}`)].join('\n');
    })
    .join('\n');
}

export function usageText(spec: Omit<CommandSpec<Flags>, 'run'>): string {
  const [first, ...others] = spec.usage;
  const synopsis = [`Usage: ${first}`, ...others.map((line) => `       ${line}`)].join('\n');
  const more = spec.more ? `\n${spec.more.replace(/^\n+/, '').replace(/\n*$/, '\n')}` : '';
  return `${synopsis}\n\n${spec.description.trim()}\n\nOptions:\n${optionLines(spec.flags)}\n${more}`;
}

export function defineCommand<F extends Flags>(spec: CommandSpec<F>): Command {
  return {
    name: spec.name,
    usage: usageText(spec),
    flags: spec.flags,
    async run(args, io) {
      const { values, positionals } = parseFlags(spec.flags, args);
      return spec.run(values, positionals, io);
    },
  };
}
