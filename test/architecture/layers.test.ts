import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// DESIGN.md: dependencies point down — cli → (scan, rewrite, cluster, registry, check, mirror, report) →
// (rules, findings) → reference. This reads every import in src/ and checks that direction.
const src = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The top-level part of src a file belongs to: `scan`, `cli`, or a root file such as `findings.ts`. */
function layerOf(file: string): string {
  const [first] = relative(src, file).split('/');
  return first!.replace(/\.ts$/, '');
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm),
    ...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
}

/** What each layer may import besides itself. */
const allowed: Record<string, string[]> = {
  errors: [],
  version: [],
  concurrency: [],
  reference: ['errors'],
  findings: [],
  'cluster-report': ['findings'],
  rules: ['reference', 'errors'],
  report: ['findings', 'cluster-report', 'errors', 'check', 'mirror'],
  scan: ['rules', 'reference', 'findings', 'errors', 'version'],
  rewrite: ['scan', 'rules', 'reference', 'findings', 'errors'],
  registry: ['reference', 'errors'],
  check: ['registry', 'rules', 'reference', 'findings', 'errors', 'concurrency'],
  mirror: ['registry', 'check', 'rules', 'reference', 'findings', 'errors', 'concurrency'],
  cluster: ['cluster-report', 'scan', 'rules', 'reference', 'findings', 'errors', 'version', 'concurrency'],
  patch: [
    'cluster',
    'rewrite',
    'cluster-report',
    'rules',
    'reference',
    'findings',
    'errors',
    'version',
    'concurrency',
  ],
  // Pure: rules in, admission policy objects out (check.ts filters findings, never scans itself).
  policy: ['rules', 'reference', 'findings', 'errors'],
  cli: ['*'],
  index: ['*'],
};

describe('architecture', () => {
  const files = sourceFiles(src);

  it('keeps dependencies pointing down, and nothing but the entry points imports the CLI', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      const may = allowed[from];
      if (!may) {
        violations.push(`${relative(src, file)}: layer "${from}" is not listed in this test`);
        continue;
      }
      for (const target of imports(file)) {
        const to = layerOf(target);
        if (to === from || may.includes('*') || may.includes(to)) continue;
        violations.push(`${relative(src, file)} imports ${relative(src, target)} (${from} → ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('prints and exits only in src/cli', () => {
    const offenders = files
      .filter((f) => layerOf(f) !== 'cli')
      .filter((f) =>
        /\bconsole\.(log|error|warn)|process\.(stdout|stderr)\.write|process\.exit\(/.test(
          readFileSync(f, 'utf8'),
        ),
      )
      .map((f) => relative(src, f));
    expect(offenders).toEqual([]);
  });
});
