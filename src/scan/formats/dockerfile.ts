import { lineAt, lineScanner } from './line-context.js';

/** The instruction a line belongs to, following `\` continuations back to its first line. */
function instructionAt(text: string, offset: number): string | null {
  let { start, line } = lineAt(text, offset);
  while (start > 0) {
    const previous = lineAt(text, start - 1);
    if (!/\\\s*$/.test(previous.line)) break;
    start = previous.start;
    line = previous.line;
  }
  const words = line.trim().split(/\s+/);
  const instruction = words[0]?.toUpperCase() ?? '';
  if (instruction.startsWith('#')) return 'comment';
  if (instruction === 'ARG' || instruction === 'ENV')
    return `${instruction} ${(words[1] ?? '').split('=')[0]}`;
  if (instruction === 'COPY' && words.some((w) => w.startsWith('--from='))) return 'COPY --from';
  if (instruction === 'RUN' && words.some((w) => w.startsWith('--mount=') && w.includes('from=')))
    return 'RUN --mount';
  return /^[A-Z]+$/.test(instruction) ? instruction : null;
}

/** Dockerfile / Containerfile: FROM, COPY --from, RUN --mount=from=, ARG and ENV defaults. */
export const scanDockerfile = lineScanner('dockerfile', (file, offset) => ({
  context: instructionAt(file.text, offset),
}));
