import { sep } from 'node:path';

/** A path with '/' separators, as reports and ignore files write them on every platform. */
export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
