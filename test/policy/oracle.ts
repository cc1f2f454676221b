// The expected verdicts: `regshift scan` on each fixture's YAML (what would be deployed), then the
// policy's exemptions (namespaces, labels, image prefixes) applied to what it found.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { matchRule } from '../../src/rules/match.js';
import type { Rule } from '../../src/rules/types.js';
import { scan } from '../../src/scan/index.js';
import type { Fixture } from './fixtures.js';

export interface MovedImage {
  image: string;
  /** null when scan names no target (a report-only rule, a tag the move left behind). */
  replacement: string | null;
  /** Where scan found it, e.g. spec.containers[0].image. */
  context: string;
}

export interface Exemptions {
  excludeNamespaces: readonly string[];
  excludeImages: readonly string[];
  exemptLabel: string;
  /** Namespaces labelled with the exempt label. */
  optOutNamespaces: readonly string[];
}

/** The text scan reads for a fixture: the object, or the ephemeral container the UPDATE adds. */
export function fixtureYaml(fixture: Fixture): string {
  return stringify(fixture.ephemeral ? { ephemeralContainers: [fixture.ephemeral] } : fixture.object);
}

/** Fixture id -> the images a policy must act on (empty: it must admit untouched). */
export async function expectedMoves(
  fixtures: readonly Fixture[],
  rules: readonly Rule[],
  exemptions: Exemptions,
): Promise<Map<string, MovedImage[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'regshift-policy-oracle-'));
  try {
    for (const f of fixtures) writeFileSync(join(dir, `${f.id}.yaml`), fixtureYaml(f));
    const report = await scan(['.'], { cwd: dir, rules });
    if (report.errors.length > 0) throw new Error(`scan errors: ${JSON.stringify(report.errors)}`);
    const excluded = exemptions.excludeImages.map(
      (from): Rule => ({ id: from, from, to: from, action: 'report', builtin: false }),
    );
    const result = new Map<string, MovedImage[]>();
    for (const f of fixtures) {
      const namespace = String(f.object.metadata['namespace']);
      const labels = (f.object.metadata['labels'] ?? {}) as Record<string, string>;
      const exempt =
        exemptions.excludeNamespaces.includes(namespace) ||
        exemptions.optOutNamespaces.includes(namespace) ||
        labels[exemptions.exemptLabel] === 'true';
      const moved = report.findings
        .filter((x) => x.path === `${f.id}.yaml` && x.kind === 'image' && x.image !== null)
        .filter((x) => !exempt && matchRule(x.image!, excluded) === undefined)
        .map((x) => ({ image: x.image!, replacement: x.replacement, context: x.context ?? '' }));
      result.set(f.id, moved);
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
