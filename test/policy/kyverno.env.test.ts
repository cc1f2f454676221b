// Kyverno: the real `kyverno apply` judges the fixture table with the generated ValidatingPolicy (and
// rewrites Pods with the MutatingPolicy); every verdict and rewrite agrees with scan (the oracle).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { generatePolicy, type PolicyOptions } from '../../src/policy/index.js';
import { builtinRules } from '../../src/rules/builtin.js';
import { testEnv } from '../env/index.js';
import { fixtureOf, namespaceObjects, offlineObject, runTool, writeFixtureFiles } from './engines.js';
import { excludedImagePrefix, exemptLabel, fixtures, namespaces, policyRules } from './fixtures.js';
import { expectedMoves, type MovedImage } from './oracle.js';
import { policyOptions, recordVerdict } from './setup.js';
import { expectedPhrases, type Mode } from './verdicts.js';

const env = testEnv();
const rules = [...builtinRules, ...policyRules];
const dir = mkdtempSync(join(tmpdir(), 'regshift-kyverno-'));
let expected: Map<string, MovedImage[]>;

interface ReportResult {
  result: string;
  message?: string;
  resources?: { name: string; namespace?: string }[];
}

/** Every result of the policy reports `kyverno apply -p --output-format json` prints. */
function reportResults(stdout: string): ReportResult[] {
  const results: ReportResult[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    results.push(...(((JSON.parse(line) as { results?: ReportResult[] }).results ?? []) as ReportResult[]));
  }
  return results;
}

beforeAll(async () => {
  expected = await expectedMoves(fixtures, rules, {
    excludeNamespaces: [namespaces.excluded],
    excludeImages: [excludedImagePrefix],
    exemptLabel,
    optOutNamespaces: [namespaces.optOut],
  });
  writeFixtureFiles(join(dir, 'fixtures'), fixtures);
  // kyverno apply knows namespaces' labels only from a values file.
  const values = {
    apiVersion: 'cli.kyverno.io/v1alpha1',
    kind: 'Values',
    namespaceSelector: namespaceObjects.map((n) => ({ name: n.metadata.name, labels: n.metadata.labels })),
  };
  writeFileSync(join(dir, 'values.yaml'), stringify(values));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function kyvernoApply(policyFile: string, extra: string[] = []) {
  const out = await runTool(env.bin.kyverno, [
    'apply',
    policyFile,
    '--resource',
    join(dir, 'fixtures'),
    '--values-file',
    join(dir, 'values.yaml'),
    ...extra,
  ]);
  if (out.code > 1) throw new Error(`kyverno apply failed (exit ${out.code}): ${out.stderr}\n${out.stdout}`);
  return out;
}

describe.each<Mode>(['deny', 'warn', 'audit'])('kyverno apply, %s mode', (mode) => {
  let results: ReportResult[];

  beforeAll(async () => {
    const policy = generatePolicy(rules, { ...policyOptions, engine: 'kyverno', mode });
    const file = join(dir, `policy-${mode}.yaml`);
    writeFileSync(file, policy.objects.map((o) => stringify(o)).join('---\n'));
    const out = await kyvernoApply(file, ['--policy-report', '--output-format', 'json']);
    results = reportResults(out.stdout);
    expect(results.length).toBeGreaterThan(0);
  });

  it.each(fixtures.map((f) => [f.id, f] as const))('%s', (_id, fixture) => {
    const moved = expected.get(fixture.id)!;
    const mine = results.filter((r) => r.resources?.some((x) => fixtureOf(fixtures, x.name) === fixture));
    const failed = mine.filter((r) => r.result === 'fail');
    const want = moved.length > 0 ? 'fail' : 'pass-or-skip';
    const got = failed.length > 0 ? 'fail' : 'pass-or-skip';
    recordVerdict('kyverno', mode, fixture.id, want, got);
    expect(mine.filter((r) => r.result === 'error')).toEqual([]);
    expect(got).toBe(want);
    const text = failed.map((r) => r.message ?? '').join('\n');
    for (const phrase of expectedPhrases(moved)) expect(text).toContain(phrase);
  });
});

/** `kyverno apply` of the MutatingPolicy from `options`; the objects it wrote, by name. */
async function mutatedBy(
  options: PolicyOptions,
  label: string,
): Promise<Map<string, Record<string, unknown>>> {
  const policy = generatePolicy(rules, { ...policyOptions, engine: 'kyverno', mode: 'warn', ...options });
  const file = join(dir, `policy-${label}.yaml`);
  writeFileSync(
    file,
    policy.objects
      .filter((o) => o.kind === 'MutatingPolicy')
      .map((o) => stringify(o))
      .join('---\n'),
  );
  const outDir = join(dir, label);
  await kyvernoApply(file, ['-o', outDir]);
  const mutated = new Map<string, Record<string, unknown>>();
  for (const name of readdirSync(outDir)) {
    for (const doc of parseAllDocuments(readFileSync(join(outDir, name), 'utf8'))) {
      const object = doc.toJS() as { metadata?: { name?: string } } | null;
      if (object?.metadata?.name) mutated.set(object.metadata.name, object as Record<string, unknown>);
    }
  }
  return mutated;
}

describe('kyverno apply --mutate', () => {
  let mutated: Map<string, Record<string, unknown>>;

  beforeAll(async () => {
    mutated = await mutatedBy({ mutate: true }, 'mutated');
  });

  const pods = fixtures.filter((f) => f.object.kind === 'Pod');
  it.each(pods.map((f) => [f.id, f] as const))('%s', (_id, fixture) => {
    const moved = expected.get(fixture.id)!;
    type Spec = { spec: Record<string, { name: string; image: string }[] | undefined> };
    const original = offlineObject(fixture) as unknown as Spec;
    const out = (mutated.get(fixture.id) ?? original) as unknown as Spec;
    const want: string[] = [];
    const got: string[] = [];
    for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
      (original.spec[list] ?? []).forEach((c, i) => {
        // The oracle scanned the ephemeral container alone (oracle.ts fixtureYaml).
        const context = fixture.ephemeral ? `ephemeralContainers[${i}].image` : `spec.${list}[${i}].image`;
        const found =
          list === 'ephemeralContainers' || !fixture.ephemeral
            ? moved.find((m) => m.context === context)
            : undefined;
        want.push(`${list}/${c.name}=${found?.replacement ?? c.image}`);
        got.push(`${list}/${c.name}=${out.spec[list]?.[i]?.image}`);
      });
    }
    const outcome = moved.some((m) => m.replacement !== null) ? 'rewritten' : 'untouched';
    recordVerdict(
      'kyverno',
      'mutate',
      fixture.id,
      outcome,
      JSON.stringify(got) === JSON.stringify(want) ? outcome : 'wrong',
    );
    expect(got).toEqual(want);
  });
});

describe('kyverno apply --mutate-templates', () => {
  let mutated: Map<string, Record<string, unknown>>;
  /** Where each kind keeps its pod spec, as the oracle's (scan's) context path names it. */
  const specPath = (kind: string): string[] =>
    kind === 'CronJob'
      ? ['spec', 'jobTemplate', 'spec', 'template', 'spec']
      : kind === 'PodTemplate'
        ? ['template', 'spec']
        : ['spec', 'template', 'spec'];
  const at = (object: unknown, path: string[]) =>
    path.reduce<unknown>((o, key) => (o as Record<string, unknown> | undefined)?.[key], object) as
      | Record<string, { name: string; image: string }[] | undefined>
      | undefined;

  beforeAll(async () => {
    mutated = await mutatedBy({ mutateTemplates: true }, 'mutated-templates');
  });

  const workloads = fixtures.filter((f) => f.object.kind !== 'Pod');
  it.each(workloads.map((f) => [f.id, f] as const))('%s', (_id, fixture) => {
    const moved = expected.get(fixture.id)!;
    const path = specPath(fixture.object.kind);
    const original = at(offlineObject(fixture), path) ?? {};
    const out = at(mutated.get(fixture.id) ?? offlineObject(fixture), path) ?? {};
    const want: string[] = [];
    const got: string[] = [];
    for (const list of ['containers', 'initContainers']) {
      (original[list] ?? []).forEach((c, i) => {
        const found = moved.find((m) => m.context === `${path.join('.')}.${list}[${i}].image`);
        want.push(`${list}/${c.name}=${found?.replacement ?? c.image}`);
        got.push(`${list}/${c.name}=${out[list]?.[i]?.image}`);
      });
    }
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
  });
});
