// One error catalogue: every code in it is raised or reported somewhere in src/, README.md's table is
// the catalogue, and the library's error classes are RegshiftErrors carrying a code from it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/io.js';
import { KubeApiError } from '../../src/cluster/client.js';
import { type ErrorCode, errorCatalogue, RegshiftError } from '../../src/errors.js';
import { DeadlineError } from '../../src/registry/deadline.js';
import { networkError, RegistryError } from '../../src/registry/errors.js';

const repo = resolve(import.meta.dirname, '../..');
const codes = Object.keys(errorCatalogue) as ErrorCode[];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** src/ without the catalogue itself and the schema (which lists every code). */
const code = sources(join(repo, 'src'))
  .filter((f) => !f.endsWith('/src/errors.ts') && !f.includes('/src/schema/'))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

describe('the error catalogue', () => {
  it('has only codes that src/ raises or reports', () => {
    // The network stages' codes are built as `REGISTRY_${stage}` (registry/errors.ts).
    const byStage = code.includes(['`REGISTRY_', '{stage}`'].join('$'))
      ? ['REGISTRY_DNS', 'REGISTRY_TCP', 'REGISTRY_TLS']
      : [];
    const unused = codes.filter((c) => !code.includes(`'${c}'`) && !byStage.includes(c));
    expect(unused).toEqual([]);
  });

  it('gives each code a one-line meaning', () => {
    for (const c of codes) {
      expect(c).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(errorCatalogue[c]).toMatch(/^\S[^\n]{10,}[^.\n]$/);
    }
  });

  it('is the table in README.md, row for row', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(codes.map((c) => [c, errorCatalogue[c]]));
  });
});

describe('the error classes', () => {
  it('are RegshiftErrors with a code from the catalogue', () => {
    const errors: RegshiftError[] = [
      new UsageError('--jobs must be a whole number'),
      new KubeApiError(403, 'list', 'pods', 'default', 'forbidden'),
      new KubeApiError(500, 'list', 'pods', undefined, 'oops'),
      new DeadlineError('no answer within 1 s'),
      new RegistryError('REGISTRY_HTTP', 'HTTP', 'example.com', 'HTTP example.com: 500'),
      networkError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'h:1'),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(RegshiftError);
      expect(codes).toContain(error.code);
    }
    expect(errors.map((e) => e.code)).toEqual([
      'USAGE',
      'FORBIDDEN',
      'KUBE_API_ERROR',
      'REGISTRY_TIMEOUT',
      'REGISTRY_HTTP',
      'REGISTRY_TCP',
    ]);
  });

  it('keep their names, which the CLI and callers tell them apart by', () => {
    expect(new UsageError('x').name).toBe('UsageError');
    expect(new KubeApiError(404, 'get', 'pods', undefined, '').name).toBe('KubeApiError');
    // A deadline is reported as a timeout: networkError reads the name, as for AbortSignal.timeout().
    expect(new DeadlineError('x').name).toBe('TimeoutError');
    expect(networkError(new DeadlineError('no answer within 1 s'), 'h:1').code).toBe('REGISTRY_TIMEOUT');
  });
});
