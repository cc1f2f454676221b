import { describe, expect, it } from 'vitest';
import { applyMatch, builtinRules, matchRule, parseRuleFlag, ruleNeedles } from '../../src/rules/index.js';

describe('built-in rules', () => {
  it.each([
    ['k8s.gcr.io/pause:3.2', 'registry.k8s.io/pause:3.2'],
    ['k8s.gcr.io', 'registry.k8s.io'],
    ['gcr.io/google-containers/pause:3.1', 'registry.k8s.io/pause:3.1'],
    ['gcr.io/google_containers/hyperkube:v1.16.0', 'registry.k8s.io/hyperkube:v1.16.0'],
    [
      'gcr.io/k8s-artifacts-prod/ingress-nginx/controller:v1.2.1',
      'registry.k8s.io/ingress-nginx/controller:v1.2.1',
    ],
    ['us.gcr.io/k8s-artifacts-prod/pause:3.7', 'registry.k8s.io/pause:3.7'],
    ['eu.gcr.io/k8s-artifacts-prod/pause:3.7', 'registry.k8s.io/pause:3.7'],
    ['asia.gcr.io/k8s-artifacts-prod/pause:3.7', 'registry.k8s.io/pause:3.7'],
    ['K8S.GCR.IO/pause:3.2', 'registry.k8s.io/pause:3.2'],
    [`k8s.gcr.io/pause@sha256:${'a'.repeat(64)}`, `registry.k8s.io/pause@sha256:${'a'.repeat(64)}`],
  ])('%s → %s', (text, expected) => {
    const match = matchRule(text, builtinRules);
    expect(match?.rule.id).toBe('k8s.gcr.io');
    expect(applyMatch(text, match!)).toBe(expected);
  });

  it.each([
    'notk8s.gcr.io/x',
    'k8s.gcr.io.evil.example/x',
    'k8s.gcr.io-mirror/x',
    'k8s.gcr.io:5000/x',
    'gcr.io/google-containers-extra/x',
    'gcr.io/other/pause:3.2',
    'registry.k8s.io/pause:3.9',
    'ghcr.io/a/k8s.gcr.io-mirror',
    'xk8s.gcr.io',
  ])('does not match the lookalike %s', (text) => {
    expect(matchRule(text, builtinRules)).toBeUndefined();
  });

  it('prefers the longest prefix', () => {
    const rules = [...builtinRules, parseRuleFlag('k8s.gcr.io/ingress-nginx=registry.example.com/ingress')];
    const match = matchRule('k8s.gcr.io/ingress-nginx/controller:v1', rules)!;
    expect(applyMatch('k8s.gcr.io/ingress-nginx/controller:v1', match)).toBe(
      'registry.example.com/ingress/controller:v1',
    );
  });
});

describe('user rules', () => {
  const bitnami = [parseRuleFlag('docker.io/bitnami=docker.io/bitnamilegacy')];

  it('matches Docker Hub references with or without the host', () => {
    expect(applyMatch('docker.io/bitnami/redis:7', matchRule('docker.io/bitnami/redis:7', bitnami)!)).toBe(
      'docker.io/bitnamilegacy/redis:7',
    );
    expect(applyMatch('bitnami/redis:7', matchRule('bitnami/redis:7', bitnami)!)).toBe(
      'bitnamilegacy/redis:7',
    );
    expect(
      applyMatch('index.docker.io/bitnami/redis', matchRule('index.docker.io/bitnami/redis', bitnami)!),
    ).toBe('index.docker.io/bitnamilegacy/redis');
  });

  it('rejects a --rule that is not FROM=TO with clear advice', () => {
    expect(() => parseRuleFlag('k8s.gcr.io')).toThrow(
      expect.objectContaining({
        code: 'RULE_INVALID',
        hint: expect.stringContaining('--rule docker.io/bitnami='),
      }),
    );
    expect(() => parseRuleFlag('k8s.gcr.io/pause:3.2=registry.k8s.io')).toThrow(/not FROM=TO/);
  });

  it('moves a whole Docker Hub host in each of its names, but not names written without one', () => {
    const hub = [parseRuleFlag('docker.io=mirror.example.com/hub')];
    expect(ruleNeedles(hub)).toEqual(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
    const text = 'index.docker.io/library/nginx:1.25';
    expect(applyMatch(text, matchRule(text, hub)!)).toBe('mirror.example.com/hub/library/nginx:1.25');
    expect(matchRule('nginx:1.25', hub)).toBeUndefined();
  });

  it('searches the needles of every spelling', () => {
    expect(ruleNeedles(bitnami)).toEqual(
      expect.arrayContaining(['docker.io/bitnami', 'bitnami', 'index.docker.io/bitnami']),
    );
  });
});
