import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
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

export const unreadableHint = 'Check its permissions, or leave it out with --exclude.';

function errorDiagnostic(cwd: string, absolute: string, error: unknown, what: string): Diagnostic {
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
function rootDiagnostic(cwd: string, absolute: string, error: unknown): Diagnostic {
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
function symlinkProblem(
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

/** One directory still to list: everything a thread needs to go on from it, as plain data. */
export interface DirTask {
  /** Index of the scanned path this directory is under. */
  root: number;
  dir: string;
  /** Path from the root, '/'-separated ('' for the root itself). */
  rel: string;
  realDir: string;
  /** Directories whose ignore files apply here, outermost first. */
  layers: string[];
  /** Real paths from the root down to here: a symlink to one of them is a loop. */
  ancestors: string[];
}

export interface FileEntry {
  absolute: string;
  path: string;
}

export interface Listing {
  files: FileEntry[];
  dirs: DirTask[];
  diagnostics: Diagnostic[];
}

/** `join` without its normalising: the walk's paths are normal already, and this runs per entry. */
const childPath = (dir: string, name: string) => (dir.endsWith(sep) ? dir + name : dir + sep + name);

const byName = (a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Lists the scanned paths one directory at a time, so threads can share a walk: `start` gives the files
 * named directly and each root's task, `list` one directory's files and subdirectories in sorted order.
 * Built from the same paths and options, any thread's walker answers alike.
 */
export class Walker {
  private readonly roots: (Root | undefined)[] = [];
  private readonly startListing: Listing = { files: [], dirs: [], diagnostics: [] };
  /** Ignore rules by directory; `undefined` where a directory has none. */
  private readonly layerCache = new Map<string, IgnoreLayer | undefined>();

  constructor(
    paths: readonly string[],
    private readonly options: WalkOptions,
  ) {
    for (const given of paths) this.addRoot(given);
  }

  /** Files named directly, one task per directory root, and problems with the paths themselves. */
  start(): Listing {
    return this.startListing;
  }

  list(task: DirTask): Listing {
    const listing: Listing = { files: [], dirs: [], diagnostics: [] };
    const root = this.roots[task.root]!;
    const { dir, rel } = task;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      listing.diagnostics.push(errorDiagnostic(this.options.cwd, dir, error, 'directory'));
      return listing;
    }
    const layers = this.layersOf(task, entries);
    const active = layers.map((base) => this.layerCache.get(base)).filter((l) => l !== undefined);
    entries.sort(byName);
    for (const entry of entries) {
      const absolute = childPath(dir, entry.name);
      const isDirectory = entry.isDirectory();
      if (isDirectory && alwaysSkipped.has(entry.name)) continue;
      const rootRelative = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (root.exclude?.ignores(isDirectory ? `${rootRelative}/` : rootRelative)) continue;
      if (active.length > 0 && isIgnored(active, absolute, isDirectory)) continue;
      if (isDirectory) {
        const real = childPath(task.realDir, entry.name);
        listing.dirs.push({
          root: task.root,
          dir: absolute,
          rel: rootRelative,
          realDir: real,
          layers,
          ancestors: [...task.ancestors, real],
        });
      } else if (entry.isFile()) {
        const path = root.report === '.' ? rootRelative : `${root.report}/${rootRelative}`;
        listing.files.push({ absolute, path });
      } else if (entry.isSymbolicLink()) {
        const problem = symlinkProblem(root, absolute, this.options.cwd, task.ancestors);
        if (problem) listing.diagnostics.push(problem);
      }
    }
    return listing;
  }

  /** The task's layers plus this directory's own ignore files, when it has any. */
  private layersOf(task: DirTask, entries: readonly Dirent[]): string[] {
    if (!this.options.useIgnoreFiles) return task.layers;
    let layer = this.layerCache.get(task.dir);
    if (!this.layerCache.has(task.dir)) {
      // readdir already says whether this directory has ignore files: no failed open per directory.
      const names = new Set<string>();
      for (const e of entries) if (e.name.startsWith('.') && !e.isDirectory()) names.add(e.name);
      layer = names.size > 0 ? loadIgnoreLayer(task.dir, (name) => names.has(name)) : undefined;
      this.layerCache.set(task.dir, layer);
    }
    for (const base of task.layers) {
      // A thread that did not list the ancestors loads their rules once, on first use.
      if (!this.layerCache.has(base)) this.layerCache.set(base, loadIgnoreLayer(base));
    }
    return layer ? [...task.layers, task.dir] : task.layers;
  }

  private addRoot(given: string): void {
    const { cwd } = this.options;
    const absolute = resolve(cwd, given);
    let stats: ReturnType<typeof statSync>;
    let real: string;
    try {
      stats = statSync(absolute);
      real = realpathSync(absolute);
    } catch (error) {
      this.startListing.diagnostics.push(rootDiagnostic(cwd, absolute, error));
      this.roots.push(undefined);
      return;
    }
    if (!stats.isDirectory() && !stats.isFile()) {
      // Opening a FIFO named on the command line would wait for a writer forever.
      this.startListing.diagnostics.push({
        path: reportPath(cwd, absolute),
        code: 'NOT_A_FILE',
        message: 'not a regular file or directory (a FIFO, socket or device); not read',
      });
      this.roots.push(undefined);
      return;
    }
    if (!stats.isDirectory()) {
      // A file named on the command line is scanned even when an ignore file lists it, as git grep does.
      this.startListing.files.push({ absolute, path: reportPath(cwd, absolute) });
      this.roots.push(undefined);
      return;
    }
    const exclude = this.options.exclude.length > 0 ? ignore().add([...this.options.exclude]) : undefined;
    this.roots.push({ absolute, real, exclude, report: reportPath(cwd, absolute) });
    // A path the user names is scanned even when the repository ignores it (as a file named is): its
    // ancestors' ignore rules then apply to nothing below it.
    const inherited = this.options.useIgnoreFiles ? ancestorLayers(absolute) : [];
    const layers = isIgnored(inherited, absolute, true, true) ? [] : inherited;
    for (const layer of layers) this.layerCache.set(layer.base, layer);
    this.startListing.dirs.push({
      root: this.roots.length - 1,
      dir: absolute,
      rel: '',
      realDir: real,
      layers: layers.map((l) => l.base),
      ancestors: [real],
    });
  }
}
