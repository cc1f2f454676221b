import { lineAt, lineScanner } from './line-context.js';

const tableHeader = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/;
const keyAssignment = /^\s*([A-Za-z0-9_."'-]+)\s*=/;

/**
 * TOML (containerd config.toml): the context is `table.key`. A hit inside a table header is a key,
 * such as a registry mirror section, so it is a mention: renaming it would break the mirror.
 */
function contextAt(text: string, offset: number): { context: string | null; mention?: boolean } {
  const { start, line } = lineAt(text, offset);
  if (tableHeader.test(line)) return { context: tableHeader.exec(line)![1]!, mention: true };
  const key = keyAssignment.exec(line)?.[1] ?? null;
  let table: string | null = null;
  for (let end = start; end > 0; ) {
    const previous = lineAt(text, end - 1);
    const header = tableHeader.exec(previous.line);
    if (header) {
      table = header[1]!;
      break;
    }
    end = previous.start;
  }
  // The hit is in the key itself (`"k8s.gcr.io" = …`): a name, not a value to rewrite.
  if (key && offset - start < line.indexOf('=')) return { context: table, mention: true };
  return { context: table && key ? `${table}.${key}` : (key ?? table) };
}

export const scanToml = lineScanner('toml', (file, offset) => contextAt(file.text, offset));
