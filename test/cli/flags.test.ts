// The flag layer: one declaration gives typed values, defaults, usage errors and the help text.
import { describe, expect, it } from 'vitest';
import { optionLines, usageText } from '../../src/cli/command.js';
import { flag, parseFlags } from '../../src/cli/flags.js';
import { UsageError } from '../../src/cli/io.js';

const flags = {
  output: flag.output(['table', 'json'], 'table or json', 'table'),
  jobs: flag.integer('N', 'transfers at once', { short: 'j', default: 8 }),
  latest: flag.integer('N', 'only the N highest versions'),
  timeout: flag.duration('deadline of each request (default {default}); plain seconds too', {
    default: 10_000,
  }),
  size: flag.size('skip larger files', { default: 10 * 1024 ** 2 }),
  mode: flag.choice('MODE', ['warn', 'deny'] as const, 'what to do'),
  to: flag.registryPrefix('HOST/PREFIX', 'where to send images', 'MIRROR_DESTINATION'),
  repo: flag.list('REPO', 'a repository (repeatable)'),
  'dry-run': flag.switch('write nothing'),
  name: flag.text('NAME', 'a name'),
};

describe('parseFlags', () => {
  it('gives typed values, and the declared defaults when a flag is absent', () => {
    const { values, positionals } = parseFlags(flags, ['a', 'b']);
    expect(positionals).toEqual(['a', 'b']);
    expect(values).toEqual({
      output: 'table',
      jobs: 8,
      latest: undefined,
      timeout: 10_000,
      size: 10 * 1024 ** 2,
      mode: undefined,
      to: undefined,
      repo: [],
      'dry-run': false,
      name: undefined,
    });
  });

  it('parses each value by its kind', () => {
    const { values } = parseFlags(flags, [
      '-o',
      'json',
      '-j',
      '3',
      '--latest=2',
      '--timeout',
      '1m',
      '--size',
      '1k',
      '--mode',
      'deny',
      '--to',
      'localhost:5000/m',
      '--repo',
      'r1',
      '--repo',
      'r2',
      '--dry-run',
      '--name',
      'x',
    ]);
    expect(values).toEqual({
      output: 'json',
      jobs: 3,
      latest: 2,
      timeout: 60_000,
      size: 1024,
      mode: 'deny',
      to: 'localhost:5000/m',
      repo: ['r1', 'r2'],
      'dry-run': true,
      name: 'x',
    });
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['-x'], 'unknown option -x'],
    [['--jobs'], 'option -j, --jobs needs a value'],
    [['--jobs', '-3'], 'option --jobs needs a value; a value that starts with "-" is written --jobs=-VALUE'],
    [['--jobs=-3'], '--jobs -3: write a whole number of at least 1'],
    [['--dry-run=yes'], 'option --dry-run does not take a value'],
    [['-o', 'csv'], '-o csv: choose one of table, json'],
    [['--output', 'csv'], '--output csv: choose one of table, json'],
    [['-j', '0'], '-j 0: write a whole number of at least 1'],
    [['--jobs', 'many'], '--jobs many: write a whole number of at least 1'],
    [['--timeout', 'soon'], '--timeout "soon" is not a duration such as 10s, 500ms or 1m'],
    [['--mode', 'block'], '--mode block: choose one of warn, deny'],
  ])('%j is a usage error: %s', (args, message) => {
    expect(() => parseFlags(flags, args)).toThrow(new UsageError(message));
  });

  it('refuses a bad --to with the library’s own error and code', () => {
    expect(() => parseFlags(flags, ['--to', 'ex'])).toThrow(
      expect.objectContaining({ code: 'MIRROR_DESTINATION' }),
    );
  });
});

describe('help from the declaration', () => {
  const help = optionLines(flags);

  it('lists every flag with its short form, placeholder, help and default, then -h', () => {
    const lines = help.split('\n');
    expect(lines[0]).toMatch(/^ {2}-o, --output FORMAT +table or json \(default table\)$/);
    expect(help).toMatch(/-j, --jobs N +transfers at once \(default 8\)/);
    expect(help).toMatch(/--timeout DURATION +deadline of each request \(default 10s\); plain seconds too/);
    expect(help).toMatch(/--size SIZE +skip larger files \(default 10MiB\)/);
    expect(help).toMatch(/--latest N +only the N highest versions$/m);
    expect(lines.at(-1)).toMatch(/^ {2}-h, --help +show this help$/);
  });

  it('aligns help in one column and indents continuation lines under it', () => {
    const text = optionLines({
      a: flag.switch('first line\nsecond line'),
      'a-much-longer-flag-name-than-fits': flag.text('VALUE', 'on its own line'),
    });
    const lines = text.split('\n');
    const column = lines[0]!.indexOf('first line');
    expect(lines[1]!.indexOf('second line')).toBe(column);
    expect(lines[2]).toBe('  --a-much-longer-flag-name-than-fits VALUE');
    expect(lines[3]!.indexOf('on its own line')).toBe(column);
  });

  it('puts usage lines, description, options and closing sections in that order', () => {
    const text = usageText({
      name: 'x',
      usage: ['regshift x [options]', 'regshift x --other'],
      description: 'Does x.',
      flags: { 'dry-run': flag.switch('write nothing') },
      more: 'Examples:\n  regshift x\n',
    });
    expect(text).toBe(
      'Usage: regshift x [options]\n       regshift x --other\n\nDoes x.\n\nOptions:\n' +
        '  --dry-run   write nothing\n  -h, --help  show this help\n\nExamples:\n  regshift x\n',
    );
  });
});
