import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Diagnostic } from '../findings.js';
import { ancestorLayers, type IgnoreLayer, isIgnored, loadIgnoreLayer, toPosix } from './ignore-files.js';

export interface WalkOptions {
  /** Directory that reported paths are relative to. */
  cwd: string;
  /** Honour .gitignore and .ignore files. */
  useIgnoreFiles: boolean;
  /** Gitignore-style globs, matched relative to each root. */
  exclude: readonly string[];
}

export type WalkEvent =
  | { type: 'file'; absolute: string; path: string }
  | { type: 'diagnostic'; diagnostic: Diagnostic };

/** Directories that are never content, whatever the ignore files say. */
const alwaysSkipped = new Set(['.git', '.hg', '.svn']);

interface Root {
  absolute: string;
  real: string;
  exclude: Ignore | undefined;
  /** The root as reported (relative to cwd), so children's paths are built by concatenation. */
  report: string;
}

function reportPath(cwd: string, absolute: string): string {
  const rel = toPosix(relative(cwd, absolute));
  return rel === '' ? '.' : rel;
}

function errorDiagnostic(cwd: string, absolute: string, error: unknown, what: string): WalkEvent {
  const err = error as NodeJS.ErrnoException;
  const code =
    err.code === 'EACCES' || err.code === 'EPERM'
      ? 'UNREADABLE'
      : err.code === 'ELOOP'
        ? 'SYMLINK_LOOP'
        : 'READ_ERROR';
  const hint = code === 'UNREADABLE' ? '; check its permissions or exclude it with --exclude' : '';
  return {
    type: 'diagnostic',
    diagnostic: {
      path: reportPath(cwd, absolute),
      code,
      message: `cannot read ${what}: ${err.code ?? err.message}${hint}`,
    },
  };
}

function isInside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/**
 * Where a symlink leads, and whether to report it. Links are never followed: a target inside the root is
 * scanned where it lives (so nothing is reported twice), one outside the root or round a loop is reported.
 */
function symlinkEvent(
  root: Root,
  absolute: string,
  cwd: string,
  ancestors: readonly string[],
): WalkEvent | undefined {
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
      type: 'diagnostic',
      diagnostic: {
        path,
        code: 'SYMLINK_LOOP',
        message: 'symbolic link points at its own parent directory; not followed',
      },
    };
  }
  if (!isInside(root.real, target)) {
    return {
      type: 'diagnostic',
      diagnostic: {
        path,
        code: 'SYMLINK_OUTSIDE',
        message: `symbolic link points outside the scanned tree (${target}); not followed`,
      },
    };
  }
  return undefined;
}

function* walkDirectory(
  root: Root,
  dir: string,
  rel: string,
  realDir: string,
  layers: IgnoreLayer[],
  options: WalkOptions,
  ancestors: string[],
): Generator<WalkEvent> {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    yield errorDiagnostic(options.cwd, dir, error, 'directory');
    return;
  }
  // readdir already says whether this directory has ignore files: no failed open (and throw) per directory.
  const present = (name: string) => entries.some((e) => e.name === name && !e.isDirectory());
  const layer = options.useIgnoreFiles ? loadIgnoreLayer(dir, present) : undefined;
  const active = layer ? [...layers, layer] : layers;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absolute = dir + sep + entry.name;
    const isDirectory = entry.isDirectory();
    if (isDirectory && alwaysSkipped.has(entry.name)) continue;
    const rootRelative = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (root.exclude?.ignores(isDirectory ? `${rootRelative}/` : rootRelative)) continue;
    if (options.useIgnoreFiles && isIgnored(active, absolute, isDirectory)) continue;
    if (isDirectory) {
      const real = join(realDir, entry.name);
      yield* walkDirectory(root, absolute, rootRelative, real, active, options, [...ancestors, real]);
    } else if (entry.isFile()) {
      const path = root.report === '.' ? rootRelative : `${root.report}/${rootRelative}`;
      yield { type: 'file', absolute, path };
    } else if (entry.isSymbolicLink()) {
      const event = symlinkEvent(root, absolute, options.cwd, ancestors);
      if (event) yield event;
    }
  }
}

/** Every file to scan under the given paths, in a stable order, with a diagnostic for each problem. */
export function* walk(paths: readonly string[], options: WalkOptions): Generator<WalkEvent> {
  for (const given of paths) {
    const absolute = resolve(options.cwd, given);
    let stats: ReturnType<typeof statSync>;
    let real: string;
    try {
      stats = statSync(absolute);
      real = realpathSync(absolute);
    } catch (error) {
      yield errorDiagnostic(options.cwd, absolute, error, 'path');
      continue;
    }
    if (!stats.isDirectory()) {
      // A file named on the command line is scanned even when an ignore file lists it, as git grep does.
      yield { type: 'file', absolute, path: reportPath(options.cwd, absolute) };
      continue;
    }
    const exclude = options.exclude.length > 0 ? ignore().add([...options.exclude]) : undefined;
    const root: Root = { absolute, real, exclude, report: reportPath(options.cwd, absolute) };
    // A path the user names is scanned even when the repository ignores it (as a file named is): its
    // ancestors' ignore rules then apply to nothing below it.
    const inherited = options.useIgnoreFiles ? ancestorLayers(absolute) : [];
    const layers = isIgnored(inherited, absolute, true) ? [] : inherited;
    yield* walkDirectory(root, absolute, '', real, layers, options, [real]);
  }
}
