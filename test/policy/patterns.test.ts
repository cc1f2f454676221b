import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../src/rules/builtin.js';
import { applyMatch, matchRule } from '../../src/rules/match.js';
import type { Rule } from '../../src/rules/types.js';
import { patternMatches, patternReplacement } from './engine-js.js';

const user = (from: string, to: string | null, extra: Partial<Rule> = {}): Rule => ({
  id: from,
  from,
  to,
  action: to === null ? 'report' : 'rewrite',
  builtin: false,
  ...extra,
});

// Built-ins plus user rules that exercise Docker Hub names, a bare host and nested prefixes.
const rules: Rule[] = [
  ...builtinRules,
  user('docker.io/bitnami', 'docker.io/bitnamilegacy', { exceptRepositories: ['minideb', 'sealed-secrets'] }),
  user('docker.io/library/nginx', 'docker.io/library/nginx-legacy'),
  user('docker.io/library/busybox', 'quay.io/mirror/busybox'),
  user('gcr.io', 'mirror.example.com/gcr'),
  user('quay.io/old-org', 'ghcr.io/new-org'),
  user('quay.io/gone', null),
  user('docker.io/library/alpine', null),
  user('registry.example.com:5000/team', 'registry.example.com/team'),
];

const hosts = [
  'k8s.gcr.io',
  'K8S.GCR.IO',
  'K8s.Gcr.Io',
  'gcr.io',
  'GCR.io',
  'us.gcr.io',
  'eu.gcr.io',
  'notk8s.gcr.io',
  'k8s.gcr.io.evil.example',
  'docker.io',
  'DOCKER.IO',
  'index.docker.io',
  'registry-1.docker.io',
  'quay.io',
  'registry.k8s.io',
  'localhost',
  'registry.example.com',
  'bitnami',
  'library',
  'nginx',
  'Bitnami',
];
const ports = ['', '', '', ':443', ':5000', ':4430', ':44'];
const components = [
  'google-containers',
  'google_containers',
  'k8s-artifacts-prod',
  'bitnami',
  'minideb',
  'sealed-secrets',
  'gone',
  'alpine',
  'bitnamilegacy',
  'redis',
  'pause',
  'nginx',
  'busybox',
  'library',
  'old-org',
  'old-org2',
  'team',
  'k8s.gcr.io-mirror',
  'Google-containers',
];
const suffixes = ['', ':3.2', ':latest', `@sha256:${'a'.repeat(64)}`, `:1.0@sha256:${'b'.repeat(64)}`, '@x'];

const image = fc
  .tuple(
    fc.constantFrom(...hosts),
    fc.constantFrom(...ports),
    fc.array(fc.constantFrom(...components), { maxLength: 3 }),
    fc.constantFrom(...suffixes),
    fc.boolean(),
    fc.constantFrom('', '', '', '/x', '/redis:1', '.x/y'),
  )
  .map(
    ([host, port, path, suffix, withHost, tail]) =>
      [...(withHost ? [host + port] : []), ...path].join('/') + suffix + tail,
  )
  .filter((s) => s !== '' && !s.startsWith(':') && !s.startsWith('@'));

function expected(text: string) {
  const match = matchRule(text, rules);
  return match ? applyMatch(text, match) : undefined;
}

describe('generated patterns decide as the scan matcher does', () => {
  it('on every generated image: whether it matches, and what it becomes', () => {
    fc.assert(
      fc.property(image, (text) => {
        expect(patternMatches(text, rules), text).toBe(matchRule(text, rules) !== undefined);
        expect(patternReplacement(text, rules), text).toBe(expected(text));
      }),
      { numRuns: 20000 },
    );
  });

  it.each([
    ['k8s.gcr.io/pause:3.2', 'registry.k8s.io/pause:3.2'],
    ['K8S.GCR.IO/pause:3.2', 'registry.k8s.io/pause:3.2'],
    ['k8s.gcr.io:443/pause', 'registry.k8s.io/pause'],
    [
      'gcr.io/google-containers/pause@sha256:' + 'c'.repeat(64),
      `registry.k8s.io/pause@sha256:${'c'.repeat(64)}`,
    ],
    ['bitnami/redis:7', 'bitnamilegacy/redis:7'],
    ['docker.io/bitnami/redis', 'docker.io/bitnamilegacy/redis'],
    ['nginx:1.25', 'nginx-legacy:1.25'],
    ['notk8s.gcr.io/pause', undefined],
    ['k8s.gcr.io.evil.example/pause', undefined],
    ['k8s.gcr.io:5000/pause', undefined],
    ['ghcr.io/a/k8s.gcr.io-mirror', undefined],
    ['registry.k8s.io/pause:3.2', undefined],
    ['bitnami/minideb:bookworm', undefined],
    ['docker.io/bitnami/minideb', undefined],
    ['bitnami/minideb/x:1', 'bitnamilegacy/minideb/x:1'],
    ['quay.io/gone/app:1', 'quay.io/gone/app:1'],
  ])('%s', (text, replacement) => {
    expect(expected(text)).toBe(replacement);
    expect(patternReplacement(text, rules)).toBe(replacement);
  });
});
