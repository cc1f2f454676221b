import { describe, expect, it } from 'vitest';
import { selectTags, tagVersion } from '../../src/mirror/index.js';
import { checkTagFilter, parseRepo } from '../../src/mirror/repos.js';

const tags = [
  'latest',
  'v1.29.9',
  'v1.30.0',
  'v1.30.2',
  'v1.30.10',
  'v1.31.0-rc.1',
  'v1.31.0',
  '3.9',
  `sha256-${'a'.repeat(64)}`,
  `sha256-${'a'.repeat(64)}.sig`,
  `sha256-${'b'.repeat(64)}.att`,
];

describe('selectTags', () => {
  it('keeps every image tag but no referrer tags when nothing filters', () => {
    expect(selectTags(tags, {})).toEqual(tags.slice(0, 8));
  });

  it('matches --tags against the whole tag', () => {
    expect(selectTags(tags, { tags: 'v1\\.30\\.\\d+' })).toEqual(['v1.30.0', 'v1.30.2', 'v1.30.10']);
    expect(selectTags(tags, { tags: '1\\.30' })).toEqual([]);
  });

  it('keeps versions in a semver range, leaving out pre-releases and non-versions', () => {
    expect(selectTags(tags, { semver: '>=1.30.0 <1.31.0' })).toEqual(['v1.30.0', 'v1.30.2', 'v1.30.10']);
    expect(selectTags(tags, { semver: '^3' })).toEqual(['3.9']);
  });

  it('orders --latest by version, not by text', () => {
    expect(selectTags(tags, { latest: 2, tags: 'v.*' })).toEqual(['v1.31.0', 'v1.30.10']);
    expect(selectTags(tags, { latest: 2, semver: '1.30.x' })).toEqual(['v1.30.10', 'v1.30.2']);
  });
});

describe('tagVersion', () => {
  it('reads v-prefixed, short and pre-release versions, and nothing else', () => {
    expect(tagVersion('v1.30.2')?.version).toBe('1.30.2');
    expect(tagVersion('3.9')?.version).toBe('3.9.0');
    expect(tagVersion('v2')?.version).toBe('2.0.0');
    expect(tagVersion('1.2.3-rc.1')?.prerelease).toEqual(['rc', 1]);
    expect(tagVersion('latest')).toBeUndefined();
    expect(tagVersion('3.9-alpine3.18')).toBeUndefined();
  });
});

describe('checkTagFilter and parseRepo', () => {
  it('rejects bad filters with a hint', () => {
    expect(() => checkTagFilter({ tags: '(' })).toThrow(/--tags \(/);
    expect(() => checkTagFilter({ semver: 'not a range' })).toThrow(/not a version range/);
    expect(() => checkTagFilter({ latest: 0 })).toThrow(/--latest 0/);
  });

  it('takes a repository, not an image with a tag, and lists it where its rule moves it', () => {
    expect(() => parseRepo('registry.k8s.io/pause:3.9', [], false)).toThrow(/not a repository name/);
    const rules = [{ id: 'r', from: 'k8s.gcr.io', to: 'registry.k8s.io' }] as never;
    expect(parseRepo('k8s.gcr.io/pause', rules, false)).toMatchObject({
      registry: 'registry.k8s.io',
      repository: 'pause',
      repo: 'k8s.gcr.io/pause',
    });
    expect(parseRepo('k8s.gcr.io/pause', rules, true)).toMatchObject({ registry: 'k8s.gcr.io' });
  });
});
