// Bytes to text, as scan reads files and fix rewrites them: the same BOM and UTF-8 rules on both sides.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** The UTF-16 byte order of a file that starts with a UTF-16 BOM, else undefined. */
export function utf16Order(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** Decode UTF-8, dropping a BOM; invalid sequences become U+FFFD and are flagged. */
export function decodeText(bytes: Buffer): { text: string; bom: boolean; invalidUtf8: boolean } {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: utf8.decode(body), bom, invalidUtf8: false };
  } catch {
    return { text: utf8Lossy.decode(body), bom, invalidUtf8: true };
  }
}
