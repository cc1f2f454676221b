// What every command accepts the same way, handled once before a command parses its own flags.

export type ColorChoice = 'auto' | 'always' | 'never';

export interface CommonArgs {
  /** The command's own arguments, with `-o=json` written as `-o json` and the common flags removed. */
  args: string[];
  color: ColorChoice | undefined;
  version: boolean;
  help: boolean;
  /** An error in a common flag, said in regshift's words. */
  problem?: string;
}

/** `-o=json` as `-o json` (parseArgs would read the value as `=json`), up to a `--`. */
function splitShortValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (/^-[A-Za-z]=/.test(arg)) out.push(arg.slice(0, 2), arg.slice(3));
    else out.push(arg);
  }
  return out;
}

/** `--color WHEN`, `--version`/`-V` and `--help`/`-h`, which every command takes. */
export function commonArgs(given: readonly string[]): CommonArgs {
  const result: CommonArgs = { args: [], color: undefined, version: false, help: false };
  const args = splitShortValues(given);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      result.args.push(...args.slice(i));
      break;
    }
    if (arg === '--help' || arg === '-h') result.help = true;
    else if (arg === '--version' || arg === '-V') result.version = true;
    else if (arg === '--color' || arg.startsWith('--color=')) {
      const value = arg === '--color' ? args[++i] : arg.slice('--color='.length);
      if (value === 'auto' || value === 'always' || value === 'never') result.color = value;
      else result.problem = `--color ${value ?? ''}: choose auto, always or never`.replace('  ', ' ');
    } else result.args.push(arg);
  }
  return result;
}
