import { describe, expect, it } from 'vitest';
import { buildReport, detectKind, readInput } from '../../src/report/model/index.js';
import { checkJson, clusterJson, mirrorJson, scanJson, writeRepository } from './fixtures.js';

const repo = writeRepository();
const fixedRepo = writeRepository(['Dockerfile', 'docs/README.md']);

describe('report model: reading inputs', () => {
  it('recognises each command by shape today and by the envelope tomorrow', async () => {
    expect(detectKind(await scanJson(repo))).toBe('scan');
    expect(detectKind(clusterJson())).toBe('cluster');
    expect(detectKind(checkJson())).toBe('check');
    expect(detectKind(mirrorJson())).toBe('mirror');
    const envelope = (command: string, results: object) => ({
      tool: { name: 'regshift' },
      command,
      ...results,
      errors: [],
      summary: {},
    });
    expect(detectKind(envelope('check', { images: [] }))).toBe('check');
    expect(detectKind(envelope('mirror', { results: mirrorJson() }))).toBe('mirror');
    expect(readInput('m', envelope('mirror', { results: mirrorJson() })).mirrors).toHaveLength(3);
    expect(readInput('m', envelope('mirror', { images: mirrorJson() })).mirrors).toHaveLength(3);
    expect(detectKind({ hello: 'world' })).toBeNull();
    expect(detectKind('text')).toBeNull();
  });

  it('turns a document it cannot read into a problem, and items that are not findings into one more', () => {
    const unknown = readInput('notes', { hello: 1 });
    expect(unknown.kind).toBeNull();
    expect(unknown.errors[0]).toMatchObject({ code: 'REPORT_INPUT', input: 'notes' });
    expect(unknown.errors[0]!.message).toContain(
      'not the JSON of regshift scan, cluster, check, mirror or report',
    );
    const partly = readInput('x', {
      findings: [{ path: 'a', kind: 'image', match: 'k8s.gcr.io/a:1' }, 42, { kind: 'bogus' }],
    });
    expect(partly.findings).toHaveLength(1);
    expect(partly.errors.map((e) => e.message)).toEqual([
      '2 items of "findings" in x are not findings; left out',
    ]);
  });
});

describe('report model: merge', () => {
  it('merges scans of two repositories, two clusters, a check and a mirror into one model', async () => {
    const scan = await scanJson(repo);
    const model = buildReport([
      { name: 'shop', value: scan },
      { name: 'platform', value: await scanJson(fixedRepo) },
      { name: 'clusters', value: clusterJson() },
      { name: 'check', value: checkJson() },
      { name: 'mirror', value: mirrorJson() },
    ]);
    const scanFindings = (scan as { findings: unknown[] }).findings.length;
    const cluster = clusterJson() as { findings: unknown[]; pullFailures: unknown[]; errors: unknown[] };
    expect(model.scopes.map((s) => [s.type, s.name, s.findings])).toEqual([
      ['repository', 'shop', scanFindings],
      ['repository', 'platform', scanFindings - 2],
      ['cluster', 'prod', 4],
      ['cluster', 'staging', 1],
    ]);
    expect(model.summary).toMatchObject({
      findings: scanFindings * 2 - 2 + cluster.findings.length,
      repositories: 2,
      clusters: 2,
      images: 4,
      byVerdict: { 'same-digest': 2, 'digest-differs': 1, missing: 1 },
      mirrored: 3,
      byMirrorStatus: { copied: 1, 'up-to-date': 1, failed: 1 },
      pullFailures: cluster.pullFailures.length,
      errors: cluster.errors.length,
    });
    expect(model.inputs.map((i) => i.kind)).toEqual(['scan', 'scan', 'cluster', 'check', 'mirror']);
    // Grouped order: each scope's findings together, each group (fixAt) together.
    const order = model.findings.map((f) => `${f.scope}\0${f.fixAt}`);
    const firstSeen = order.filter((k, i) => order.indexOf(k) === i);
    expect(order).toEqual(firstSeen.flatMap((k) => order.filter((o) => o === k)));
    expect(model.mirrors.find((m) => m.status === 'failed')!.error).toMatch(/^MANIFEST_UNKNOWN: /);
  });

  it('keeps a finding once when the same scan is given twice, and the later verdict for a re-checked image', async () => {
    const scan = await scanJson(repo);
    const recheck = checkJson() as { images: { verdict: string; image: string }[] };
    recheck.images[2]!.verdict = 'same-digest';
    const model = buildReport([
      { name: 'shop', value: scan },
      { name: 'shop', value: scan },
      { name: 'check-1', value: checkJson() },
      { name: 'check-2', value: recheck },
    ]);
    expect(model.findings).toHaveLength((scan as { findings: unknown[] }).findings.length);
    expect(model.images).toHaveLength(4);
    expect(model.images.find((i) => i.image === recheck.images[2]!.image)!.verdict).toBe('same-digest');
  });
});

describe('report model: baseline', () => {
  it('counts fixed, new and remaining findings, pairing repositories whatever their files are called', async () => {
    const before = await scanJson(repo);
    const now = await scanJson(fixedRepo);
    const model = buildReport([{ name: 'scan-july', value: now }], [{ name: 'scan-june', value: before }]);
    const all = (before as { findings: { path: string }[] }).findings;
    const gone = all.filter((f) => f.path === 'Dockerfile' || f.path === 'docs/README.md');
    expect(gone.length).toBeGreaterThan(1);
    expect(model.baseline).toMatchObject({ before: all.length, after: all.length - gone.length, added: 0 });
    expect(model.baseline!.fixed.map((f) => f.path).sort()).toEqual(gone.map((f) => f.path).sort());
    expect(model.findings.every((f) => f.change === 'remaining')).toBe(true);
  });

  it('does not count a finding as fixed when only its line moved, and counts a second copy as new', async () => {
    const before = (await scanJson(repo)) as { findings: { line: number; path: string }[] };
    const now = structuredClone(before);
    for (const f of now.findings) f.line += 3;
    const extra = { ...now.findings[0]!, line: 99 };
    now.findings.push(extra);
    const model = buildReport([{ name: 'now', value: now }], [{ name: 'before', value: before }]);
    expect(model.baseline).toMatchObject({ fixed: [], added: 1, remaining: before.findings.length });
    expect(model.findings.filter((f) => f.change === 'new')).toHaveLength(1);
  });

  it('tells cluster findings apart by object and container, and reads its own JSON back as a baseline', async () => {
    const before = clusterJson() as { findings: { container: string | null }[] };
    const now = structuredClone(before);
    now.findings[0]!.container = 'renamed';
    const own = buildReport([{ name: 'c', value: before }]);
    const json = JSON.parse(JSON.stringify({ command: 'report', ...own }));
    const model = buildReport([{ name: 'c', value: now }], [{ name: 'last', value: json }]);
    expect(model.baseline).toMatchObject({ before: 5, after: 5, added: 1, remaining: 4 });
    expect(model.baseline!.fixed.map((f) => f.container)).toEqual(['app']);
  });
});
