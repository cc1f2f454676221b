/** An object as `kubectl diff` compares it: YAML without the fields the server owns. Pure. */
import { stringify } from 'yaml';
import { unifiedDiff } from '../rewrite/diff.js';

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
  const text = (o: unknown) => stringify(comparable(o), { lineWidth: 0 });
  return unifiedDiff(label, text(before), text(after));
}
