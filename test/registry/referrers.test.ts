import { describe, expect, it } from 'vitest';
import {
  cosignTags,
  isReferrerTag,
  referrerDescriptors,
  referrersIndex,
  referrersTag,
} from '../../src/registry/referrers.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

describe('referrer names', () => {
  it('names the tag-schema tag and cosign tags after the digest', () => {
    expect(referrersTag(d('a'))).toBe(`sha256-${'a'.repeat(64)}`);
    expect(cosignTags(d('a'))).toEqual(['.sig', '.att', '.sbom'].map((s) => `sha256-${'a'.repeat(64)}${s}`));
    expect(isReferrerTag(`sha256-${'a'.repeat(64)}`)).toBe(true);
    expect(isReferrerTag(`sha256-${'a'.repeat(64)}.att`)).toBe(true);
    expect(isReferrerTag('sha256-abc')).toBe(false);
    expect(isReferrerTag('v1.0')).toBe(false);
  });
});

describe('referrerDescriptors', () => {
  const index = (manifests: unknown) => Buffer.from(JSON.stringify({ schemaVersion: 2, manifests }));

  it('returns checked entries', () => {
    const entry = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: d('b'), size: 10 };
    expect(referrerDescriptors(index([entry]), 'h', 'w')).toEqual([entry]);
  });

  it('refuses a digest that could steer a URL, a bad size, and non-JSON', () => {
    expect(() => referrerDescriptors(index([{ digest: '../../x', size: 1 }]), 'h', 'w')).toThrow(
      /invalid digest/,
    );
    expect(() => referrerDescriptors(index([{ digest: d('c'), size: -1 }]), 'h', 'w')).toThrow(/size/);
    expect(() => referrerDescriptors(Buffer.from('<html>'), 'h', 'w')).toThrow(/not JSON/);
  });
});

describe('referrersIndex', () => {
  it('lists each referrer once, in digest order, whatever order they came in', () => {
    const a = { mediaType: 'm', digest: d('a'), size: 1, artifactType: 't' };
    const b = { mediaType: 'm', digest: d('b'), size: 2 };
    const one = referrersIndex([b, a, b]);
    expect(one.equals(referrersIndex([a, b]))).toBe(true);
    const json = JSON.parse(one.toString());
    expect(json.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(json.manifests.map((m: { digest: string }) => m.digest)).toEqual([d('a'), d('b')]);
    expect(json.manifests[0].artifactType).toBe('t');
  });
});
