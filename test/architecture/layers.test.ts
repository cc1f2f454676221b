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

function imports(file: string): { target: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const found = [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm),
    ...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => ({
    target: resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')),
    typeOnly: /^\s*(?:import|export) type\s/.test(m[0]),
  }));
}

/**
 * Layers whose types another may read, but never their code: the reporters render every command's
 * results, so they read those results' types; nothing in those layers imports report.
 */
const typesOnly: Record<string, string[]> = {
  report: ['check', 'mirror', 'cluster', 'rewrite', 'patch'],
};

/** What each layer may import besides itself. */
const allowed: Record<string, string[]> = {
  errors: [],
  version: [],
  concurrency: [],
  // Pure text helpers (decoding, line positions, multi-replace) that scan and rewrite share.
  text: [],
  reference: ['errors'],
  findings: ['errors'],
  'cluster-report': ['findings'],
  rules: ['reference', 'errors'],
  // What check and mirror read their image lists from.
  inputs: ['reference', 'errors'],
  report: ['findings', 'cluster-report', 'errors', 'rules'],
  scan: ['rules', 'reference', 'findings', 'errors', 'version', 'text'],
  rewrite: ['scan', 'rules', 'reference', 'findings', 'errors', 'text'],
  registry: ['reference', 'errors'],
  check: ['registry', 'inputs', 'rules', 'reference', 'findings', 'errors', 'concurrency'],
  mirror: ['registry', 'inputs', 'rules', 'reference', 'findings', 'errors', 'concurrency'],
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
  // The JSON output contract (zod), from which schema/regshift-output.schema.json is generated.
  schema: ['errors'],
  cli: ['*'],
  index: ['*'],
};

/** Layers that other layers (not the CLI) enter only through their index.ts: their insides may change freely. */
const enteredByIndex = ['scan'];

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
      for (const { target, typeOnly } of imports(file)) {
        const to = layerOf(target);
        if (to === from || may.includes('*')) continue;
        if (!may.includes(to) && !(typeOnly && typesOnly[from]?.includes(to)))
          violations.push(`${relative(src, file)} imports ${relative(src, target)} (${from} → ${to})`);
        else if (enteredByIndex.includes(to) && relative(src, target) !== `${to}/index.ts`)
          violations.push(`${relative(src, file)} imports ${relative(src, target)}, not ${to}/index.ts`);
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
