// What the walk reports instead of reading: unreadable paths, missing roots, symlinks it does not follow.
import { realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Ignore } from 'ignore';
import type { Diagnostic } from '../findings.js';
import { toPosix } from '../text/posix-path.js';

/** A directory named on the command line. */
export interface Root {
  absolute: string;
  real: string;
  exclude: Ignore | undefined;
  /** The root as reported (relative to cwd), so children's paths are built by concatenation. */
  report: string;
}

export function reportPath(cwd: string, absolute: string): string {
  const rel = toPosix(relative(cwd, absolute));
  return rel === '' ? '.' : rel;
}

export const unreadableHint = 'Check its permissions, or leave it out with --exclude.';

export function errorDiagnostic(cwd: string, absolute: string, error: unknown, what: string): Diagnostic {
  const err = error as NodeJS.ErrnoException;
  const code =
    err.code === 'EACCES' || err.code === 'EPERM'
      ? 'UNREADABLE'
      : err.code === 'ELOOP'
        ? 'SYMLINK_LOOP'
        : 'READ_ERROR';
  return {
    path: reportPath(cwd, absolute),
    code,
    message: `cannot read ${what}: ${err.code ?? err.message}`,
    ...(code === 'UNREADABLE' ? { hint: unreadableHint } : {}),
  };
}

/** A path named on the command line: one that does not exist is the user's typo, said plainly. */
export function rootDiagnostic(cwd: string, absolute: string, error: unknown): Diagnostic {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
    return errorDiagnostic(cwd, absolute, error, 'path');
  return {
    path: reportPath(cwd, absolute),
    code: 'PATH_NOT_FOUND',
    message: 'no such file or directory',
    hint: 'Check the path.',
  };
}

function isInside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/**
 * Where a symlink leads, and whether to report it. Links are never followed: a target inside the root is
 * scanned where it lives (so nothing is reported twice), one outside the root or round a loop is reported.
 */
export function symlinkProblem(
  root: Root,
  absolute: string,
  cwd: string,
  ancestors: readonly string[],
): Diagnostic | undefined {
  let target: string;
  try {
    target = realpathSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined; // a dangling link names nothing to scan
    return errorDiagnostic(cwd, absolute, error, 'symbolic link');
  }
  const path = reportPath(cwd, absolute);
  if (ancestors.some((dir) => dir === target)) {
    return {
      path,
      code: 'SYMLINK_LOOP',
      message: 'symbolic link points at its own parent directory; not followed',
    };
  }
  if (!isInside(root.real, target)) {
    return {
      path,
      code: 'SYMLINK_OUTSIDE',
      message: `symbolic link points outside the scanned tree (${target}); not followed`,
    };
  }
  return undefined;
}
