// Shared steps of the policy env tests: namespaces and base Pods, applying and removing policies,
// and waiting until the API server enforces what was applied (policies take effect asynchronously).
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PolicyOptions } from '../../src/policy/index.js';
import { kube } from '../cluster/helpers/kube.js';
import type { TestEnv } from '../env/index.js';
import type { apiClient, ObjectLike } from './api.js';
import { excludedImagePrefix, exemptLabel, fixtures, namespaces } from './fixtures.js';
import { auditMessages, type Mode } from './verdicts.js';

type Api = ReturnType<typeof apiClient>;

export const policyOptions: PolicyOptions = {
  excludeNamespaces: [namespaces.excluded],
  excludeImages: [excludedImagePrefix],
  exemptLabel,
};

export async function setUpNamespaces(env: TestEnv, api: Api): Promise<void> {
  const { apply } = kube(env);
  const ns = (name: string, labels: Record<string, string> = {}) =>
    JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  await apply(ns(namespaces.main));
  await apply(ns(namespaces.excluded));
  await apply(ns(namespaces.optOut, { [exemptLabel]: 'true' }));
  // Ephemeral containers are added to Pods that exist (created with a new-registry image).
  for (const f of fixtures.filter((x) => x.ephemeral)) {
    const found = await api.get(f.object);
    if (found.status !== 404) continue;
    // A new namespace gets its default ServiceAccount from the controller manager a moment later; until
    // then Pods are refused, so wait for it rather than fail.
    for (let tries = 0; ; tries++) {
      const created = await api.create(f.object, false);
      if (created.status === 201) break;
      const noAccount = JSON.stringify(created.body).includes('serviceaccount "default" not found');
      if (!noAccount || tries >= 100) throw new Error(`creating ${f.id}: ${JSON.stringify(created.body)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/** Delete the Pods the tests leave (other env tests scan every namespace). Unscheduled Pods go at once. */
export async function removePods(api: Api, extra: readonly ObjectLike[] = []): Promise<void> {
  for (const object of [...fixtures.filter((x) => x.ephemeral).map((f) => f.object), ...extra]) {
    await api.remove(object);
  }
}

export async function applyPolicy(env: TestEnv, objects: readonly object[]): Promise<void> {
  await kube(env).apply(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
}

const policyKinds =
  'validatingadmissionpolicies,validatingadmissionpolicybindings,mutatingadmissionpolicies,mutatingadmissionpolicybindings';

const probe = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'policy-probe', namespace: namespaces.main },
  spec: { containers: [{ name: 'probe', image: 'k8s.gcr.io/pause:3.2' }] },
};

async function probeVerdict(env: TestEnv, api: Api): Promise<Mode | 'none'> {
  const response = await api.create(probe);
  if (response.status >= 400) return 'deny';
  if (response.warnings.length > 0) return 'warn';
  const audit = await auditMessages(env.kubeconfig, response.auditId);
  return audit && audit.length > 0 ? 'audit' : 'none';
}

/** Wait until a moved image gets `mode`'s verdict (or none at all). */
export async function waitForMode(
  env: TestEnv,
  api: Api,
  mode: Mode | 'none',
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string = '';
  while (Date.now() < deadline) {
    last = await probeVerdict(env, api);
    if (last === mode) return;
    await sleep(300);
  }
  throw new Error(`the API server did not switch to ${mode} mode (last verdict: ${last})`);
}

/** Remove every regshift policy and wait until they no longer act: other env tests create old images. */
export async function removePolicies(env: TestEnv, api: Api): Promise<void> {
  await kube(env).kubectl('delete', policyKinds, '-l', 'app.kubernetes.io/managed-by=regshift', '--wait');
  await waitForMode(env, api, 'none');
}

/** Each verdict, appended as a JSON line to $REGSHIFT_POLICY_VERDICTS when set (for the closing table). */
export function recordVerdict(
  engine: string,
  mode: string,
  fixture: string,
  expected: string,
  observed: string,
): void {
  const file = process.env['REGSHIFT_POLICY_VERDICTS'];
  if (file) appendFileSync(file, `${JSON.stringify({ engine, mode, fixture, expected, observed })}\n`);
}
