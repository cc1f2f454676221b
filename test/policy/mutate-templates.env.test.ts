// `generatePolicy --mutate-templates` in the real kube-apiserver: the pod templates of controllers (each
// kind's own place for its pod spec) come back from admission rewritten as the rules say (scan's matcher),
// lookalikes and new images untouched, and Pods still mutated as with --mutate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePolicy } from '../../src/policy/index.js';
import { builtinRules } from '../../src/rules/builtin.js';
import { targetOf } from '../../src/rules/target.js';
import { testEnv } from '../env/index.js';
import { apiClient, type ObjectLike } from './api.js';
import { namespaces } from './fixtures.js';
import { applyPolicy, policyOptions, removePolicies, setUpNamespaces } from './setup.js';

const env = testEnv();
const api = apiClient(env.kubeconfig);
const images = {
  app: 'k8s.gcr.io/pause:3.2',
  init: 'K8S.GCR.IO:443/busybox:1.36@sha256:' + 'a'.repeat(64),
  lookalike: 'k8s.gcr.io.evil.example/pause:3.2',
  current: 'registry.k8s.io/pause:3.10',
};
const podSpec = {
  initContainers: [{ name: 'init', image: images.init }],
  containers: [
    { name: 'app', image: images.app },
    { name: 'lookalike', image: images.lookalike },
    { name: 'current', image: images.current },
  ],
};
const template = { metadata: { labels: { app: 'm' } }, spec: podSpec };
const meta = (name: string) => ({ name, namespace: namespaces.main });

const objects: Record<
  string,
  { object: ObjectLike & Record<string, unknown>; spec: (o: Record<string, unknown>) => unknown }
> = {
  Deployment: {
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('mt-deploy'),
      spec: { replicas: 0, selector: { matchLabels: { app: 'm' } }, template },
    },
    spec: (o) => (o['spec'] as { template: { spec: unknown } }).template.spec,
  },
  CronJob: {
    object: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('mt-cron'),
      spec: {
        schedule: '@daily',
        jobTemplate: { spec: { template: { spec: { ...podSpec, restartPolicy: 'Never' } } } },
      },
    },
    spec: (o) =>
      (o['spec'] as { jobTemplate: { spec: { template: { spec: unknown } } } }).jobTemplate.spec.template
        .spec,
  },
  PodTemplate: {
    object: { apiVersion: 'v1', kind: 'PodTemplate', metadata: meta('mt-podtemplate'), template },
    spec: (o) => (o['template'] as { spec: unknown }).spec,
  },
  Pod: {
    object: { apiVersion: 'v1', kind: 'Pod', metadata: meta('mt-pod'), spec: podSpec },
    spec: (o) => o['spec'],
  },
};

/** Each container's image as the rules (scan's matcher) say it must be stored. */
const expected = Object.fromEntries(
  Object.entries(images).map(([name, image]) => [name, targetOf({ image }, builtinRules) ?? image]),
);

beforeAll(async () => {
  await setUpNamespaces(env, api);
  const { objects: policy, notes } = generatePolicy(builtinRules, {
    ...policyOptions,
    mode: 'warn',
    mutateTemplates: true,
  });
  expect(notes.join(' ')).toContain('GitOps tools (Argo CD, Flux) will report drift');
  await applyPolicy(env, policy);
  // Mutation takes effect when the policy has synced: wait for a dry-run Deployment to come back rewritten.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await api.create(objects['Deployment']!.object);
    const spec = objects['Deployment']!.spec(response.body as Record<string, unknown>) as typeof podSpec;
    if (spec?.containers?.[0]?.image === expected['app']) break;
    if (Date.now() > deadline)
      throw new Error('the MutatingAdmissionPolicy never took effect on a Deployment');
    await new Promise((r) => setTimeout(r, 300));
  }
});

afterAll(async () => {
  await removePolicies(env, api);
});

describe('--mutate-templates rewrites every pod template as the rules say', () => {
  it.each(Object.keys(objects))('%s, as admission returns it', async (kind) => {
    const { object, spec } = objects[kind]!;
    const response = await api.create(object);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const stored = spec(response.body as Record<string, unknown>) as typeof podSpec;
    const byName = Object.fromEntries(
      [...stored.initContainers, ...stored.containers].map((c) => [c.name, c.image]),
    );
    expect(byName).toEqual(expected);
    expect(byName['app']).toBe('registry.k8s.io/pause:3.2');
    expect(byName['lookalike']).toBe(images.lookalike);
  });
});
