/**
 * Plain JSON data as block YAML, the way `kubectl diff` shows objects: a small emitter, because a plan
 * prints two versions of every object it patches and the general YAML library took most of the plan's
 * own time doing it. Strings that could read as anything but themselves are double-quoted (JSON quoting
 * is valid YAML). Pure.
 */

/** A plain scalar that YAML reads back as this very string: no indicator, number, boolean or null. */
function plain(text: string): boolean {
  return (
    /^[A-Za-z_./][A-Za-z0-9_./@+=-]*(?::[A-Za-z0-9_./@+=-]+)*$/.test(text) &&
    !/^(?:true|false|null|yes|no|on|off|y|n|~|\.inf|\.nan)$/i.test(text) &&
    !/^[-+.]?\d/.test(text)
  );
}

const scalar = (value: unknown): string => {
  if (typeof value === 'string') return plain(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return 'null';
};

const isCollection = (v: unknown): v is object =>
  v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);

const empty = (v: unknown) =>
  Array.isArray(v) ? '[]' : v !== null && typeof v === 'object' ? '{}' : undefined;

function emit(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isCollection(item) && !Array.isArray(item)) {
        // `- key: value`, the item's other keys aligned under the first.
        const lines: string[] = [];
        emit(item, `${indent}  `, lines);
        lines[0] = `${indent}- ${lines[0]!.slice(indent.length + 2)}`;
        out.push(...lines);
      } else if (isCollection(item)) {
        out.push(`${indent}-`);
        emit(item, `${indent}  `, out);
      } else out.push(`${indent}- ${empty(item) ?? scalar(item)}`);
    }
    return;
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    const k = scalar(key);
    if (isCollection(v)) {
      out.push(`${indent}${k}:`);
      // Sequences under a key sit at the key's own indentation, as kubectl prints them.
      emit(v, Array.isArray(v) ? indent : `${indent}  `, out);
    } else out.push(`${indent}${k}: ${empty(v) ?? scalar(v)}`);
  }
}

export function yamlText(value: unknown): string {
  if (!isCollection(value)) return `${empty(value) ?? scalar(value)}\n`;
  const out: string[] = [];
  emit(value, '', out);
  return `${out.join('\n')}\n`;
}
