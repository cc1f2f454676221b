import { lineAt, lineScanner } from './line-context.js';

const attribute = /^\s*([A-Za-z0-9_-]+)\s*=/;
const block = /^\s*([A-Za-z0-9_-]+)((?:\s+"[^"]*")*)\s*\{\s*$/;

/** Terraform / HCL: the context is the enclosing block's header and the attribute, as far as a line scan sees. */
function contextAt(text: string, offset: number): string | null {
  const { start, line } = lineAt(text, offset);
  const name = attribute.exec(line)?.[1] ?? null;
  let depth = 0;
  for (let end = start; end > 0; ) {
    const previous = lineAt(text, end - 1);
    const opens = (previous.line.match(/\{/g) ?? []).length;
    const closes = (previous.line.match(/\}/g) ?? []).length;
    depth += closes - opens;
    if (depth < 0) {
      const header = block.exec(previous.line);
      if (header && /^\s*(resource|data|module|variable|locals)\b/.test(previous.line)) {
        const labels = header[2]!.trim().replace(/"/g, '').split(/\s+/).filter(Boolean);
        return [header[1], ...labels, name].filter(Boolean).join('.');
      }
      depth = 0;
    }
    end = previous.start;
  }
  return name;
}

export const scanTerraform = lineScanner('terraform', (file, offset) => ({
  context: contextAt(file.text, offset),
}));
