/**
 * Flags declared once: name, value type, default and help line. Parsing (Node's `parseArgs`, strict),
 * validation (the parsers in values.ts), defaults and the help text all come from the declaration.
 *
 * Our own small layer rather than citty: citty brings its own argv parser (not `parseArgs`) and help
 * format, while we need `kubectl regshift` in help, regshift's wording for usage errors, typed values
 * (milliseconds, bytes, a choice) from one parser per kind, and no dependency for ~150 lines.
 */
import { parseArgs } from 'node:util';
import type { ErrorCode } from '../errors.js';
import { UsageError } from './io.js';
import {
  formatDuration,
  formatSize,
  type IntegerBounds,
  parseChoice,
  parseDuration,
  parseInteger,
  parseRegistryPrefix,
  parseSize,
} from './values.js';

/** What parseArgs gives for one flag: its text, every text of a repeatable one, or a switch. */
type Given = string | string[] | boolean | undefined;

export interface Flag<T> {
  short?: string;
  /** Placeholder of the value in help (`FORMAT`); none for a switch. */
  value?: string;
  /** Help text; continuation lines with `\n`; `{default}` places the default, else it goes at the end. */
  help: string;
  multiple?: boolean;
  /** The default as help shows it (the value itself is what `read` returns when the flag is absent). */
  shownDefault?: string;
  read(given: Given, flag: string): T;
}

export type Flags = Record<string, Flag<unknown>>;
export type Values<F extends Flags> = { [K in keyof F]: F[K] extends Flag<infer T> ? T : never };

interface Common {
  short?: string;
}

/** A value flag, given at most once; `parse` turns its text into the value. */
function valued<T>(value: string, help: string, parse: (text: string, flag: string) => T, o: Common = {}) {
  return {
    ...(o.short ? { short: o.short } : {}),
    value,
    help,
    read: (given: Given, flag: string) => (given === undefined ? undefined : parse(given as string, flag)),
  } satisfies Flag<T | undefined>;
}

/** The same, with a default that help shows. */
function defaulted<T>(flag: Flag<T | undefined>, fallback: T, shown: string): Flag<T> {
  return { ...flag, shownDefault: shown, read: (given, name) => flag.read(given, name) ?? fallback };
}

export const flag = {
  switch: (help: string, o: Common = {}): Flag<boolean> => ({ ...o, help, read: (given) => given === true }),

  text: (value: string, help: string, o: Common = {}): Flag<string | undefined> =>
    valued(value, help, (text) => text, o),

  /** Repeatable: every value in order, `[]` when absent. */
  list: (value: string, help: string, o: Common = {}): Flag<string[]> => ({
    ...o,
    value,
    help,
    multiple: true,
    read: (given) => (given as string[] | undefined) ?? [],
  }),

  integer<D extends number | undefined = undefined>(
    value: string,
    help: string,
    o: Common & IntegerBounds & { default?: D } = {},
  ): Flag<D extends number ? number : number | undefined> {
    const f = valued(value, help, (text, name) => parseInteger(text, name, o), o);
    return (o.default === undefined ? f : defaulted(f, o.default, String(o.default))) as never;
  },

  /** Milliseconds; `10s`, `500ms`, `1m` or plain seconds. */
  duration<D extends number | undefined = undefined>(
    help: string,
    o: Common & { default?: D } = {},
  ): Flag<D extends number ? number : number | undefined> {
    const f = valued('DURATION', help, parseDuration, o);
    return (o.default === undefined ? f : defaulted(f, o.default, formatDuration(o.default))) as never;
  },

  /** Bytes; `10MiB`, `500k` or plain bytes. */
  size: (help: string, o: Common & { default: number }): Flag<number> =>
    defaulted(valued('SIZE', help, parseSize, o), o.default, formatSize(o.default)),

  choice<C extends string, D extends C | undefined = undefined>(
    value: string,
    choices: readonly C[],
    help: string,
    o: Common & { default?: D } = {},
  ): Flag<D extends C ? C : C | undefined> {
    const f = valued(value, help, (text, name) => parseChoice(text, name, choices), o);
    return (o.default === undefined ? f : defaulted(f, o.default, o.default)) as never;
  },

  /** `-o, --output FORMAT`, the same flag in every command. */
  output: <C extends string>(formats: readonly C[], help: string, fallback: C): Flag<C> =>
    defaulted(
      valued('FORMAT', help, (text, name) => parseChoice(text, name, formats), { short: 'o' }),
      fallback,
      fallback,
    ),

  /** `--to HOST[/PREFIX]`, validated before any work by the library's own validator. */
  registryPrefix: (value: string, help: string, code: ErrorCode): Flag<string | undefined> =>
    valued(value, help, (text) => parseRegistryPrefix(text, code)),
};

/** How a flag is named in messages: `-o, --output` for one with a short form, as parseArgs says it. */
export function flagName(name: string, f: Flag<unknown>): string {
  return f.short ? `-${f.short}, --${name}` : `--${name}`;
}

/** Node's parseArgs errors, said in regshift's words. */
export function parseArgsMessage(error: Error): string {
  const unknown = /Unknown option '([^']+)'/.exec(error.message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(error.message);
  if (missing) return `option ${missing[1]} needs a value`;
  const positional = /Unexpected argument '([^']+)'/.exec(error.message);
  if (positional) return `unexpected argument ${positional[1]}`;
  const ambiguous = /Option '([^']+)' argument is ambiguous/.exec(error.message);
  if (ambiguous)
    return `option ${ambiguous[1]} needs a value; a value that starts with "-" is written ${ambiguous[1]}=-VALUE`;
  const switchValue = /Option '([^']+)' does not take an argument/.exec(error.message);
  if (switchValue) return `option ${switchValue[1]} does not take a value`;
  return error.message;
}

/** Parse `args` by the declaration: unknown flags, missing values and bad values are UsageErrors. */
export function parseFlags<F extends Flags>(
  flags: F,
  args: string[],
): { values: Values<F>; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [
      name,
      {
        type: f.value ? ('string' as const) : ('boolean' as const),
        ...(f.short ? { short: f.short } : {}),
        ...(f.multiple ? { multiple: true } : {}),
      },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      throw new UsageError(parseArgsMessage(error as Error));
    throw error;
  }
  // Messages name a flag as it was typed: `-o sarif`, `--output sarif`.
  const typed = new Map<string, string>();
  for (const token of parsed.tokens ?? []) if (token.kind === 'option') typed.set(token.name, token.rawName);
  const values = Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [
      name,
      f.read(parsed.values[name] as Given, typed.get(name) ?? `--${name}`),
    ]),
  );
  return { values: values as Values<F>, positionals: parsed.positionals };
}
