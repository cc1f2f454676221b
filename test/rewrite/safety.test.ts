import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  watch,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replaceFileAtomically } from '../../src/rewrite/atomic-write.js';
import { runCli } from '../cli/run.js';
import { makeTree } from '../scan/tree.js';

const repo = resolve(import.meta.dirname, '../..');
let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});
function tree(files: Record<string, string | Buffer>): string {
  const dir = makeTree(files);
  dirs.push(dir);
  return dir;
}
const temporaries = (dir: string) =>
  readdirSync(dir, { recursive: true }).filter((n) => String(n).includes('.regshift-'));

const bomb = [
  'image: k8s.gcr.io/pause:3.2',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  '',
].join('\n');

describe('fix never damages a tree', () => {
  it('refuses to verify a YAML alias bomb (aliases are never expanded without a bound) and fixes the rest', async () => {
    const dir = tree({ 'bomb.yaml': bomb, 'ok.yaml': 'image: k8s.gcr.io/pause:3.2\n' });
    const { code, stderr } = await runCli(['fix'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'bomb.yaml: VERIFY_FAILED: left untouched: cannot verify the file: Excessive alias',
    );
    expect(readFileSync(join(dir, 'bomb.yaml'), 'utf8')).toBe(bomb);
    expect(readFileSync(join(dir, 'ok.yaml'), 'utf8')).toBe('image: registry.k8s.io/pause:3.2\n');
  });

  it('refuses an edit that would write two identical keys into one mapping (YAML and JSON)', async () => {
    const yaml = 'images:\n  k8s.gcr.io/pause:3.2: old\n  registry.k8s.io/pause:3.2: new\n';
    const json = '{"k8s.gcr.io/pause:3.2": 1, "registry.k8s.io/pause:3.2": 2}\n';
    const dir = tree({ 'dup.yaml': yaml, 'dup.json': json });
    const { stderr } = await runCli(['fix'], { cwd: dir });
    for (const file of ['dup.yaml', 'dup.json'])
      expect(stderr).toContain(
        `${file}: VERIFY_FAILED: left untouched: the edit would give one mapping two identical keys`,
      );
    expect(readFileSync(join(dir, 'dup.yaml'), 'utf8')).toBe(yaml);
    expect(readFileSync(join(dir, 'dup.json'), 'utf8')).toBe(json);
  });

  it('does not write through a symbolic link that replaced the file after it was read', async () => {
    const dir = tree({
      'tree/a.yaml': 'image: k8s.gcr.io/pause:3.2\n',
      'outside/secret.yaml': 'image: k8s.gcr.io/pause:3.2\n',
    });
    const file = join(dir, 'tree/a.yaml');
    const readFrom = realpathSync(file);
    const expected = readFileSync(file);
    renameSync(file, join(dir, 'tree/moved.yaml'));
    symlinkSync(join(dir, 'outside/secret.yaml'), file);
    const outcome = await replaceFileAtomically(file, expected, Buffer.from('pwned\n'), readFrom);
    expect(outcome).toMatchObject({ ok: false, code: 'FILE_CHANGED' });
    expect(readFileSync(join(dir, 'outside/secret.yaml'), 'utf8')).toBe('image: k8s.gcr.io/pause:3.2\n');
    expect(temporaries(dir)).toEqual([]);
  });

  it('rewrites a file whose name is as long as the file system allows (the temporary name is shortened)', async () => {
    const name = `${'n'.repeat(250)}.yaml`;
    const dir = tree({ [name]: 'image: k8s.gcr.io/pause:3.2\n' });
    const { code, stderr } = await runCli(['fix'], { cwd: dir });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(readFileSync(join(dir, name), 'utf8')).toBe('image: registry.k8s.io/pause:3.2\n');
  });

  // It needs root to make files owned by someone else and to run fix as `nobody`; CI and this machine run
  // as root, so it runs there. It hides no service: it needs none.
  it.skipIf(process.getuid?.() !== 0)(
    "refuses to replace another user's file (it would change its owner), as an unprivileged user",
    () => {
      const dir = tree({
        'root.yaml': 'image: k8s.gcr.io/pause:3.2\n',
        'mine.yaml': 'image: k8s.gcr.io/pause:3.2\n',
      });
      chmodSync(dir, 0o777);
      chmodSync(join(dir, 'root.yaml'), 0o666);
      chownSync(join(dir, 'mine.yaml'), 65534, 65534);
      const asNobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
      const result = spawnSync(
        'setpriv',
        [...asNobody, process.execPath, join(repo, 'bin/regshift.js'), 'fix'],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('root.yaml: FILE_OWNER: the file belongs to another user (uid 0)');
      expect(statSync(join(dir, 'root.yaml')).uid).toBe(0);
      expect(readFileSync(join(dir, 'root.yaml'), 'utf8')).toBe('image: k8s.gcr.io/pause:3.2\n');
      expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toBe('image: registry.k8s.io/pause:3.2\n');
    },
  );

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'leaves no temporary file when %s interrupts the writes',
    async (signal) => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 4000; i++) files[`d${i % 40}/f${i}.yaml`] = `image: k8s.gcr.io/pause:3.${i}\n`;
      const dir = tree(files);
      const child = spawn(process.execPath, [join(repo, 'bin/regshift.js'), 'fix'], {
        cwd: dir,
        stdio: 'ignore',
      });
      const exited = new Promise<NodeJS.Signals | null>((done) =>
        child.on('exit', (_code, sig) => done(sig)),
      );
      // Interrupt at the moment a temporary file exists: the writes are under way.
      const watcher = watch(dir, { recursive: true }, (_event, name) => {
        if (String(name).includes('.regshift-')) {
          watcher.close();
          child.kill(signal);
        }
      });
      const received = await exited;
      watcher.close();
      expect(received).toBe(signal);
      expect(temporaries(dir)).toEqual([]);
      // Each file is either the original or the rewritten one, never partial.
      for (let i = 0; i < 4000; i += 397) {
        const text = readFileSync(join(dir, `d${i % 40}/f${i}.yaml`), 'utf8');
        expect([`image: k8s.gcr.io/pause:3.${i}\n`, `image: registry.k8s.io/pause:3.${i}\n`]).toContain(text);
      }
    },
    60_000,
  );
});
