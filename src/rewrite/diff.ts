/** Lines with their endings kept (`\r\n`, `\n`, or none on a last line without a newline). */
function splitLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  return lines;
}

function body(line: string): string {
  return line.endsWith('\n') ? line : `${line}\n\\ No newline at end of file\n`;
}

const context = 3;

/**
 * A unified diff that `git apply` and `patch -p1` accept. Edits never add or remove lines, so old and new
 * have the same line count and hunks pair lines one to one.
 */
export function unifiedDiff(path: string, oldText: string, newText: string): string {
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  const changed: number[] = [];
  for (let i = 0; i < Math.max(oldLines.length, newLines.length); i++)
    if (oldLines[i] !== newLines[i]) changed.push(i);
  if (changed.length === 0) return '';
  const hunks: [number, number][] = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(oldLines.length, index + context + 1);
    const last = hunks.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else hunks.push([start, end]);
  }
  let out = `--- a/${path}\n+++ b/${path}\n`;
  for (const [start, end] of hunks) {
    const count = end - start;
    out += `@@ -${start + 1},${count} +${start + 1},${count} @@\n`;
    let removed = '';
    let added = '';
    const flush = () => {
      out += removed + added;
      removed = '';
      added = '';
    };
    for (let i = start; i < end; i++) {
      if (oldLines[i] === newLines[i]) {
        flush();
        out += ` ${body(oldLines[i]!)}`;
      } else {
        removed += `-${body(oldLines[i]!)}`;
        added += `+${body(newLines[i]!)}`;
      }
    }
    flush();
  }
  return out;
}
