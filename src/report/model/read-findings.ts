/** Findings from the JSON of scan, cluster or report, into report rows; anything not a finding is skipped. */
import type { FindingKind, FindingSource, ManagedBy, ObjectRef } from '../../findings.js';
import { arr, bool, type Json, num, obj, str } from './fields.js';
import type { ReportFinding } from './types.js';

const kinds = new Set<string>(['image', 'registry', 'mention', 'policy']);
const sources = new Set<string>(['file', 'cluster', 'node']);

function objectRef(value: unknown): ObjectRef | null {
  const o = obj(value);
  const kind = str(o?.['kind']);
  const name = str(o?.['name']);
  if (!o || kind === null || name === null) return null;
  const namespace = str(o['namespace']);
  return { apiVersion: str(o['apiVersion']) ?? '', kind, name, ...(namespace !== null ? { namespace } : {}) };
}

function managedBy(value: unknown): ManagedBy | null {
  const o = obj(value);
  if (!o) return null;
  const tool = str(o['tool']);
  return {
    tool: tool === 'helm' || tool === 'argocd' || tool === 'flux' || tool === 'kustomize' ? tool : null,
    name: str(o['name']),
    namespace: str(o['namespace']),
  };
}

/** Where a cluster finding is: `namespace/Kind/name` of its object (cluster findings have no file path). */
function objectPath(o: ObjectRef | null): string | null {
  if (!o) return null;
  return [o.namespace, `${o.kind}/${o.name}`].filter((p) => p !== undefined).join('/');
}

/**
 * One finding, or null when `raw` lacks what every finding has (a match, a kind, and where it is: a file's
 * path, or a cluster finding's object).
 */
export function readFinding(raw: unknown, defaultScope: string): ReportFinding | null {
  const f = obj(raw);
  const match = str(f?.['match']);
  const kind = str(f?.['kind']);
  if (!f || match === null || kind === null || !kinds.has(kind)) return null;
  const sourceText = str(f['source']) ?? 'file';
  const source = (sources.has(sourceText) ? sourceText : 'file') as FindingSource;
  const isFile = source === 'file';
  const path = str(f['path']) ?? (isFile ? null : objectPath(objectRef(f['object'])));
  if (path === null) return null;
  const cluster = str(f['cluster']);
  return {
    scope: str(f['scope']) ?? (isFile ? defaultScope : (cluster ?? defaultScope)),
    source,
    path,
    line: num(f['line'], 1),
    column: num(f['column'], 1),
    kind: kind as FindingKind,
    match,
    image: str(f['image']),
    replacement: str(f['replacement']),
    rule: str(f['rule']) ?? '',
    format: str(f['format']) ?? 'text',
    context: str(f['context']) ?? (isFile ? null : str(f['fieldPath'])),
    namespace: str(f['namespace']),
    object: objectRef(f['object']),
    container: str(f['container']),
    fieldPath: str(f['fieldPath']),
    owners: arr(f['owners'])
      .map(objectRef)
      .filter((o): o is ObjectRef => o !== null),
    managedBy: managedBy(f['managedBy']),
    pods: num(f['pods']),
    runningFromNew: bool(f['runningFromNew']),
    fixAt: str(f['fixAt']) ?? `Change ${path}`,
    change: null,
  };
}

/** Every finding of a document, and how many items were not findings. */
export function readFindings(
  doc: Json,
  defaultScope: string,
): { findings: ReportFinding[]; skipped: number } {
  const findings: ReportFinding[] = [];
  let skipped = 0;
  for (const raw of arr(doc['findings'])) {
    const finding = readFinding(raw, defaultScope);
    if (finding) findings.push(finding);
    else skipped++;
  }
  return { findings, skipped };
}
