/**
 * Read one JSON document given to `report`: the output of scan, cluster, check, mirror or report itself,
 * either today's shapes (check: `{connectivity, images}`; mirror: a bare array) or the common envelope
 * `{tool, command, <results>, errors, summary}`. Never throws: what cannot be read becomes an error.
 */
import { arr, type Json, num, obj, str } from './fields.js';
import { readFindings } from './read-findings.js';
import { readConnectivity, readErrors, readImages, readMirrors, readPullFailures } from './read-results.js';
import type { InputKind, ReportError, ReportModel, ScopeRow } from './types.js';

/** What one document adds to the report: the model's lists, before the merge. */
export interface InputPart
  extends Pick<
    ReportModel,
    'scopes' | 'findings' | 'images' | 'connectivity' | 'mirrors' | 'pullFailures' | 'errors'
  > {
  name: string;
  kind: InputKind | null;
}

const commands = new Set<string>(['scan', 'cluster', 'check', 'mirror', 'report']);

/** What a document is: the envelope's `command` when it names one we read, else its shape. */
export function detectKind(value: unknown): InputKind | null {
  if (Array.isArray(value)) return 'mirror';
  const doc = obj(value);
  if (!doc) return null;
  const command = str(doc['command']);
  if (command !== null && commands.has(command)) return command as InputKind;
  if (command === 'fix') return 'scan';
  if (Array.isArray(doc['clusters'])) return 'cluster';
  if (Array.isArray(doc['findings'])) return 'scan';
  if (Array.isArray(doc['connectivity']) || Array.isArray(doc['images'])) return 'check';
  if (Array.isArray(doc['results'])) return 'mirror';
  return null;
}

function empty(name: string, kind: InputKind | null): InputPart {
  return {
    name,
    kind,
    scopes: [],
    findings: [],
    images: [],
    connectivity: [],
    mirrors: [],
    pullFailures: [],
    errors: [],
  };
}

function problem(input: string, code: string, message: string): ReportError {
  return { input, path: input, code, message };
}

function readScopes(doc: Json, part: InputPart): ScopeRow[] {
  if (part.kind === 'cluster') {
    return arr(doc['clusters']).flatMap((raw) => {
      const c = obj(raw);
      const name = str(c?.['name']);
      if (!c || name === null) return [];
      return [
        {
          name,
          type: 'cluster' as const,
          read: num(c['objects']),
          findings: 0,
          reachable: c['reachable'] !== false,
        },
      ];
    });
  }
  if (part.kind === 'scan') {
    const files = num(obj(doc['summary'])?.['files'], Number.NaN);
    return [
      {
        name: part.name,
        type: 'repository',
        read: Number.isNaN(files) ? null : files,
        findings: 0,
        reachable: true,
      },
    ];
  }
  if (part.kind === 'report') {
    return arr(doc['scopes']).flatMap((raw) => {
      const s = obj(raw);
      const name = str(s?.['name']);
      if (!s || name === null) return [];
      const type = s['type'] === 'cluster' ? ('cluster' as const) : ('repository' as const);
      return [
        {
          name,
          type,
          read: typeof s['read'] === 'number' ? s['read'] : null,
          findings: 0,
          reachable: s['reachable'] !== false,
        },
      ];
    });
  }
  return [];
}

/** One document's part (scopes' finding counts are filled in by the merge) of the report; `name` labels its file findings (the repository). */
export function readInput(name: string, value: unknown): InputPart {
  const kind = detectKind(value);
  const part = empty(name, kind);
  if (kind === null) {
    part.errors.push(
      problem(
        name,
        'REPORT_INPUT',
        `${name} is not the JSON of regshift scan, cluster, check, mirror or report`,
      ),
    );
    return part;
  }
  if (Array.isArray(value)) {
    part.mirrors = readMirrors(value);
    return part;
  }
  const doc = value as Json;
  part.errors = readErrors(doc, name);
  if (kind === 'scan' || kind === 'cluster' || kind === 'report') {
    const { findings, skipped } = readFindings(doc, name);
    part.findings = findings;
    if (skipped > 0)
      part.errors.push(
        problem(name, 'REPORT_INPUT', `${skipped} items of "findings" in ${name} are not findings; left out`),
      );
    part.scopes = readScopes(doc, part);
    part.pullFailures = readPullFailures(doc['pullFailures']);
  }
  if (kind === 'check' || kind === 'report') {
    part.images = readImages(doc['images']);
    part.connectivity = readConnectivity(doc['connectivity']);
  }
  if (kind === 'mirror' || kind === 'report') {
    part.mirrors = readMirrors(
      kind === 'report' ? doc['mirrors'] : (doc['results'] ?? doc['images'] ?? doc['mirrors']),
    );
  }
  return part;
}
