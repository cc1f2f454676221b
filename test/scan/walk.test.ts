import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/index.js';
import { makeTree } from './tree.js';

const img = 'image: k8s.gcr.io/pause:3.2\n';
let roots: string[] = [];
function tree(files: Record<string, string | Buffer>): string {
  const root = makeTree(files);
  roots.push(root);
  return root;
}
afterEach(() => {
  for (const root of roots) {
    chmodSync(root, 0o755);
    rmSync(root, { recursive: true, force: true });
  }
  roots = [];
});

const paths = (report: Awaited<ReturnType<typeof scan>>) => [...new Set(report.findings.map((f) => f.path))];

describe('walking', () => {
  it('honours .gitignore and .ignore at every level, with negations, and skips .git', async () => {
    const root = tree({
      '.gitignore': 'build/\n*.bak\n',
      'a.yaml': img,
      'a.yaml.bak': img,
      'build/out.yaml': img,
      'svc/.gitignore': 'generated.yaml\n!keep.bak\n',
      'svc/.ignore': 'vendor/\n',
      'svc/generated.yaml': img,
      'svc/keep.bak': img,
      'svc/vendor/x.yaml': img,
      'svc/main.yaml': img,
      '.git/config': img,
    });
    expect(paths(await scan(['.'], { cwd: root }))).toEqual(['a.yaml', 'svc/keep.bak', 'svc/main.yaml']);
    expect(paths(await scan(['.'], { cwd: root, useIgnoreFiles: false }))).toEqual([
      'a.yaml',
      'a.yaml.bak',
      'build/out.yaml',
      'svc/generated.yaml',
      'svc/keep.bak',
      'svc/main.yaml',
      'svc/vendor/x.yaml',
    ]);
  });

  it('honours the enclosing repository’s .gitignore when scanning a subdirectory', async () => {
    const root = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'app/gen/\n',
      'app/gen/x.yaml': img,
      'app/y.yaml': img,
    });
    expect(paths(await scan(['app'], { cwd: root }))).toEqual(['app/y.yaml']);
    expect(paths(await scan(['.'], { cwd: join(root, 'app') }))).toEqual(['y.yaml']);
  });

  it('scans a path the user names even when the repository ignores it', async () => {
    const root = tree({
      '.git/HEAD': 'x',
      '.gitignore': 'out/\n',
      'out/gen/x.yaml': img,
      'out/gen/.gitignore': 'skip.yaml\n',
      'out/gen/skip.yaml': img,
    });
    expect(paths(await scan(['.'], { cwd: root }))).toEqual([]);
    expect(paths(await scan(['out/gen'], { cwd: root }))).toEqual(['out/gen/x.yaml']);
  });

  it('applies --exclude globs relative to each path', async () => {
    const root = tree({ 'a/test/x.yaml': img, 'a/y.yaml': img, 'b.yaml': img });
    expect(paths(await scan(['.'], { cwd: root, exclude: ['test/', 'b.yaml'] }))).toEqual(['a/y.yaml']);
  });

  it('skips and counts binary files, and reports files over the size limit', async () => {
    const root = tree({
      'logo.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), Buffer.from(img)]),
      'big.yaml': `${'#'.repeat(2000)}\n${img}`,
      'small.yaml': img,
    });
    const report = await scan(['.'], { cwd: root, maxFileSize: 1000 });
    expect(paths(report)).toEqual(['small.yaml']);
    expect(report.summary).toEqual({ files: 1, skipped: 2, findings: 1 });
    expect(report.errors).toEqual([
      {
        path: 'big.yaml',
        code: 'FILE_TOO_LARGE',
        message: 'skipped: 2029 bytes is over --max-file-size (1000 bytes)',
        hint: 'Raise --max-file-size to scan it.',
      },
    ]);
  });

  it('reports symlink loops and links out of the tree, and never follows them', async () => {
    const outside = tree({ 'secret.yaml': img });
    const root = tree({ 'dir/a.yaml': img });
    symlinkSync('..', join(root, 'dir/loop'));
    symlinkSync(outside, join(root, 'escape'));
    symlinkSync('b', join(root, 'a'));
    symlinkSync('a', join(root, 'b'));
    symlinkSync('dir/a.yaml', join(root, 'alias.yaml'));
    symlinkSync('missing', join(root, 'dangling'));
    const report = await scan(['.'], { cwd: root });
    expect(paths(report)).toEqual(['dir/a.yaml']);
    expect(report.errors.map((e) => [e.path, e.code])).toEqual([
      ['a', 'SYMLINK_LOOP'],
      ['b', 'SYMLINK_LOOP'],
      ['dir/loop', 'SYMLINK_LOOP'],
      ['escape', 'SYMLINK_OUTSIDE'],
    ]);
    expect(report.errors.find((e) => e.path === 'escape')?.message).toContain('not followed');
  });

  it('reports a missing path and goes on', async () => {
    const root = tree({ 'a.yaml': img });
    const report = await scan(['nope', 'a.yaml'], { cwd: root });
    expect(paths(report)).toEqual(['a.yaml']);
    expect(report.errors).toEqual([
      { path: 'nope', code: 'PATH_NOT_FOUND', message: 'no such file or directory', hint: 'Check the path.' },
    ]);
  });

  it('keeps a stable order: by path, then line and column', async () => {
    const root = tree({
      'z.yaml': img,
      'a/b.yaml': `${img}x: k8s.gcr.io/a:1 k8s.gcr.io/b:1\n`,
      'a.yaml': img,
    });
    const report = await scan(['.'], { cwd: root });
    expect(report.findings.map((f) => `${f.path}:${f.line}:${f.column}`)).toEqual([
      'a.yaml:1:8',
      'a/b.yaml:1:8',
      'a/b.yaml:2:4',
      'a/b.yaml:2:19',
      'z.yaml:1:8',
    ]);
  });

  it('scans a 50 MB file, invalid UTF-8, CRLF and a BOM to completion with correct positions', async () => {
    const root = tree({
      'bom.yaml': Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('image: k8s.gcr.io/pause:3.2\r\nx: 1\r\nimage2: k8s.gcr.io/etcd:3.5\r\n'),
      ]),
      'latin1.txt': Buffer.concat([
        Buffer.from('caf'),
        Buffer.from([0xe9, 0xff]),
        Buffer.from(' k8s.gcr.io/pause:3.2\n'),
      ]),
    });
    const big = Buffer.alloc(50 * 1024 * 1024, 'a\n');
    writeFileSync(join(root, 'huge.log'), big);
    const report = await scan(['.'], { cwd: root });
    expect(report.findings.map((f) => [f.path, f.line, f.column, f.match])).toEqual([
      ['bom.yaml', 1, 8, 'k8s.gcr.io/pause:3.2'],
      ['bom.yaml', 3, 9, 'k8s.gcr.io/etcd:3.5'],
      ['latin1.txt', 1, 7, 'k8s.gcr.io/pause:3.2'],
    ]);
    expect(report.errors.map((e) => [e.path, e.code])).toEqual([
      ['huge.log', 'FILE_TOO_LARGE'],
      ['latin1.txt', 'INVALID_UTF8'],
    ]);
  });

  it('scans an empty directory and a directory with only ignored content without complaint', async () => {
    const root = tree({ '.gitignore': '*\n', 'x.yaml': img });
    mkdirSync(join(root, 'empty'));
    const report = await scan(['.'], { cwd: root });
    expect(report).toMatchObject({
      findings: [],
      errors: [],
      summary: { files: 0, skipped: 0, findings: 0 },
    });
  });
});
