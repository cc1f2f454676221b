import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run.js';

const golden = resolve(import.meta.dirname, 'golden/bitnami');
let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function copyOf(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'regshift-bitnami-'));
  cpSync(source, dir, { recursive: true });
  dirs.push(dir);
  return dir;
}

const files = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

// Expected outputs checked by a person: split Helm fields keep registry and quotes, Docker Hub spellings stay
// as written, minideb and sealed-secrets stay on docker.io/bitnami, debian-10 tags are left with the reason.
describe('regshift fix --pack bitnami — golden files', () => {
  it('rewrites a Bitnami chart values.yaml, a compose file and a Dockerfile', async () => {
    const dir = copyOf(join(golden, 'input'));
    const { code, stdout } = await runCli(['fix', '--pack', 'bitnami'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toContain('Rewrote 10 references in 3 files; left 3 (3 report-only)');
    expect(stdout).toContain(
      'docker-compose.yaml:9:12  bitnami/mongodb:4.4.15-debian-10-r8  (report-only: no target: this tag (4.4.15-debian-10-r8) was not copied',
    );
    expect(files(dir)).toEqual(files(join(golden, 'expected')));
    for (const file of files(dir)) {
      expect(readFileSync(join(dir, file), 'latin1'), file).toBe(
        readFileSync(join(golden, 'expected', file), 'latin1'),
      );
    }
    // A second run has nothing left to rewrite.
    const again = await runCli(['fix', '--pack', 'bitnami', '-o', 'json'], { cwd: dir });
    expect(JSON.parse(again.stdout).edits).toEqual([]);
  });

  it('sets the value Bitnami charts need only when asked, and says so either way', async () => {
    const asked = copyOf(join(golden, 'input'));
    const result = await runCli(['fix', '--pack', 'bitnami', '--helm-allow-substituted-images'], {
      cwd: asked,
    });
    expect(result.stderr).toContain(
      'regshift fix: chart/values.yaml: set global.security.allowInsecureImages: true',
    );
    const expectedValues = readFileSync(join(golden, 'expected', 'chart/values.yaml'), 'utf8');
    expect(expectedValues).toContain('    allowInsecureImages: false\n');
    expect(readFileSync(join(asked, 'chart/values.yaml'), 'utf8')).toBe(
      expectedValues.replace('    allowInsecureImages: false\n', '    allowInsecureImages: true\n'),
    );
    for (const file of ['Dockerfile', 'docker-compose.yaml', 'chart/Chart.yaml'])
      expect(readFileSync(join(asked, file), 'latin1')).toBe(
        readFileSync(join(golden, 'expected', file), 'latin1'),
      );

    const unasked = copyOf(join(golden, 'input'));
    const plain = await runCli(['fix', '--pack', 'bitnami'], { cwd: unasked });
    expect(plain.stderr).toContain(
      'chart/values.yaml: the chart refuses the new images unless global.security.allowInsecureImages: true (add --helm-allow-substituted-images',
    );
    expect(readFileSync(join(unasked, 'chart/values.yaml'), 'utf8')).toBe(expectedValues);
  });

  it('changes nothing without the pack', async () => {
    const dir = copyOf(join(golden, 'input'));
    expect((await runCli(['fix'], { cwd: dir })).code).toBe(0);
    for (const file of files(dir))
      expect(readFileSync(join(dir, file), 'latin1')).toBe(
        readFileSync(join(golden, 'input', file), 'latin1'),
      );
  });
});
