// CEL cost: with 20 rules, a Pod with 100 containers is evaluated within the API server's limits. The
// server rejects a policy whose cost is too high, and a too costly evaluation fails the request
// (deny, failurePolicy Fail) or silently skips the warning/rewrite (Ignore): each is asserted here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePolicy } from '../../src/policy/index.js';
import { builtinRules } from '../../src/rules/builtin.js';
import type { Rule } from '../../src/rules/types.js';
import { testEnv } from '../env/index.js';
import { apiClient } from './api.js';
import { namespaces } from './fixtures.js';
import { applyPolicy, removePolicies, setUpNamespaces, waitForMode } from './setup.js';

const env = testEnv();
const api = apiClient(env.kubeconfig);

const userRules: Rule[] = Array.from({ length: 13 }, (_, i) => ({
  id: `quay.io/old-org-${i}`,
  from: `quay.io/old-org-${i}`,
  to: `ghcr.io/new-org-${i}`,
  action: 'rewrite',
  builtin: false,
}));
const rules = [...builtinRules, ...userRules];

function bigPod(name: string, image: (i: number) => string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: namespaces.main },
    spec: {
      initContainers: Array.from({ length: 10 }, (_, i) => ({ name: `init-${i}`, image: image(i) })),
      containers: Array.from({ length: 90 }, (_, i) => ({ name: `c-${i}`, image: image(i + 10) })),
    },
  };
}
// The last rule, so every earlier form is tried first; long tags make each match cost more.
const moved = (i: number) => `quay.io/old-org-12/app-${i}:v1.2.3-${'x'.repeat(100)}`;
const fresh = (i: number) => `ghcr.io/new-org-12/app-${i}:v1.2.3-${'x'.repeat(100)}`;

beforeAll(async () => {
  expect(rules).toHaveLength(20);
  await setUpNamespaces(env, api);
});
afterAll(async () => {
  await removePolicies(env, api);
});

describe('20 rules, 100 containers', () => {
  it('deny: admits the Pod of new images (failurePolicy Fail would reject a cost overrun)', async () => {
    await applyPolicy(env, generatePolicy(rules, { mode: 'deny' }).objects);
    await waitForMode(env, api, 'deny');
    const response = await api.create(bigPod('cost-fresh', fresh));
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  });

  it('deny: rejects the Pod of moved images with the policy message, not a cost error', async () => {
    const response = await api.create(bigPod('cost-moved', moved));
    expect(response.status).toBe(403);
    expect(response.body.message).toContain(
      `container "c-0" uses ${moved(10)}, which moved: use ${fresh(10)}`,
    );
    expect(response.body.message).toContain('and 95 more');
    expect(response.body.message).not.toMatch(/cost limit|budget|exceeded/i);
  });

  it('mutate: rewrites all 100 images (failurePolicy Ignore would leave them on a cost overrun)', async () => {
    await applyPolicy(env, generatePolicy(rules, { mode: 'warn', mutate: true }).objects);
    const deadline = Date.now() + 60_000;
    let images: string[] = [];
    while (Date.now() < deadline) {
      const response = await api.create(bigPod('cost-mutate', moved));
      // Until the warn binding replaces the deny one, the Pod is still rejected.
      if (response.status !== 201) {
        await new Promise((r) => setTimeout(r, 300));
        continue;
      }
      const spec = (
        response.body as { spec: { containers: { image: string }[]; initContainers: { image: string }[] } }
      ).spec;
      images = [...spec.initContainers, ...spec.containers].map((c) => c.image);
      if (images[0] !== moved(0)) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(images).toEqual(Array.from({ length: 100 }, (_, i) => fresh(i)));
  });
});
