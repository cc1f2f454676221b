import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, clusterJson, mirrorJson, scanJson, writeRepository } from '../report/fixtures.js';
import { runCli } from './run.js';

const dir = writeRepository();
const write = (name: string, value: unknown) => {
  writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  return name;
};
const scanFile = write('shop.json', await scanJson(dir));
const clusterFile = write('clusters.json', clusterJson());
const checkFile = write('check.json', checkJson());
const mirrorFile = write('mirror.json', mirrorJson());

describe('regshift report', () => {
  it('merges any mix into one page, exit 1 while something is left', async () => {
    const r = await runCli(['report', scanFile, clusterFile, checkFile, mirrorFile], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('<!doctype html>')).toBe(true);
    expect(r.stdout).toContain('from shop (scan), clusters (cluster), check (check), mirror (mirror)');
  });

  it('exits 0 when nothing is left: every image same-digest, every mirror done, no findings', async () => {
    const good = checkJson() as { images: { verdict: string }[] };
    for (const i of good.images) i.verdict = 'same-digest';
    const r = await runCli(['report', write('good.json', good), '-o', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ command: 'report', summary: { images: 4, findings: 0 } });
  });

  it('names a repository with NAME=FILE, reads its own JSON back as a baseline, and writes markdown', async () => {
    const json = await runCli(['report', `platform=${scanFile}`, '-o', 'json'], { cwd: dir });
    expect(JSON.parse(json.stdout).scopes[0]).toMatchObject({ name: 'platform', type: 'repository' });
    const baseline = write('last.json', json.stdout);
    const md = await runCli(['report', scanFile, '--baseline', baseline, '-o', 'markdown'], { cwd: dir });
    expect(md.stdout).toContain('Since the baseline: 0 fixed, 0 new');
    expect(md.stdout).toContain('\\<img src=x onerror=alert(1)\\>.yaml');
  });

  it('reports an unreadable input and goes on; with none readable it is a fatal error', async () => {
    write('broken.json', '{"findings": [');
    const r = await runCli(
      ['report', scanFile, 'broken.json', 'missing.json', write('other.json', { a: 1 })],
      {
        cwd: dir,
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('regshift report: broken.json is not JSON');
    expect(r.stderr).toContain('regshift report: missing.json cannot be read: ENOENT');
    expect(r.stderr).toContain('other is not the JSON of regshift scan, cluster, check, mirror or report');
    expect(r.stdout).toContain('missing.json cannot be read');
    const none = await runCli(['report', 'missing.json'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('error [REPORT_INPUT]: no input could be read');
  });

  it('refuses a wrong format, no files, and a link base that is not http(s)', async () => {
    expect((await runCli(['report', scanFile, '-o', 'sarif'], { cwd: dir })).stderr).toContain(
      '-o sarif: choose one of html, markdown, json',
    );
    expect((await runCli(['report'], { cwd: dir })).code).toBe(2);
    const bad = await runCli(['report', scanFile, '--link-base', 'javascript:alert(1)'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--link-base javascript:alert(1): give an http(s) URL');
  });

  it('gives check -o html a page too (nothing checked here: no network in unit tests)', async () => {
    const r = await runCli(['check', '--no-connectivity', '-o', 'html'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<meta http-equiv="Content-Security-Policy"');
    expect(r.stdout).toContain('from check (check)');
    const csv = await runCli(['check', '--no-connectivity', '-o', 'csv'], { cwd: dir });
    expect(csv.stderr).toContain('-o csv: choose one of table, json, html');
  });

  it('gives scan -o html the same page, labelled with the directory', async () => {
    const r = await runCli(['scan', '-o', 'html'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<meta http-equiv="Content-Security-Policy"');
    expect(r.stdout.match(/<tr class="f"/g)?.length).toBe(
      ((await scanJson(dir)) as { findings: unknown[] }).findings.length,
    );
  });
});
