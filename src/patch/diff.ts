/** An object as `kubectl diff` compares it: YAML without the fields the server owns. Pure. */
import { unifiedDiff } from '../rewrite/diff.js';
import { yamlText } from './yaml-text.js';

function comparable(object: unknown): unknown {
  if (object === null || typeof object !== 'object') return object;
  const { status: _s, ...rest } = object as Record<string, unknown>;
  const meta = { ...((rest['metadata'] as Record<string, unknown> | undefined) ?? {}) };
  for (const key of ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp'])
    delete meta[key];
  return { ...rest, metadata: meta };
}

/** Unified diff of two versions of one object, labelled `kind/name` ('' when they are equal). */
export function objectDiff(label: string, before: unknown, after: unknown): string {
  const text = (o: unknown) => yamlText(comparable(o));
  return unifiedDiff(label, text(before), text(after));
}

/** `after` with each change's field set back to its old value: the object as it was, without a second read. */
export function revert(after: unknown, changes: readonly { path: string; from: string }[]): unknown {
  const before = structuredClone(after) as Record<string, unknown>;
  for (const c of changes) {
    const tokens = c.path
      .split('/')
      .slice(1)
      .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
    let at: unknown = before;
    for (const t of tokens.slice(0, -1)) at = (at as Record<string, unknown> | undefined)?.[t];
    if (at !== null && typeof at === 'object')
      (at as Record<string, unknown>)[tokens.at(-1) as string] = c.from;
  }
  return before;
}
