import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isRegshiftError } from '../../src/errors.js';
import { generatePolicy } from '../../src/policy/index.js';
import { builtinRules } from '../../src/rules/builtin.js';
import { runCli } from '../cli/run.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests read generated objects field by field
type Any = Record<string, any>;
const objectsOf = (options: Parameters<typeof generatePolicy>[1]) =>
  generatePolicy(builtinRules, options).objects as Any[];

describe('generatePolicy (vap)', () => {
  it('defaults to a ValidatingAdmissionPolicy and a binding in Warn mode, failing open', () => {
    const [policy, binding] = objectsOf({});
    expect(policy!.kind).toBe('ValidatingAdmissionPolicy');
    expect(policy!.spec.failurePolicy).toBe('Ignore');
    expect(binding!.kind).toBe('ValidatingAdmissionPolicyBinding');
    expect(binding!.spec).toEqual({ policyName: policy!.metadata.name, validationActions: ['Warn'] });
    expect(generatePolicy(builtinRules).notes.join(' ')).toContain('--mode deny');
  });

  it.each([
    ['deny', ['Deny'], 'Fail'],
    ['audit', ['Audit'], 'Ignore'],
  ] as const)('%s mode', (mode, actions, failurePolicy) => {
    const [policy, binding] = objectsOf({ mode });
    expect(binding!.spec.validationActions).toEqual(actions);
    expect(policy!.spec.failurePolicy).toBe(failurePolicy);
  });

  it('matches Pods, their ephemeral containers subresource and every pod template kind', () => {
    const [policy] = objectsOf({});
    const resources = (policy!.spec.matchConstraints.resourceRules as Any[]).flatMap((r) =>
      (r.resources as string[]).map((x) => `${r.apiGroups[0]}/${x}`),
    );
    expect(resources.sort()).toEqual(
      [
        '/pods',
        '/pods/ephemeralcontainers',
        '/podtemplates',
        '/replicationcontrollers',
        'apps/daemonsets',
        'apps/deployments',
        'apps/replicasets',
        'apps/statefulsets',
        'batch/cronjobs',
        'batch/jobs',
      ].sort(),
    );
  });

  it('exempts namespaces by name and objects or namespaces by label', () => {
    const [policy] = objectsOf({
      excludeNamespaces: ['kube-system', 'legacy'],
      exemptLabel: 'example.com/skip',
    });
    const { namespaceSelector, objectSelector } = policy!.spec.matchConstraints;
    expect(namespaceSelector.matchExpressions).toEqual([
      { key: 'example.com/skip', operator: 'NotIn', values: ['true'] },
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'legacy'] },
    ]);
    expect(objectSelector.matchExpressions).toEqual([
      { key: 'example.com/skip', operator: 'NotIn', values: ['true'] },
    ]);
  });

  it('adds a MutatingAdmissionPolicy for Pods with --mutate', () => {
    const objects = objectsOf({ mutate: true });
    expect(objects.map((o) => o.kind)).toEqual([
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
      'MutatingAdmissionPolicy',
      'MutatingAdmissionPolicyBinding',
    ]);
    expect(objects[2]!.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(objects[2]!.spec.matchConstraints.resourceRules[0].resources).toEqual([
      'pods',
      'pods/ephemeralcontainers',
    ]);
  });

  it.each([
    [{ mode: 'block' }, 'POLICY_MODE'],
    [{ engine: 'opa' }, 'POLICY_ENGINE'],
    [{ excludeNamespaces: ['Bad_NS'] }, 'POLICY_NAMESPACE'],
    [{ excludeImages: ['k8s.gcr.io/pause:3.2'] }, 'POLICY_EXCLUDE_IMAGE'],
    [{ exemptLabel: 'bad label' }, 'POLICY_LABEL'],
  ])('refuses %j', (options, code) => {
    let caught: unknown;
    try {
      generatePolicy(builtinRules, options as never);
    } catch (error) {
      caught = error;
    }
    expect(isRegshiftError(caught) && caught.code).toBe(code);
  });

  it('refuses an empty rule set', () => {
    expect(() => generatePolicy([])).toThrow(/no rules/);
  });
});

describe('regshift policy', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'regshift-policy-cli-'));

  it('prints the objects as YAML documents, after comments saying how to move to deny', async () => {
    const result = await runCli(['policy'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# .*\n# Warn mode/);
    const docs = parseAllDocuments(result.stdout).map((d) => d.toJS());
    expect(docs.filter((d) => d !== null)).toEqual(generatePolicy(builtinRules).objects);
  });

  it('prints JSON as the envelope, which is also a v1 List', async () => {
    const result = await runCli(
      ['policy', '-o', 'json', '--mode', 'deny', '--rule', 'docker.io/bitnami=docker.io/bitnamilegacy'],
      { cwd },
    );
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ command: 'policy', apiVersion: 'v1', kind: 'List', errors: [] });
    expect(out.summary).toEqual({ objects: 2, engine: 'vap', mode: 'deny' });
    expect(JSON.stringify(out.items)).toContain('bitnami');
  });

  it.each([
    [['--mode', 'block'], /--mode block: choose one of warn, deny, audit/],
    [['--engine', 'opa'], /--engine opa: choose one of vap, kyverno, gatekeeper/],
    [['-o', 'table'], /-o table: choose one of yaml, json/],
    [['--bogus'], /unknown option --bogus/],
    [['extra'], /unexpected argument "extra"/],
    [['--exclude-image', 'k8s.gcr.io/pause:3.2'], /is not an image prefix/],
  ])('%j is a usage error', async (args, message) => {
    const result = await runCli(['policy', ...args], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('--help describes the modes and coverage', async () => {
    const result = await runCli(['policy', '--help'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('pods/ephemeralcontainers');
    expect(result.stdout).toContain('--mode MODE');
  });
});

describe('regshift policy --check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regshift-policy-check-'));
  writeFileSync(
    join(dir, 'deploy.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  template:',
      '    spec:',
      '      initContainers: [{name: init, image: k8s.gcr.io/busybox:1.28}]',
      '      containers: [{name: app, image: k8s.gcr.io/pause:3.2}]',
      '',
    ].join('\n'),
  );
  // Found by scan, but never admitted by an API server: not what the policy would act on.
  writeFileSync(join(dir, 'Dockerfile'), 'FROM k8s.gcr.io/debian-base:v2.0.0\n');

  it('lists the container images the policy would act on, and exits 1', async () => {
    const result = await runCli(['policy', '--check', '.', '-o', 'json'], { cwd: dir });
    expect(result.code).toBe(1);
    const images = JSON.parse(result.stdout).findings.map((f: Any) => f.image);
    expect(images.sort()).toEqual(['k8s.gcr.io/busybox:1.28', 'k8s.gcr.io/pause:3.2']);
  });

  it('applies --exclude-image as the policy would, and exits 0 when nothing is left', async () => {
    const result = await runCli(
      ['policy', '--check', '--exclude-image', 'k8s.gcr.io/pause', '--exclude-image', 'k8s.gcr.io/busybox'],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('0 findings');
  });
});

describe('regshift policy --check on nothing readable', () => {
  it('exits 2 rather than passing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'regshift-policy-check-missing-'));
    const result = await runCli(['policy', '--check', 'does-not-exist'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('does-not-exist');
  });
});
