import type { FindingFormat } from '../../findings.js';
import { type FormatScanner, type SourceFile, toFinding } from './common.js';
import { classifyInText } from './text.js';

/** The text of the line holding `offset`, and of the logical line when `\` continues lines (Dockerfile, shell). */
export function lineAt(text: string, offset: number): { start: number; line: string } {
  // lastIndexOf treats a negative start as 0 and would find a newline at 0 itself: guard the first line.
  const start = offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
  const end = text.indexOf('\n', offset);
  return { start, line: text.slice(start, end === -1 ? text.length : end) };
}

/** A scanner for line-oriented formats: text classification plus a context read from the line. */
export function lineScanner(
  format: FindingFormat,
  contextOf: (file: SourceFile, offset: number) => { context: string | null; mention?: boolean },
): FormatScanner {
  return (file) => ({
    findings: file.hits.map((hit) => {
      const { context, mention } = contextOf(file, hit.start);
      const kind = mention ? 'mention' : classifyInText(file.text, hit);
      return toFinding(file, hit, format, { kind, context });
    }),
    errors: [],
  });
}
