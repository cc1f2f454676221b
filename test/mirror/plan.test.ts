import { describe, expect, it } from 'vitest';
import type { RegshiftError } from '../../src/errors.js';
import {
  mirrorInputsFromText,
  narrowIndex,
  parseDestination,
  parsePlatform,
  planMirror,
} from '../../src/mirror/index.js';
import { renderMirrorTable } from '../../src/report/mirror-table.js';
import { builtinRules, shippedRules } from '../../src/rules/index.js';

const to = parseDestination('mirror.example.com:5000/k8s');

function items(images: { image: string; target?: string }[], options = {}) {
  return planMirror(images, to, { rules: builtinRules, ...options }).map((p) =>
    'item' in p
      ? { target: p.item.target, from: p.item.fetchedFrom, at: p.item.from }
      : { problem: p.problem.message },
  );
}

describe('destination', () => {
  it('splits HOST/PREFIX and trims slashes', () => {
    expect(parseDestination('registry.example.com/a/b/')).toEqual({
      registry: 'registry.example.com',
      prefix: 'a/b',
    });
    expect(parseDestination('localhost:5000')).toEqual({ registry: 'localhost:5000', prefix: '' });
  });

  it('refuses what is not a registry host, with a hint', () => {
    for (const bad of ['mirror', 'mirror/k8s', '', 'host.example.com/UPPER']) {
      const error = (() => {
        try {
          parseDestination(bad);
        } catch (e) {
          return e as RegshiftError;
        }
      })();
      expect(error?.code).toBe('MIRROR_DESTINATION');
      expect(error?.hint).toContain('--to');
    }
  });
});

describe('planMirror', () => {
  it('names targets after the source repository path, reads old-registry images at their new location', () => {
    expect(items([{ image: 'k8s.gcr.io/metrics-server/metrics-server:v0.6.1' }])).toEqual([
      {
        target: 'mirror.example.com:5000/k8s/metrics-server/metrics-server:v0.6.1',
        from: 'registry.k8s.io/metrics-server/metrics-server:v0.6.1',
        at: { registry: 'registry.k8s.io', repository: 'metrics-server/metrics-server', reference: 'v0.6.1' },
      },
    ]);
  });

  it('reads from the old location with fromOld, and uses a finding’s own replacement otherwise', () => {
    expect(items([{ image: 'k8s.gcr.io/pause:3.2' }], { fromOld: true })[0]).toMatchObject({
      from: 'k8s.gcr.io/pause:3.2',
      target: 'mirror.example.com:5000/k8s/pause:3.2',
    });
    expect(items([{ image: 'k8s.gcr.io/pause:3.2', target: 'other.example/pause:3.2' }])[0]).toMatchObject({
      from: 'other.example/pause:3.2',
    });
  });

  it('keeps tag and digest: reads by digest, pushes the tag; a bare digest is pushed by digest', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(items([{ image: `registry.k8s.io/pause:3.9@${digest}` }])[0]).toMatchObject({
      target: `mirror.example.com:5000/k8s/pause:3.9@${digest}`,
      at: { reference: digest },
    });
    const [only] = planMirror([{ image: `quay.io/a/b@${digest}` }], to);
    expect(only && 'item' in only ? only.item.to.reference : '').toBe(digest);
  });

  it('maps Docker Hub names, defaults the tag, and copies each target once', () => {
    expect(items([{ image: 'nginx' }, { image: 'docker.io/library/nginx:latest' }])).toEqual([
      expect.objectContaining({ target: 'mirror.example.com:5000/k8s/library/nginx:latest' }),
    ]);
  });

  it('reads a tag a move left behind (exceptTags) where it still is, and a moved tag at its new home', () => {
    const rules = shippedRules(['bitnami']);
    const planned = (image: string) =>
      planMirror([{ image }], to, { rules }).map((p) =>
        'item' in p ? p.item.fetchedFrom : p.problem.message,
      );
    expect(planned('docker.io/bitnami/redis:5.0.7-debian-10-r32')).toEqual([
      'docker.io/bitnami/redis:5.0.7-debian-10-r32',
    ]);
    expect(planned('docker.io/bitnami/redis:7.2.4')).toEqual(['docker.io/bitnamilegacy/redis:7.2.4']);
  });

  it('returns a problem for a reference that does not parse, and goes on', () => {
    const planned = items([{ image: 'Not A Ref' }, { image: 'quay.io/x/y:1' }]);
    expect(planned[0]).toEqual({ problem: expect.stringContaining('Not A Ref') });
    expect(planned[1]).toMatchObject({ target: 'mirror.example.com:5000/k8s/x/y:1' });
  });
});

describe('inputs', () => {
  it('reads check JSON (image and target), scan JSON (image and replacement), and plain lists', () => {
    const check = JSON.stringify({
      connectivity: [],
      images: [
        { image: 'k8s.gcr.io/a:1', target: 'registry.k8s.io/a:1' },
        { image: 'q.io/b:2', target: null },
      ],
    });
    expect(mirrorInputsFromText(check, 'check.json')).toEqual([
      { image: 'k8s.gcr.io/a:1', target: 'registry.k8s.io/a:1' },
      { image: 'q.io/b:2' },
    ]);
    const scan = JSON.stringify({
      findings: [{ image: 'k8s.gcr.io/c:3', match: 'k8s.gcr.io/c:3', replacement: 'registry.k8s.io/c:3' }],
    });
    expect(mirrorInputsFromText(scan, 'scan.json')).toEqual([
      { image: 'k8s.gcr.io/c:3', target: 'registry.k8s.io/c:3' },
    ]);
    expect(mirrorInputsFromText('a.io/x:1 # comment\nb.io/y:2\n', 'list')).toEqual([
      { image: 'a.io/x:1' },
      { image: 'b.io/y:2' },
    ]);
  });
  it('refuses what is neither with its own code, MIRROR_INPUT, not check’s', () => {
    for (const text of ['{"findings": ', '{"other": []}', 'not → a list']) {
      expect(() => mirrorInputsFromText(text, 'in')).toThrow(
        expect.objectContaining({ code: 'MIRROR_INPUT' }),
      );
    }
  });
});

describe('platforms', () => {
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        { digest: 'sha256:1', platform: { os: 'linux', architecture: 'amd64' } },
        { digest: 'sha256:2', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
        {
          digest: 'sha256:3',
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: { 'vnd.docker.reference.digest': 'sha256:2' },
        },
      ],
    }),
  );

  it('parses os/arch[/variant] and refuses the rest', () => {
    expect(parsePlatform('linux/arm64/v8')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(() => parsePlatform('linux')).toThrow(/os\/arch/);
  });

  it('narrows an index to the platforms asked for, keeping their attestations', () => {
    const kept = JSON.parse(narrowIndex(index, [parsePlatform('linux/arm64')])!.toString('utf8'));
    expect(kept.manifests.map((m: { digest: string }) => m.digest)).toEqual(['sha256:2', 'sha256:3']);
    expect(narrowIndex(index, [parsePlatform('windows/amd64')])).toBeUndefined();
  });
});

describe('table', () => {
  it('shows each image, its failure and hint, and a total', () => {
    const text = renderMirrorTable({
      warnings: [],
      results: [
        {
          source: 'a',
          fetchedFrom: 'a',
          target: 'm/a',
          digest: `sha256:${'b'.repeat(64)}`,
          size: 4096,
          copiedBytes: 2048,
          copiedBlobs: 1,
          skippedBlobs: 2,
          mountedBlobs: 1,
          referrers: 3,
          referrersFrom: 'tag-schema',
          referrersTo: 'api',
          status: 'copied',
          error: null,
        },
        {
          source: 'c',
          fetchedFrom: 'c',
          target: 'm/c',
          digest: null,
          size: 0,
          copiedBytes: 0,
          copiedBlobs: 0,
          skippedBlobs: 0,
          mountedBlobs: 0,
          referrers: 0,
          referrersFrom: null,
          referrersTo: null,
          status: 'failed',
          error: { code: 'MIRROR_FAILED', message: 'went wrong', hint: 'do this' },
        },
      ],
    });
    expect(text).toContain('bbbbbbbbbbbb');
    expect(text).toContain('c: went wrong');
    expect(text).toContain('hint: do this');
    expect(text).toContain('1/2 images mirrored; 2.0 KiB copied');
  });
});
