import { describe, expect, it } from 'vitest';
import {
  checkExitCode,
  dedupeImages,
  imagesFromText,
  probeFor,
  registriesToCheck,
} from '../../src/check/index.js';
import { renderCheckTable } from '../../src/report/check-table.js';
import { builtinRules, parseRuleFlag, targetOf } from '../../src/rules/index.js';

describe('inputs', () => {
  it('reads scan JSON findings and plain lists, and dedupes', () => {
    const json = JSON.stringify({
      findings: [
        {
          match: 'k8s.gcr.io/pause:3.9',
          image: 'k8s.gcr.io/pause:3.9',
          replacement: 'registry.k8s.io/pause:3.9',
        },
        { match: 'k8s.gcr.io', image: null, replacement: 'registry.k8s.io' },
        {
          match: 'k8s.gcr.io/pause:3.9',
          image: 'k8s.gcr.io/pause:3.9',
          replacement: 'registry.k8s.io/pause:3.9',
        },
        // A split Helm registry value: the replacement is the new registry, not the new image.
        {
          match: 'k8s.gcr.io',
          image: 'k8s.gcr.io/ingress-nginx/controller:v1.2.1',
          replacement: 'registry.k8s.io',
        },
      ],
    });
    expect(dedupeImages(imagesFromText(json, 'x'))).toEqual([
      { image: 'k8s.gcr.io/pause:3.9', target: 'registry.k8s.io/pause:3.9' },
      { image: 'k8s.gcr.io/ingress-nginx/controller:v1.2.1' },
    ]);
    expect(imagesFromText('a/b:1  # c/d\n\ne/f:2\n', 'x')).toEqual([{ image: 'a/b:1' }, { image: 'e/f:2' }]);
    expect(() => imagesFromText('{"nope":1}', 'scan.json')).toThrow(/scan\.json has no "findings"/);
  });
});

describe('targets and registries', () => {
  it('targets by the rules; a bare check tests registry.k8s.io with the pause probe', () => {
    expect(targetOf({ image: 'k8s.gcr.io/etcd:3.5.0-0' }, builtinRules)).toBe('registry.k8s.io/etcd:3.5.0-0');
    expect(registriesToCheck({ images: [], rules: builtinRules })).toEqual(['registry.k8s.io']);
    expect(probeFor('registry.k8s.io', { images: [], rules: builtinRules })).toMatchObject({ path: 'pause' });
  });

  it('tests the registries the images move to, probing with the first of them', () => {
    const rules = [...builtinRules, parseRuleFlag('docker.io/bitnami=docker.io/bitnamilegacy')];
    const images = [{ image: 'docker.io/bitnami/redis:7' }, { image: 'k8s.gcr.io/pause:3.9' }];
    expect(registriesToCheck({ images, rules })).toEqual(['docker.io', 'registry.k8s.io']);
    expect(probeFor('registry.k8s.io', { images, rules })).toMatchObject({ path: 'pause', tag: '3.9' });
  });
});

describe('report', () => {
  const report = {
    connectivity: [
      {
        registry: 'registry.k8s.io',
        ok: true,
        hops: [{ url: 'https://registry.k8s.io/v2/', status: 200, ms: 5 }],
        hosts: ['registry.k8s.io'],
        error: null,
        code: null,
        hint: null,
      },
    ],
    images: [
      {
        image: 'k8s.gcr.io/pause:3.9',
        target: 'registry.k8s.io/pause:3.9',
        sourceDigest: 'sha256:0123456789abcdef',
        targetDigest: 'sha256:0123456789abcdef',
        verdict: 'same-digest' as const,
        detail: null,
        error: null,
        code: null,
        hint: null,
      },
    ],
  };

  it('exits 0 only when all is well', () => {
    expect(checkExitCode(report)).toBe(0);
    expect(checkExitCode({ ...report, images: [{ ...report.images[0]!, verdict: 'missing' }] })).toBe(1);
    expect(checkExitCode({ ...report, connectivity: [{ ...report.connectivity[0]!, ok: false }] })).toBe(1);
  });

  it('shows a mark, the verdict, short digests, hops, hosts and the mirroring advice', () => {
    const text = renderCheckTable(report);
    expect(text).toMatch(
      /✓ +k8s\.gcr\.io\/pause:3\.9 +registry\.k8s\.io\/pause:3\.9 +same-digest +0123456789ab +0123456789ab/,
    );
    expect(text).toContain('hosts to allow: registry.k8s.io');
    expect(text).toContain('mirror');
    expect(text).not.toContain('signed at the source');
  });

  it('says when the source is signed and the target is not', () => {
    const unsigned = {
      ...report,
      images: [{ ...report.images[0]!, detail: 'signed-at-source-not-at-target' as const }],
    };
    const text = renderCheckTable(unsigned);
    expect(text).toContain(
      'k8s.gcr.io/pause:3.9: signed at the source, but registry.k8s.io/pause:3.9 has no signatures or attestations',
    );
    expect(checkExitCode(unsigned)).toBe(0);
  });
});

describe('check --help', () => {
  it('names every input, option, variable, verdict and exit code the command has', async () => {
    const { main } = await import('../../src/cli/main.js');
    const { captureIO } = await import('../registry/helpers/env.js');
    const { io, out } = captureIO({});
    expect(await main(['check', '--help'], io)).toBe(0);
    const help = out();
    for (const word of [
      '--from FILE',
      'stdin',
      '--registry HOST',
      '--probe IMAGE',
      'registry.k8s.io/pause',
      '--no-connectivity',
      '--timeout DURATION',
      'default 10s',
      '--concurrency N',
      '--ca-file FILE',
      '--insecure-registry HOST',
      '--rule FROM=TO',
      '--config FILE',
      '-o, --output FORMAT',
      'json',
      'HTTPS_PROXY',
      'HTTP_PROXY',
      'NO_PROXY',
      'DOCKER_CONFIG',
      'REGISTRY_AUTH_FILE',
      'same-digest',
      'missing',
      'digest-differs',
      'source-missing',
      'Exit codes: 0',
    ]) {
      expect(help).toContain(word);
    }
  });
});
