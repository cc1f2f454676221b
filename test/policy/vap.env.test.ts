// ValidatingAdmissionPolicy from `generatePolicy`, applied to the real kube-apiserver: every fixture in
// every mode gets the verdict `scan` predicts (oracle.ts), with the image and replacement in the message.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePolicy } from '../../src/policy/index.js';
import { builtinRules } from '../../src/rules/builtin.js';
import { runCli } from '../cli/run.js';
import { kube } from '../cluster/helpers/kube.js';
import { run } from '../env/exec.js';
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

// Created before any policy: what a cluster already runs when the policy arrives.
const existing = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'existing-old', namespace: namespaces.main },
  spec: { containers: [{ name: 'app', image: 'k8s.gcr.io/pause:3.2' }] },
};

beforeAll(async () => {
  await setUpNamespaces(env, api);
  if ((await api.get(existing)).status === 404) expect((await api.create(existing, false)).status).toBe(201);
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
    const name = `debugger-${Date.now().toString(36)}`;
    const base = fixtures.find((f) => f.id === 'pod-ephemeral-new')!;
    const debug = kubectl(
      'debug',
      '-n',
      namespaces.main,
      String(base.object.metadata['name']),
      '--image=k8s.gcr.io/busybox:1.28',
      `--container=${name}`,
    );
    await expect(debug).rejects.toThrow(
      `ephemeral container "${name}" uses k8s.gcr.io/busybox:1.28, which moved: use registry.k8s.io/busybox:1.28`,
    );
  });

  it('admits an UPDATE that leaves an existing old image alone (a label), and denies one that sets it', async () => {
    expect((await api.patch(existing, { metadata: { labels: { touched: 'yes' } } })).status).toBe(200);
    const changed = await api.patch(existing, { spec: { activeDeadlineSeconds: 3600 } });
    expect(changed.status).toBe(200);
    const old = 'k8s.gcr.io/pause:3.1';
    const retagged = await api.send(
      'PATCH',
      `/api/v1/namespaces/${namespaces.main}/pods/existing-old?dryRun=All`,
      [{ op: 'replace', path: '/spec/containers/0/image', value: old }],
      'application/json-patch+json',
    );
    expect(retagged.status).toBe(403);
    expect(retagged.body.message).toContain(
      `container "app" uses ${old}, which moved: use registry.k8s.io/pause:3.1`,
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

describe('regshift policy output goes to kubectl apply', () => {
  it.each([
    ['yaml', []],
    ['json', ['-o', 'json']],
    ['yaml, deny and mutate', ['--mode', 'deny', '--mutate', '--exclude-namespace', 'kube-system']],
  ])('%s', async (_name, args) => {
    const cwd = mkdtempSync(join(tmpdir(), 'regshift-policy-apply-'));
    const printed = await runCli(['policy', ...args], { cwd });
    expect(printed.code).toBe(0);
    const applied = await run(
      env.bin.kubectl,
      ['--kubeconfig', env.kubeconfig, 'apply', '--dry-run=server', '-f', '-'],
      {
        input: printed.stdout,
      },
    );
    expect(applied.stdout).toContain(
      'validatingadmissionpolicy.admissionregistration.k8s.io/regshift-moved-registries',
    );
    expect(applied.stdout).toContain(
      'validatingadmissionpolicybinding.admissionregistration.k8s.io/regshift-moved-registries',
    );
  });
});
