import { builtinRules } from '../../src/rules/index.js';
import type { Rule } from '../../src/rules/types.js';
import { scanText as scanOneText } from '../../src/scan/index.js';

/** Scan text as if it were the file `name` (outside any Helm chart); compact rows for exact assertions. */
export function scanText(name: string, text: string, rules: readonly Rule[] = builtinRules) {
  const result = scanOneText({ absolute: `/nonexistent/${name}`, path: name, text }, rules);
  return {
    rows: result.findings.map((f) => [f.line, f.column, f.kind, f.match, f.context] as const),
    findings: result.findings,
    errors: result.errors,
  };
}
