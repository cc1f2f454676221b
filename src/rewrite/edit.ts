import { LineIndex } from '../text/line-index.js';
import type { PlannedEdit } from './types.js';

export type SpliceResult = { ok: true; bytes: Buffer; text: string } | { ok: false; message: string };

/**
 * Apply edits to the original bytes. Offsets are found from line and column in the decoded text, checked
 * against `before`, then turned into byte offsets, so every byte outside the edits (BOM, CRLF, quotes,
 * comments) is copied as it was: the file is never re-serialised.
 */
export function spliceEdits(
  original: Buffer,
  text: string,
  bom: boolean,
  edits: readonly PlannedEdit[],
): SpliceResult {
  const lines = new LineIndex(text);
  const located = edits
    .map((edit) => ({ edit, offset: lines.lineStart(edit.line) + edit.column - 1 }))
    .sort((a, b) => a.offset - b.offset);
  const parts: Buffer[] = [];
  let textCursor = 0;
  let byteCursor = bom ? 3 : 0;
  if (bom) parts.push(original.subarray(0, 3));
  for (const { edit, offset } of located) {
    if (offset < textCursor || text.slice(offset, offset + edit.before.length) !== edit.before) {
      return {
        ok: false,
        message: `expected "${edit.before}" at ${edit.line}:${edit.column}; the file changed since it was scanned`,
      };
    }
    const unchangedBytes = Buffer.byteLength(text.slice(textCursor, offset), 'utf8');
    parts.push(original.subarray(byteCursor, byteCursor + unchangedBytes), Buffer.from(edit.after, 'utf8'));
    byteCursor += unchangedBytes + Buffer.byteLength(edit.before, 'utf8');
    textCursor = offset + edit.before.length;
  }
  parts.push(original.subarray(byteCursor));
  const bytes = Buffer.concat(parts);
  let newText = '';
  textCursor = 0;
  for (const { edit, offset } of located) {
    newText += text.slice(textCursor, offset) + edit.after;
    textCursor = offset + edit.before.length;
  }
  newText += text.slice(textCursor);
  return { ok: true, bytes, text: newText };
}
