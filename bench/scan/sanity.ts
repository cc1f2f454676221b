// Did regshift and ripgrep find the same files? Differences are printed, never fatal: they are the point
// of a semantic scanner (a mirror host containing "k8s.gcr.io" is not the registry).
import { readFileSync } from 'node:fs';

export interface FileSets {
  rg: Set<string>;
  regshiftAny: Set<string>;
  regshiftRewritable: Set<string>;
}

const clean = (path: string) => path.replace(/^\.\//, '');

export function readFileSets(regshiftJson: string, rgJson: string): FileSets {
  const report = JSON.parse(readFileSync(regshiftJson, 'utf8')) as {
    findings: { path: string; kind: string }[];
  };
  const regshiftAny = new Set(report.findings.map((f) => f.path));
  const regshiftRewritable = new Set(
    report.findings.filter((f) => f.kind === 'image' || f.kind === 'registry').map((f) => f.path),
  );
  const rg = new Set<string>();
  for (const line of readFileSync(rgJson, 'utf8').split('\n')) {
    if (!line.startsWith('{"type":"begin"')) continue;
    const event = JSON.parse(line) as { data: { path: { text?: string } } };
    if (event.data.path.text) rg.add(clean(event.data.path.text));
  }
  return { rg, regshiftAny, regshiftRewritable };
}

const minus = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();

export interface SanityReport {
  counts: Record<string, number>;
  differences: Record<string, string[]>;
}

/** Compare both tools with each other and with what the generator planted. */
export function compareSets(sets: FileSets, planted: Record<string, string[]>): SanityReport {
  const plantedRewritable = new Set(planted['rewritable'] ?? []);
  const decoys = new Set(planted['decoy'] ?? []);
  const rgOnly = minus(sets.rg, sets.regshiftAny);
  const differences = {
    'rg only, decoy hosts like k8s.gcr.io.mirror.acme.internal (expected)': rgOnly.filter((p) =>
      decoys.has(p),
    ),
    'rg only, not a planted decoy (regshift missed something?)': rgOnly.filter((p) => !decoys.has(p)),
    'regshift only (expected: none)': minus(sets.regshiftAny, sets.rg),
    'rg files without a rewritable finding (mentions, decoys)': minus(sets.rg, sets.regshiftRewritable),
    'planted rewritable but not found by regshift (expected: none)': minus(
      plantedRewritable,
      sets.regshiftRewritable,
    ),
    'rewritable by regshift but not planted (expected: none)': minus(
      sets.regshiftRewritable,
      plantedRewritable,
    ),
  };
  return {
    counts: {
      rgFiles: sets.rg.size,
      regshiftFilesAny: sets.regshiftAny.size,
      regshiftFilesRewritable: sets.regshiftRewritable.size,
      plantedRewritable: plantedRewritable.size,
      plantedMention: (planted['mention'] ?? []).length,
      plantedDecoy: decoys.size,
      rgOnlyNotDecoy: rgOnly.filter((p) => !decoys.has(p)).length,
    },
    differences,
  };
}

export function printSanity(report: SanityReport, print: (line: string) => void): void {
  const c = report.counts;
  print(
    `files with hits: rg ${c['rgFiles']}, regshift ${c['regshiftFilesAny']} (rewritable ${c['regshiftFilesRewritable']}); ` +
      `planted: ${c['plantedRewritable']} rewritable, ${c['plantedMention']} mention-only, ${c['plantedDecoy']} decoy`,
  );
  for (const [what, paths] of Object.entries(report.differences)) {
    if (paths.length === 0) continue;
    print(`  ${what}: ${paths.length}`);
    for (const path of paths.slice(0, 5)) print(`    ${path}`);
    if (paths.length > 5) print(`    … ${paths.length - 5} more`);
  }
}
