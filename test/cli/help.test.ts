// Every command's help and usage errors come from its flag declaration: nothing declared goes unlisted,
// and a newcomer's mistakes (an unknown flag, a bad value) get a usage error with exit 2.
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { runCli } from './run.js';

const cwd = import.meta.dirname;
const loaded = await Promise.all(commands.map(async (c) => ({ entry: c, command: await c.load() })));

describe.each(loaded)('$entry.name --help', ({ entry, command }) => {
  it('lists every declared flag, with its short form, value and default', async () => {
    const help = await runCli([entry.name, '--help'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^Usage: regshift ${entry.name}\\b`));
    expect(help.stdout).toContain('\nOptions:\n');
    expect(help.stdout).toMatch(/^ {2}-h, --help +show this help$/m);
    for (const [name, f] of Object.entries(command.flags)) {
      const label = `${f.short ? `-${f.short}, ` : ''}--${name}${f.value ? ` ${f.value}` : ''}`;
      expect(help.stdout, name).toMatch(
        new RegExp(`^ {2}${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`, 'm'),
      );
      if (f.shownDefault !== undefined) expect(help.stdout, name).toContain(`default ${f.shownDefault}`);
    }
  });

  it('refuses an unknown flag with exit 2, saying where help is', async () => {
    const result = await runCli([entry.name, '--no-such-flag'], { cwd });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `regshift ${entry.name}: unknown option --no-such-flag\nRun \`regshift ${entry.name} --help\` for usage.\n`,
    });
  });
});

describe('one parser per kind of value, in every command', () => {
  const withTimeout = loaded.filter(({ command }) => 'timeout' in command.flags).map((c) => c.entry.name);

  it.each(withTimeout)('%s --timeout soon is a usage error', async (name) => {
    const result = await runCli([name, '--timeout', 'soon'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`regshift ${name}: --timeout "soon" is not a duration such as 10s`);
  });

  it('the commands that talk to registries or clusters take --timeout', () => {
    expect(withTimeout).toEqual(['check', 'cluster', 'patch', 'mirror']);
  });

  const withOutput = loaded.filter(({ command }) => 'output' in command.flags).map((c) => c.entry.name);

  it.each(withOutput)('%s -o nonsense names the formats', async (name) => {
    const result = await runCli([name, '-o', 'nonsense'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^regshift ${name}: -o nonsense: choose one of [a-z]+(, [a-z]+)+\\n`),
    );
  });

  it.each([
    ['mirror', ['--to', 'localhost:5000/m', '-j', '0', 'x']],
    ['check', ['--concurrency', '1.5']],
    ['cluster', ['--page-size=-3']],
    ['cluster', ['--page-size', '0']],
    ['mirror', ['--to', 'localhost:5000/m', '--repo', 'localhost:5000/r', '--latest', 'all']],
  ])('%s %j: whole numbers are checked the same way', async (name, args) => {
    const result = await runCli([name, ...args], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/: write a whole number (of at least 1|from 1 to 64)\n/);
  });
});
