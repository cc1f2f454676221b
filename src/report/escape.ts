// Values from files, clusters and registries, escaped for the output they go to (DESIGN.md, security).

/** C0 controls (but tab and newline), DEL and C1 controls: what a terminal may act on. */
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** The same, keeping the SGR colour sequences regshift writes itself (`ESC [ … m`). */
const controlsButColour = /\u001b(?!\[[0-9;]*m)|[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]/g;

const visible = (c: string) => {
  const code = c.charCodeAt(0);
  if (c === '\r') return '\\r';
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * Text for a terminal: control characters shown as `\x1b`, so a file name or pod status holding an OSC or
 * CSI sequence cannot set the title, clear the screen or hide output. `colour` keeps SGR sequences.
 */
export function terminalText(text: string, colour = false): string {
  return text.replace(colour ? controlsButColour : controls, visible);
}

/** One value on one line of a terminal table: also a newline or tab is shown escaped. */
export function terminalValue(value: string): string {
  return value.replace(controls, visible).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

/**
 * Text in a Markdown document (a pull-request comment): what Markdown or HTML may read as syntax is
 * backslash-escaped (emphasis, links, HTML, code, table cells; `_` only where it could start emphasis),
 * line breaks are shown as `\n`, and `@` cannot mention a user or team. `keepCode` leaves backticks, for
 * regshift's own sentences that quote a field name.
 */
export function markdownText(value: string, keepCode = false): string {
  return terminalValue(value)
    .replace(keepCode ? /[\\*[\]<>|~]/g : /[\\`*[\]<>|~]/g, '\\$&')
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/@/g, '&#64;');
}

/** A Markdown inline code span: its content is literal, but a `|` still ends a table cell and a line break a row. */
export function markdownCode(value: string): string {
  const text = terminalValue(value).replace(/`/g, "'").replace(/\|/g, '\\|');
  return `\`${text}\``;
}

/**
 * A CSV field that a spreadsheet will not run: text starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return is prefixed with `'` (OWASP's advice for CSV injection), then quoted as RFC 4180 says.
 */
export function csvText(text: string): string {
  const inert = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/** A relative path as a URI reference: each segment percent-encoded (RFC 3986), `/` kept. */
export function pathUri(path: string): string {
  return path
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');
}
