/** `patch --from` and `patch --undo` inputs: read bounded, parsed, checked for the shape they must have. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ClusterFinding } from '../../findings.js';
import type { UndoRecord } from '../../patch/index.js';
import { type CliIO, UsageError } from '../io.js';

const maxInputBytes = 64 * 1024 * 1024;

export async function readJson(file: string, io: CliIO, what: string): Promise<unknown> {
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${what} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  if (text.length > maxInputBytes) throw new UsageError(`${what} ${file}: larger than 64 MiB`);
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(
      `${what} ${file}: not JSON (expected the output of ${what === '--undo' ? 'patch --apply' : 'regshift cluster -o json'})`,
    );
  }
}

export function findingsFrom(doc: unknown, file: string): ClusterFinding[] {
  const findings = (doc as { findings?: unknown } | null)?.findings;
  const ok = (f: unknown): f is ClusterFinding => {
    const x = f as Partial<ClusterFinding> | null;
    return (
      !!x &&
      (x.source === 'cluster' || x.source === 'node') &&
      typeof x.cluster === 'string' &&
      typeof x.object?.kind === 'string' &&
      typeof x.object?.name === 'string' &&
      typeof x.fieldPath === 'string' &&
      typeof x.match === 'string' &&
      Array.isArray(x.owners) &&
      typeof x.managedBy === 'object'
    );
  };
  if (!Array.isArray(findings) || !findings.every(ok))
    throw new UsageError(
      `--from ${file}: expected the JSON of \`regshift cluster -o json\` (findings from live clusters)`,
    );
  return findings;
}

export function undoFrom(doc: unknown, file: string): UndoRecord {
  const r = doc as Partial<UndoRecord> | null;
  const valid =
    r?.kind === 'undo-record' &&
    Array.isArray(r.patches) &&
    r.patches.every(
      (p) =>
        typeof p?.cluster === 'string' &&
        typeof p.object?.kind === 'string' &&
        Array.isArray(p.operations) &&
        p.operations.every(
          (o) =>
            (o?.op === 'test' || o?.op === 'replace') &&
            typeof o.path === 'string' &&
            typeof o.value === 'string',
        ),
    );
  if (!valid) throw new UsageError(`--undo ${file}: not an undo record written by regshift patch --apply`);
  return r as UndoRecord;
}
