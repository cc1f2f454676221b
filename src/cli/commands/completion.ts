import { defineCommand } from '../command.js';
import { type Command, exitCodes, UsageError } from '../io.js';
import { commands } from './index.js';

/** Every command with its declared long flags, after the ones every command takes. */
async function commandFlags(): Promise<{ name: string; summary: string; flags: string[] }[]> {
  return Promise.all(
    commands.map(async (c) => ({
      name: c.name,
      summary: c.summary,
      flags: ['--help', '--version', '--color', ...Object.keys((await c.load()).flags).map((f) => `--${f}`)],
    })),
  );
}

type Table = Awaited<ReturnType<typeof commandFlags>>;

function bash(table: Table): string {
  const cases = table.map((c) => `    ${c.name}) flags="${c.flags.join(' ')}" ;;`).join('\n');
  return `# regshift completion for bash
_regshift() {
  local cur=\${COMP_WORDS[COMP_CWORD]} flags=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${table.map((c) => c.name).join(' ')} help --help --version" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$flags" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
}
complete -o default -F _regshift regshift kubectl-regshift
`;
}

function zsh(table: Table): string {
  const names = table.map((c) => `'${c.name}:${c.summary.replace(/'/g, '')}'`).join(' ');
  const cases = table
    .map((c) => `    ${c.name}) _arguments '*:file:_files' ${c.flags.map((f) => `'${f}'`).join(' ')} ;;`)
    .join('\n');
  return `#compdef regshift kubectl-regshift
# regshift completion for zsh
_regshift() {
  if (( CURRENT == 2 )); then
    local -a subcommands=(${names})
    _describe 'command' subcommands
    return
  fi
  case "\${words[2]}" in
${cases}
  esac
}
compdef _regshift regshift kubectl-regshift
`;
}

function fish(table: Table): string {
  const lines = ['# regshift completion for fish', 'complete -c regshift -f'];
  for (const c of table) {
    lines.push(
      `complete -c regshift -n __fish_use_subcommand -a ${c.name} -d '${c.summary.replace(/'/g, '')}'`,
    );
    for (const flag of c.flags)
      lines.push(`complete -c regshift -n '__fish_seen_subcommand_from ${c.name}' -l ${flag.slice(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

const shells = ['bash', 'zsh', 'fish'] as const;

export const completionCommand: Command = defineCommand({
  name: 'completion',
  usage: ['regshift completion bash|zsh|fish'],
  description: "Prints a shell completion script for regshift's commands and flags.",
  flags: {},
  more: `Examples:
  source <(regshift completion bash)                         # bash, this shell
  regshift completion zsh > "\${fpath[1]}/_regshift"          # zsh
  regshift completion fish > ~/.config/fish/completions/regshift.fish
`,
  async run(_values, positionals, io) {
    const [shell, ...extra] = positionals;
    if (extra.length > 0 || !shells.includes(shell as (typeof shells)[number]))
      throw new UsageError('choose a shell: regshift completion bash|zsh|fish');
    const table = await commandFlags();
    io.stdout.write(shell === 'bash' ? bash(table) : shell === 'zsh' ? zsh(table) : fish(table));
    return exitCodes.ok;
  },
});
