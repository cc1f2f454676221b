import { describe, expect, it } from 'vitest';
import {
  coversPrefix,
  matchRule,
  moveOf,
  packRules,
  type RulePack,
  resolveRules,
  rulePacks,
  splitWritten,
} from '../../src/rules/index.js';

/** Every pack's rules with placeholder values for its variables, so prefixes are concrete. */
function filled(pack: RulePack) {
  const values = Object.fromEntries(Object.keys(pack.variables ?? {}).map((k) => [k, 'some-project']));
  return packRules(pack, values);
}

describe('the shipped rule packs (data)', () => {
  it.each(rulePacks.map((p) => [p.name, p] as const))(
    '%s: every rule is dated, sourced and has an action',
    (_, pack) => {
      expect(pack.rules.length).toBeGreaterThan(0);
      expect(pack.title.length).toBeGreaterThan(10);
      for (const rule of [...filled(pack), ...packRules(pack, {})]) {
        expect(rule.since).toMatch(/^20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
        expect(Number.isNaN(Date.parse(rule.since!))).toBe(false);
        expect(new URL(rule.source!).protocol).toBe('https:');
        expect(['rewrite', 'report']).toContain(rule.action);
        expect(rule.pack).toBe(pack.name);
        // A rewrite needs a target; a target never lies inside its own source.
        if (rule.action === 'rewrite') expect(rule.to).not.toBeNull();
        if (rule.to !== null) expect(coversPrefix(rule.from, rule.to)).toBe(false);
        for (const path of rule.exceptRepositories ?? []) expect(path).toMatch(/^[a-z0-9._/-]+$/);
        // A rule without a drop-in says what to do instead.
        if (rule.action === 'report') expect(rule.note ?? '').not.toBe('');
      }
      for (const name of Object.keys(pack.variables ?? {}))
        expect(pack.rules.some((r) => r.from.includes(`{${name}}`))).toBe(true);
    },
  );

  it('has unique pack names, and packs that overlap say which one overrides the other', () => {
    const names = rulePacks.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const a of rulePacks) {
      for (const other of a.overrides ?? []) expect(names).toContain(other);
      for (const b of rulePacks) {
        if (a === b) continue;
        for (const ra of [...filled(a), ...packRules(a, {})]) {
          for (const rb of [...filled(b), ...packRules(b, {})]) {
            // `gcr.io/{project}` stands for any project: compare it as its host with any first component.
            const wide = (p: RulePack, from: string) =>
              (p.variables && !from.includes('/')) || from.includes('some-project');
            const overlap =
              coversPrefix(rb.from, ra.from) ||
              (wide(b, rb.from) && splitWritten(ra.from).canonical === splitWritten(rb.from).canonical);
            if (!overlap) continue;
            // ra is the narrower prefix: its pack must declare that it overrides b.
            expect(a.overrides ?? [], `${ra.from} (${a.name}) inside ${rb.from} (${b.name})`).toContain(
              b.name,
            );
          }
        }
      }
    }
  });

  it('keeps the k8s.gcr.io pack on by default and the others off', () => {
    expect(rulePacks.filter((p) => p.defaultOn).map((p) => p.name)).toEqual(['k8s.gcr.io']);
    expect(new Set(resolveRules(undefined).map((r) => r.pack))).toEqual(new Set(['k8s.gcr.io']));
  });
});

const withPacks = (...packs: string[]) => resolveRules(undefined, [], packs);
function moved(text: string, rules = withPacks(...rulePacks.map((p) => p.name))) {
  const match = matchRule(text, rules);
  if (!match) return undefined;
  const move = moveOf(text, match);
  return { pack: match.rule.pack, action: match.rule.action, target: move.target, note: move.note };
}

describe('bitnami', () => {
  const bitnami = withPacks('bitnami');
  it.each([
    ['bitnami/redis:7.2.4-debian-12-r9', 'bitnamilegacy/redis:7.2.4-debian-12-r9'],
    ['docker.io/bitnami/redis:7.2.4', 'docker.io/bitnamilegacy/redis:7.2.4'],
    ['index.docker.io/bitnami/postgresql:16', 'index.docker.io/bitnamilegacy/postgresql:16'],
    ['registry-1.docker.io/bitnami/kafka:3.7', 'registry-1.docker.io/bitnamilegacy/kafka:3.7'],
    [
      'DOCKER.IO/bitnami/redis@sha256:' + 'a'.repeat(64),
      'DOCKER.IO/bitnamilegacy/redis@sha256:' + 'a'.repeat(64),
    ],
    ['bitnami/redis:11.0.7-debian-11-r1', 'bitnamilegacy/redis:11.0.7-debian-11-r1'],
    ['bitnami/minideb-extras:jessie', 'bitnamilegacy/minideb-extras:jessie'],
  ])('%s → %s', (text, expected) => {
    expect(moved(text, bitnami)).toMatchObject({ pack: 'bitnami', action: 'rewrite', target: expected });
  });

  it.each([
    'bitnami/postgresql:11.14.0-debian-10-r22',
    'docker.io/bitnami/redis:4.0.9-debian-9-r1',
    'bitnami/mongodb:3.6.8-debian-8-r0',
    'bitnami/mariadb:10.1.36-centos-7-r1',
    'bitnami/nginx:1.14.0-ol-7-r12',
    'bitnami/nginx:1.16-debian-10',
  ])('%s: not copied, so no target and never rewritten', (text) => {
    const result = moved(text, bitnami)!;
    expect(result.target).toBeNull();
    expect(result.note).toMatch(/^no target: this tag \(.+\) was not copied to docker\.io\/bitnamilegacy/);
  });

  it.each([
    'quay.io/bitnami/redis:7',
    'docker.io/bitnamilegacy/redis:7',
    'docker.io/bitnami-labs/sealed-secrets:0.24',
    'bitnamisecure/redis:latest',
    'bitnami/minideb:bookworm',
    'docker.io/bitnami/sealed-secrets-controller:0.27.1',
    'bitnami/sealed-secrets-kubeseal:0.27.1',
    'ghcr.io/x/bitnami/redis:7',
    'docker.io/library/redis:7',
    'docker.io.evil.example/bitnami/redis:7',
    'notdocker.io/bitnami/redis:7',
    'docker.io:5000/bitnami/redis:7',
    'library/bitnami:1',
  ])('does not move %s', (text) => {
    expect(moved(text, bitnami)).toBeUndefined();
  });
});

describe('the other packs', () => {
  it.each([
    ['public.ecr.aws/bitnami/redis:7.0', 'bitnami-ecr-public', null],
    [
      'gcr.io/kubebuilder/kube-rbac-proxy:v0.13.1',
      'kube-rbac-proxy',
      'quay.io/brancz/kube-rbac-proxy:v0.13.1',
    ],
    [
      'quay.io/coreos/kube-state-metrics:v1.9.8',
      'coreos-quay',
      'registry.k8s.io/kube-state-metrics/kube-state-metrics:v1.9.8',
    ],
    [
      'quay.io/coreos/prometheus-operator:v0.40.0',
      'coreos-quay',
      'quay.io/prometheus-operator/prometheus-operator:v0.40.0',
    ],
  ])('%s is reported by %s, never rewritten', (text, pack, suggestion) => {
    expect(moved(text)).toMatchObject({
      pack,
      action: 'report',
      target: suggestion,
      note: expect.any(String),
    });
  });

  it.each([
    'public.ecr.aws/bitnamilegacy/redis:7',
    'public.ecr.aws.evil.example/bitnami/redis:7',
    'gcr.io/kubebuilder:v1',
    'gcr.io/kubebuilder/kube-rbac-proxy-other:v1',
    'quay.io/brancz/kube-rbac-proxy:v0.13.1',
    'quay.io/coreos/etcd:v3.5.0',
    'quay.io/prometheus-operator/prometheus-operator:v0.70.0',
    'quay.io/coreos/kube-state-metrics-extra:v1',
  ])('does not match %s', (text) => {
    expect(moved(text, withPacks('bitnami-ecr-public', 'kube-rbac-proxy', 'coreos-quay'))).toBeUndefined();
  });

  it('the gcr pack reports every project until variables.project is set, then moves only that project', () => {
    const unfilled = withPacks('gcr');
    expect(moved('gcr.io/acme/app:1', unfilled)).toMatchObject({
      action: 'report',
      target: null,
      note: expect.stringContaining('variables.project'),
    });
    const config = { rules: [], builtin: true, packs: ['gcr'], variables: { project: 'acme' } };
    const rules = resolveRules(config);
    expect(moved('gcr.io/acme/app:1', rules)?.target).toBe('us-docker.pkg.dev/acme/gcr.io/app:1');
    expect(moved('asia.gcr.io/acme/app:1', rules)?.target).toBe('asia-docker.pkg.dev/acme/asia.gcr.io/app:1');
    expect(moved('gcr.io/other/app:1', rules)).toBeUndefined();
    expect(moved('gcr.io/google-containers/pause:3.1', rules)?.target).toBe('registry.k8s.io/pause:3.1');
    expect(() => resolveRules({ ...config, variables: { project: 'Not/One' } })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('refuses an unknown pack with the names it knows', () => {
    expect(() => withPacks('bitnamy')).toThrow(
      expect.objectContaining({
        code: 'PACK_UNKNOWN',
        hint: expect.stringContaining('bitnami, bitnami-ecr-public'),
      }),
    );
  });
});
