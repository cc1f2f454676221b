import { describe, expect, it } from 'vitest';
import {
  normalizedName,
  normalizedReference,
  parseReference,
  tryParseReference,
} from '../../src/reference/index.js';

const sha = `sha256:${'f'.repeat(64)}`;

// [text, domain, path, tag, digest] — cases from distribution/reference's own tests and the grammar's corners.
const valid: [string, string, string, string | undefined, string | undefined][] = [
  ['test_com', '', 'test_com', undefined, undefined],
  ['test.com:tag', '', 'test.com', 'tag', undefined],
  ['test.com:5000', '', 'test.com', '5000', undefined],
  ['test.com/repo:tag', 'test.com', 'repo', 'tag', undefined],
  ['test:5000/repo', 'test:5000', 'repo', undefined, undefined],
  ['test:5000/repo:tag', 'test:5000', 'repo', 'tag', undefined],
  [`test:5000/repo@${sha}`, 'test:5000', 'repo', undefined, sha],
  [`test:5000/repo:tag@${sha}`, 'test:5000', 'repo', 'tag', sha],
  ['lowercase:Uppercase', '', 'lowercase', 'Uppercase', undefined],
  ['foo_bar.com:8080', '', 'foo_bar.com', '8080', undefined],
  ['foo/foo_bar.com:8080', '', 'foo/foo_bar.com', '8080', undefined],
  ['[2001:db8::1]/repo', '[2001:db8::1]', 'repo', undefined, undefined],
  ['[2001:db8::1]:5000/repo:tag', '[2001:db8::1]:5000', 'repo', 'tag', undefined],
  ['[fe80:0:0:0:0:0:0:0]:5000/repo', '[fe80:0:0:0:0:0:0:0]:5000', 'repo', undefined, undefined],
  ['localhost/repo', 'localhost', 'repo', undefined, undefined],
  ['localhost:5000/repo', 'localhost:5000', 'repo', undefined, undefined],
  ['xn--n3h.com/myimage:xn--n3h.com', 'xn--n3h.com', 'myimage', 'xn--n3h.com', undefined],
  ['Foo/bar', 'Foo', 'bar', undefined, undefined],
  [
    'k8s.gcr.io/metrics-server/metrics-server:v0.6.1',
    'k8s.gcr.io',
    'metrics-server/metrics-server',
    'v0.6.1',
    undefined,
  ],
  ['gcr.io/google_containers/pause-amd64:3.1', 'gcr.io', 'google_containers/pause-amd64', '3.1', undefined],
  ['a__b/c---d/e.f', '', 'a__b/c---d/e.f', undefined, undefined],
  [`validname@invalidalgo:${'f'.repeat(32)}`, '', 'validname', undefined, `invalidalgo:${'f'.repeat(32)}`],
  [`repo:${'t'.repeat(128)}`, '', 'repo', 't'.repeat(128), undefined],
];

const invalid: [string, string][] = [
  ['', 'REFERENCE_EMPTY'],
  [':justtag', 'REFERENCE_INVALID'],
  [`@${sha}`, 'REFERENCE_INVALID'],
  ['Uppercase:tag', 'REFERENCE_NAME_UPPERCASE'],
  ['aa/asdf$$^/aa', 'REFERENCE_INVALID'],
  ['[fe80::1%eth0]:5000/repo', 'REFERENCE_INVALID'],
  ['test:5000/repo:tag:more', 'REFERENCE_INVALID'],
  ['repo@sha256:abc', 'REFERENCE_INVALID'],
  [`repo:${'t'.repeat(129)}`, 'REFERENCE_INVALID'],
  ['foo/bar:', 'REFERENCE_INVALID'],
  ['-foo/bar', 'REFERENCE_INVALID'],
  ['foo//bar', 'REFERENCE_INVALID'],
  ['foo/bar/', 'REFERENCE_INVALID'],
  ['foo_/bar', 'REFERENCE_INVALID'],
  ['foo/ba___r', 'REFERENCE_INVALID'],
  ['foo/UPPER', 'REFERENCE_NAME_UPPERCASE'],
  [`${'a/'.repeat(128)}a`, 'REFERENCE_NAME_TOO_LONG'],
];

describe('parseReference', () => {
  it.each(valid)('parses %s', (text, domain, path, tag, digest) => {
    expect(parseReference(text)).toEqual({ domain, path, tag, digest });
  });

  it.each(invalid)('rejects %j with %s', (text, code) => {
    const result = tryParseReference(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe(code);
    expect(() => parseReference(text)).toThrow(
      expect.objectContaining({ code, hint: expect.stringContaining('registry.k8s.io/pause') }),
    );
  });

  it('accepts a name of exactly 255 characters and rejects 256', () => {
    const name255 = `${'a/'.repeat(127)}a`;
    expect(name255).toHaveLength(255);
    expect(tryParseReference(name255).ok).toBe(true);
    expect(tryParseReference(`${name255}a`).ok).toBe(false);
  });
});

describe('normalisation', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx', 'docker.io/library/nginx:latest'],
    ['bitnami/nginx:1.25', 'docker.io/bitnami/nginx', 'docker.io/bitnami/nginx:1.25'],
    ['index.docker.io/nginx', 'docker.io/library/nginx', 'docker.io/library/nginx:latest'],
    ['k8s.gcr.io/pause:3.2', 'k8s.gcr.io/pause', 'k8s.gcr.io/pause:3.2'],
    [`localhost:5000/app@${sha}`, 'localhost:5000/app', `localhost:5000/app@${sha}`],
  ])('%s → %s', (text, name, full) => {
    const ref = parseReference(text);
    expect(normalizedName(ref)).toBe(name);
    expect(normalizedReference(ref)).toBe(full);
  });
});
