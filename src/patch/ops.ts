/** JSON patch operations for image changes: a `test` precondition before each `replace`, and their inverse. Pure. */
import type { ImageChange, PatchOperation } from './types.js';

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** `spec.template.spec.containers[0].image` → `/spec/template/spec/containers/0/image`; null if not a plain field path. */
export function pointerFor(fieldPath: string): string | null {
  if (!/^[A-Za-z]+(\.[A-Za-z]+|\[\d+\])*$/.test(fieldPath)) return null;
  const tokens = fieldPath.split(/\.|\[(\d+)\]/).filter((t) => t !== undefined && t !== '');
  return `/${tokens.map(escapeToken).join('/')}`;
}

/** Test every old image first: a JSON patch stops at the first failed test, so nothing is half-applied. */
export function forwardOperations(changes: readonly ImageChange[]): PatchOperation[] {
  return [
    ...changes.map((c): PatchOperation => ({ op: 'test', path: c.path, value: c.from })),
    ...changes.map((c): PatchOperation => ({ op: 'replace', path: c.path, value: c.to })),
  ];
}

export function inverseOperations(changes: readonly ImageChange[]): PatchOperation[] {
  return forwardOperations(changes.map((c) => ({ ...c, from: c.to, to: c.from })));
}
