// Checks of a fix run's result, independent of regshift's own verification: what is left on disk, which
// files changed, and whether each changed file is exactly the pristine file with the reported edits applied.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { regshiftBin } from '../lib/paths.js';

/** `regshift fix -o json` output. */
export interface FixJson {
  dryRun: boolean;
  edits: { path: string; line: number; column: number; before: string; after: string }[];
  files: { path: string; status: 'written' | 'pending' | 'failed'; edits: number; error?: Diagnostic }[];
  left: { path: string; line: number; column: number; match: string; reason: string; message: string }[];
  errors: Diagnostic[];
}

interface Diagnostic {
  path: string;
  code: string;
  message: string;
}

/** `regshift scan -o json` output (the fields used here). */
export interface ScanJson {
  findings: { path: string; line: number; column: number; kind: string; match: string }[];
  errors: Diagnostic[];
  summary: { files: number; skipped: number; findings: number };
}

export interface Verification {
  edits: number;
  filesWritten: number;
  filesFailed: number;
  left: Record<string, number>;
  errors: number;
  /** Files that differ from the pristine tree (diff -rq), and files only on one side. */
  filesChanged: number;
  postScanExit: number;
  postScanImageFindings: number;
  /** Every mismatch found, as a line of text; empty when the result is right. */
  problems: string[];
}

/** Plain node for the child: tsx's loader hooks stay out. */
export function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  return env;
}

export function runRegshift(cwd: string, args: readonly string[]): { status: number; stdout: string } {
  const child = spawnSync(process.execPath, [regshiftBin, ...args], {
    cwd,
    env: plainEnv(),
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (child.error) throw child.error;
  return { status: child.status ?? -1, stdout: child.stdout };
}

/** Paths (relative) that differ between two trees, and those present on one side only. */
export function diffTrees(a: string, b: string): { differ: string[]; onlyA: string[]; onlyB: string[] } {
  const child = spawnSync('diff', ['-rq', '--no-dereference', a, b], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (child.status !== 0 && child.status !== 1)
    throw new Error(`diff -rq ${a} ${b} exited ${child.status}: ${child.stderr.slice(0, 1000)}`);
  const differ: string[] = [];
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  for (const line of child.stdout.split('\n')) {
    if (!line) continue;
    const files = line.match(/^Files (.*) and (.*) differ$/);
    if (files?.[1]?.startsWith(`${a}/`)) {
      differ.push(files[1].slice(a.length + 1));
      continue;
    }
    // "Only in DIR: NAME"
    const only = line.match(/^Only in (.*?): (.*)$/);
    if (only?.[1] !== undefined && only[2] !== undefined) {
      const inA = only[1] === a || only[1].startsWith(`${a}/`);
      const root = inA ? a : b;
      const rel = only[1] === root ? only[2] : `${only[1].slice(root.length + 1)}/${only[2]}`;
      (inA ? onlyA : onlyB).push(rel);
      continue;
    }
    differ.push(`(unparsed) ${line}`);
  }
  return { differ, onlyA, onlyB };
}

/**
 * The pristine bytes with `edits` applied at their line and column (UTF-16, after a BOM), or a problem.
 * Lines split at '\n' only, so a CRLF line keeps its '\r' and columns still count from the line start.
 */
export function applyEditsIndependently(
  pristine: Buffer,
  edits: FixJson['edits'],
): { ok: true; bytes: Buffer } | { ok: false; problem: string } {
  const text = pristine.toString('utf8');
  const bom = text.startsWith('\uFEFF');
  const lines = (bom ? text.slice(1) : text).split('\n');
  const sorted = [...edits].sort((x, y) => x.line - y.line || y.column - x.column);
  for (const edit of sorted) {
    const line = lines[edit.line - 1];
    const at = edit.column - 1;
    if (line === undefined || line.slice(at, at + edit.before.length) !== edit.before) {
      return {
        ok: false,
        problem: `${edit.line}:${edit.column} does not hold "${edit.before}" (found "${line?.slice(at, at + edit.before.length)}")`,
      };
    }
    lines[edit.line - 1] = line.slice(0, at) + edit.after + line.slice(at + edit.before.length);
  }
  return { ok: true, bytes: Buffer.from((bom ? '\uFEFF' : '') + lines.join('\n'), 'utf8') };
}

const key = (f: { path: string; line: number; match: string }) => `${f.path}:${f.line}:${f.match}`;

/** Multiset difference a − b over keys; what is left in a. */
function minusMultiset(a: readonly string[], b: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const k of b) counts.set(k, (counts.get(k) ?? 0) + 1);
  const rest: string[] = [];
  for (const k of a) {
    const n = counts.get(k) ?? 0;
    if (n > 0) counts.set(k, n - 1);
    else rest.push(k);
  }
  return rest;
}

const isRewritable = (kind: string) => kind === 'image' || kind === 'registry';

/**
 * Verify `fixed` (a copy of `pristine` that `regshift fix -o json .` ran in, printing `fix`) against
 * `before`, a scan of the same unfixed tree.
 */
export function verifyFix(pristine: string, fixed: string, fix: FixJson, before: ScanJson): Verification {
  const problems: string[] = [];
  const written = fix.files.filter((f) => f.status === 'written');
  const failed = fix.files.filter((f) => f.status === 'failed');
  const editsByPath = new Map<string, FixJson['edits']>();
  for (const e of fix.edits) editsByPath.set(e.path, [...(editsByPath.get(e.path) ?? []), e]);

  // The JSON agrees with itself.
  const counted = written.reduce((n, f) => n + f.edits, 0);
  if (counted !== fix.edits.length)
    problems.push(
      `fix JSON: files[].edits of written files sum to ${counted}, edits[] has ${fix.edits.length}`,
    );
  if (fix.files.some((f) => f.status === 'pending')) problems.push('fix JSON: files pending in a real run');
  for (const e of fix.errors) problems.push(`fix error: ${e.path}: ${e.code}: ${e.message}`);
  for (const f of failed) problems.push(`fix failed: ${f.path}: ${f.error?.code}: ${f.error?.message}`);

  // Nothing rewritable is left except what fix said it left, or files that failed.
  const post = runRegshift(fixed, ['scan', '-o', 'json', '--fail-on', 'image', '.']);
  const after = JSON.parse(post.stdout) as ScanJson;
  const failedPaths = new Set(failed.map((f) => f.path));
  const leftKeys = new Set(fix.left.map(key));
  const remaining = after.findings.filter((f) => isRewritable(f.kind));
  const unexplained = remaining.filter((f) => !failedPaths.has(f.path) && !leftKeys.has(key(f)));
  for (const f of unexplained)
    problems.push(`after fix, scan still finds ${f.kind} ${f.path}:${f.line}:${f.column} ${f.match}`);
  const expectedExit = remaining.length > 0 ? 1 : 0;
  if (post.status !== expectedExit)
    problems.push(`scan --fail-on image exited ${post.status} with ${remaining.length} image findings left`);
  for (const e of after.errors) problems.push(`scan after fix: ${e.path}: ${e.code}: ${e.message}`);

  // Findings before, minus the edits, are exactly the findings after: nothing new, nothing else gone.
  const beforeKeys = before.findings.map((f) => `${f.kind} ${key(f)}`);
  const afterKeys = after.findings.map((f) => `${f.kind} ${key(f)}`);
  const editKinds = new Map(before.findings.map((f) => [key(f), f.kind]));
  const editKeys = fix.edits.map((e) => {
    const k = key({ path: e.path, line: e.line, match: e.before });
    return `${editKinds.get(k) ?? '?'} ${k}`;
  });
  const expectedAfter = minusMultiset(beforeKeys, editKeys);
  for (const k of minusMultiset(editKeys, beforeKeys)) problems.push(`edit without a finding before: ${k}`);
  for (const k of minusMultiset(afterKeys, expectedAfter).slice(0, 50))
    problems.push(`new finding after fix: ${k}`);
  for (const k of minusMultiset(expectedAfter, afterKeys).slice(0, 50))
    problems.push(`finding gone after fix but not edited: ${k}`);

  // Files changed on disk are the files fix wrote, each exactly the pristine file with its edits applied.
  const diff = diffTrees(pristine, fixed);
  for (const p of diff.onlyA) problems.push(`missing after fix: ${p}`);
  for (const p of diff.onlyB) problems.push(`extra file after fix (a temporary file left?): ${p}`);
  const changed = new Set(diff.differ);
  const writtenPaths = new Set(written.map((f) => f.path));
  for (const p of changed) if (!writtenPaths.has(p)) problems.push(`changed but not reported written: ${p}`);
  for (const p of writtenPaths) if (!changed.has(p)) problems.push(`reported written but unchanged: ${p}`);
  for (const p of writtenPaths) {
    if (!changed.has(p)) continue;
    const original = readFileSync(join(pristine, p));
    const expected = applyEditsIndependently(original, editsByPath.get(p) ?? []);
    if (!expected.ok) problems.push(`${p}: ${expected.problem}`);
    else if (!expected.bytes.equals(readFileSync(join(fixed, p))))
      problems.push(`${p}: bytes differ from the pristine file with the reported edits applied`);
    const modeBefore = statSync(join(pristine, p)).mode;
    const modeAfter = statSync(join(fixed, p)).mode;
    if (modeBefore !== modeAfter)
      problems.push(`${p}: mode ${modeBefore.toString(8)} became ${modeAfter.toString(8)}`);
  }

  const left: Record<string, number> = {};
  for (const l of fix.left) left[l.reason] = (left[l.reason] ?? 0) + 1;
  return {
    edits: fix.edits.length,
    filesWritten: written.length,
    filesFailed: failed.length,
    left,
    errors: fix.errors.length,
    filesChanged: changed.size + diff.onlyA.length + diff.onlyB.length,
    postScanExit: post.status,
    postScanImageFindings: remaining.length,
    problems,
  };
}
