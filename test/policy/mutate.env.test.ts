// MutatingAdmissionPolicy from `generatePolicy --mutate`, in the real kube-apiserver: Pods as stored
// carry the replacement scan gives for each moved image (all three lists), and nothing else changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePolicy } from '../../src/policy/index.js';
import { builtinRules } from '../../src/rules/builtin.js';
import { testEnv } from '../env/index.js';
import { apiClient } from './api.js';
import { excludedImagePrefix, exemptLabel, fixtures, namespaces, policyRules } from './fixtures.js';
import { expectedMoves, type MovedImage } from './oracle.js';
import { applyPolicy, policyOptions, recordVerdict, removePolicies, setUpNamespaces } from './setup.js';

const env = testEnv();
const api = apiClient(env.kubeconfig);
const rules = [...builtinRules, ...policyRules];
const run = Date.now().toString(36);
let expected: Map<string, MovedImage[]>;

type PodBody = { spec: Record<string, { name: string; image: string }[] | undefined> };
const lists = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/** Each container's image as the oracle says it must be stored: its replacement if scan found it. */
function expectedImages(pod: PodBody, moved: readonly MovedImage[]): Record<string, string> {
  const images: Record<string, string> = {};
  for (const list of lists) {
    (pod.spec[list] ?? []).forEach((c, i) => {
      const found = moved.find((m) => m.context === `spec.${list}[${i}].image`);
      images[`${list}/${c.name}`] = found?.replacement ?? c.image;
    });
  }
  return images;
}

function storedImages(pod: PodBody): Record<string, string> {
  const images: Record<string, string> = {};
  for (const list of lists) for (const c of pod.spec[list] ?? []) images[`${list}/${c.name}`] = c.image;
  return images;
}

beforeAll(async () => {
  await setUpNamespaces(env, api);
  expected = await expectedMoves(fixtures, rules, {
    excludeNamespaces: [namespaces.excluded],
    excludeImages: [excludedImagePrefix],
    exemptLabel,
    optOutNamespaces: [namespaces.optOut],
  });
  await applyPolicy(env, generatePolicy(rules, { ...policyOptions, mode: 'warn', mutate: true }).objects);
  // Mutation takes effect when the policy has synced: wait for a dry run to come back rewritten.
  const probe = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'mutate-probe', namespace: namespaces.main },
    spec: { containers: [{ name: 'probe', image: 'k8s.gcr.io/pause:3.2' }] },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await api.create(probe);
    if (
      (response.body as unknown as PodBody).spec?.['containers']?.[0]?.image === 'registry.k8s.io/pause:3.2'
    )
      break;
    if (Date.now() > deadline) throw new Error('the MutatingAdmissionPolicy never took effect');
    await new Promise((r) => setTimeout(r, 300));
  }
});

afterAll(async () => {
  await removePolicies(env, api);
});

const pods = fixtures.filter((f) => f.object.kind === 'Pod' && !f.ephemeral);

describe('MutatingAdmissionPolicy rewrites Pods as scan would', () => {
  it.each(pods.map((f) => [f.id, f] as const))('%s, as stored', async (_id, fixture) => {
    const object = {
      ...fixture.object,
      metadata: { ...fixture.object.metadata, name: `${fixture.id}-${run}` },
    };
    const created = await api.create(object, false);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // Mutation runs before validation: the warn-mode policy then sees only what could not be rewritten.
    const unrewritable = expected.get(fixture.id)!.filter((m) => m.replacement === null);
    expect(created.warnings.length > 0).toBe(unrewritable.length > 0);
    const stored = (await api.get(object)).body as unknown as PodBody;
    const want = expectedImages(fixture.object as unknown as PodBody, expected.get(fixture.id)!);
    const moved = expected.get(fixture.id)!.some((m) => m.replacement !== null);
    recordVerdict(
      'map',
      'mutate',
      fixture.id,
      moved ? 'rewritten' : 'untouched',
      JSON.stringify(storedImages(stored)) === JSON.stringify(want)
        ? moved
          ? 'rewritten'
          : 'untouched'
        : 'wrong',
    );
    expect(storedImages(stored)).toEqual(want);
    await api.remove(object);
  });

  it.each(fixtures.filter((f) => f.ephemeral).map((f) => [f.id, f] as const))(
    '%s: the ephemeral container as stored',
    async (_id, fixture) => {
      const name = `debugger-${run}`;
      const response = await api.addEphemeral(fixture.object, { ...fixture.ephemeral!, name }, false);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const stored = (await api.get(fixture.object)).body as unknown as PodBody;
      const image = stored.spec['ephemeralContainers']!.find((c) => c.name === name)!.image;
      const moved = expected.get(fixture.id)!;
      recordVerdict(
        'map',
        'mutate',
        fixture.id,
        moved.length > 0 ? 'rewritten' : 'untouched',
        image === (moved[0]?.replacement ?? fixture.ephemeral!.image)
          ? moved.length > 0
            ? 'rewritten'
            : 'untouched'
          : 'wrong',
      );
      expect(image).toBe(moved[0]?.replacement ?? fixture.ephemeral!.image);
    },
  );
});
