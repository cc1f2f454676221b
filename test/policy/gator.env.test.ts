// Gatekeeper: the real `gator test` judges the fixture table with the generated ConstraintTemplate and
// constraint; every fixture is a violation exactly when scan (the oracle) finds a moved image in it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generatePolicy } from '../../src/policy/index.js';
import { builtinRules } from '../../src/rules/builtin.js';
import { testEnv } from '../env/index.js';
import { fixtureOf, namespaceObjects, runTool, writeFixtureFiles } from './engines.js';
import { excludedImagePrefix, exemptLabel, fixtures, namespaces, policyRules } from './fixtures.js';
import { expectedMoves, type MovedImage } from './oracle.js';
import { policyOptions, recordVerdict } from './setup.js';
import { expectedPhrases, type Mode } from './verdicts.js';

const env = testEnv();
const rules = [...builtinRules, ...policyRules];
const dir = mkdtempSync(join(tmpdir(), 'regshift-gator-'));
let expected: Map<string, MovedImage[]>;

beforeAll(async () => {
  expected = await expectedMoves(fixtures, rules, {
    excludeNamespaces: [namespaces.excluded],
    excludeImages: [excludedImagePrefix],
    exemptLabel,
    optOutNamespaces: [namespaces.optOut],
  });
  writeFixtureFiles(join(dir, 'fixtures'), fixtures);
  writeFileSync(join(dir, 'namespaces.yaml'), namespaceObjects.map((n) => stringify(n)).join('---\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const actionOf: Record<Mode, string> = { deny: 'deny', warn: 'warn', audit: 'dryrun' };

describe.each<Mode>(['deny', 'warn', 'audit'])('gator test, %s mode', (mode) => {
  let results: { msg: string; enforcementAction: string; violatingObject: { metadata: { name: string } } }[];

  beforeAll(async () => {
    const policy = generatePolicy(rules, { ...policyOptions, engine: 'gatekeeper', mode });
    const file = join(dir, `policy-${mode}.yaml`);
    writeFileSync(file, policy.objects.map((o) => stringify(o)).join('---\n'));
    // gator exits 1 when there are violations; its JSON goes to stdout either way.
    const out = await runTool(env.bin.gator, [
      'test',
      '-o',
      'json',
      '-f',
      file,
      '-f',
      join(dir, 'namespaces.yaml'),
      '-f',
      join(dir, 'fixtures'),
    ]);
    if (out.code > 1) throw new Error(`gator test failed (exit ${out.code}): ${out.stderr}`);
    results = JSON.parse(out.stdout || '[]');
  });

  it.each(fixtures.map((f) => [f.id, f] as const))('%s', (_id, fixture) => {
    const moved = expected.get(fixture.id)!;
    const mine = results.filter((r) => fixtureOf(fixtures, r.violatingObject.metadata.name) === fixture);
    const want = moved.length > 0 ? 'violation' : 'none';
    recordVerdict('gatekeeper', mode, fixture.id, want, mine.length > 0 ? 'violation' : 'none');
    expect(mine.length > 0 ? 'violation' : 'none').toBe(want);
    expect(mine.length).toBe(moved.length);
    for (const r of mine) expect(r.enforcementAction).toBe(actionOf[mode]);
    const text = mine.map((r) => r.msg).join('\n');
    for (const phrase of expectedPhrases(moved)) expect(text).toContain(phrase);
  });
});
