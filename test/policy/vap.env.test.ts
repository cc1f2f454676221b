// ValidatingAdmissionPolicy from `generatePolicy`, applied to the real kube-apiserver: every fixture in
// every mode gets the verdict `scan` predicts (oracle.ts), with the image and replacement in the message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePolicy } from '../../src/policy/index.js';
import { builtinRules } from '../../src/rules/builtin.js';
import { kube } from '../cluster/helpers/kube.js';
import { testEnv } from '../env/index.js';
import { apiClient } from './api.js';
import {
  excludedImagePrefix,
  exemptLabel,
  type Fixture,
  fixtures,
  namespaces,
  policyRules,
} from './fixtures.js';
import { expectedMoves, type MovedImage } from './oracle.js';
import {
  applyPolicy,
  policyOptions,
  recordVerdict,
  removePolicies,
  setUpNamespaces,
  waitForMode,
} from './setup.js';
import { expectedPhrases, type Mode, observe, verdictFor } from './verdicts.js';

const env = testEnv();
const api = apiClient(env.kubeconfig);
const { kubectl } = kube(env);
const rules = [...builtinRules, ...policyRules];
let expected: Map<string, MovedImage[]>;

beforeAll(async () => {
  await setUpNamespaces(env, api);
  expected = await expectedMoves(fixtures, rules, {
    excludeNamespaces: [namespaces.excluded],
    excludeImages: [excludedImagePrefix],
    exemptLabel,
    optOutNamespaces: [namespaces.optOut],
  });
});

afterAll(async () => {
  await removePolicies(env, api);
});

async function attempt(fixture: Fixture) {
  return fixture.ephemeral ? api.addEphemeral(fixture.object, fixture.ephemeral) : api.create(fixture.object);
}

describe.each<Mode>(['deny', 'warn', 'audit'])('ValidatingAdmissionPolicy, %s mode', (mode) => {
  beforeAll(async () => {
    await applyPolicy(env, generatePolicy(rules, { ...policyOptions, mode }).objects);
    await waitForMode(env, api, mode);
  });

  it.each(fixtures.map((f) => [f.id, f] as const))('%s', async (_id, fixture) => {
    const moved = expected.get(fixture.id)!;
    const observed = await observe(await attempt(fixture), env.kubeconfig);
    recordVerdict(
      'vap',
      mode,
      fixture.id,
      moved.length > 0 ? verdictFor[mode] : 'admitted',
      observed.verdict,
    );
    expect(observed.verdict).toBe(moved.length > 0 ? verdictFor[mode] : 'admitted');
    const text = observed.messages.join('\n');
    for (const phrase of expectedPhrases(moved)) expect(text).toContain(phrase);
    if (moved.length > 0)
      expect(text).toContain(`${fixture.object.kind} ${String(fixture.object.metadata['name'])}:`);
  });
});

describe('ValidatingAdmissionPolicy in deny mode against kubectl', () => {
  beforeAll(async () => {
    await applyPolicy(env, generatePolicy(rules, { ...policyOptions, mode: 'deny' }).objects);
    await waitForMode(env, api, 'deny');
  });

  it('rejects `kubectl debug` with an old-registry image, naming it and its replacement', async () => {
    const base = fixtures.find((f) => f.id === 'pod-ephemeral-new')!;
    const debug = kubectl(
      'debug',
      '-n',
      namespaces.main,
      String(base.object.metadata['name']),
      '--image=k8s.gcr.io/busybox:1.28',
      '--container=kubectl-debugger',
    );
    await expect(debug).rejects.toThrow(
      /ephemeral container "kubectl-debugger" uses k8s.gcr.io\/busybox:1.28, which moved: use registry.k8s.io\/busybox:1.28/,
    );
  });

  it('lets `kubectl debug` add a container from the new registry', async () => {
    const base = fixtures.find((f) => f.id === 'pod-ephemeral-new')!;
    await kubectl(
      'debug',
      '-n',
      namespaces.main,
      String(base.object.metadata['name']),
      '--image=registry.k8s.io/busybox:1.36',
      `--container=debugger-${Date.now().toString(36)}`,
    );
  });
});
