/** Rows as aligned columns, two spaces apart; the last column is not padded (no trailing blanks). */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  if (rows.length === 0) return [];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** `sha256:0123456789ab…` → `0123456789ab`: the short form tables show. */
export function shortDigest(digest: string | null | undefined, length = 12): string {
  if (!digest) return '-';
  return digest.slice(digest.indexOf(':') + 1, digest.indexOf(':') + 1 + length);
}
