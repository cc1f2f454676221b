/** Escaping for the HTML page: every value from a file, a cluster or a registry goes through here. */
import { createHash } from 'node:crypto';

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text and double- or single-quoted attribute values alike. */
export function esc(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => entities[c]!);
}

/** An http(s) base URL, or null: anything else (javascript:, data:) never becomes a link. */
export function safeLinkBase(base: string | undefined): string | null {
  if (!base) return null;
  try {
    const url = new URL(base);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.href.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

/** `base/dir/file.yaml#L27`, each path segment percent-encoded. */
export function fileLink(base: string, path: string, line?: number): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `${base}/${encoded}${line ? `#L${line}` : ''}`;
}

/** The CSP source for an inline element: its content hash, so nothing else inline may run. */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}
