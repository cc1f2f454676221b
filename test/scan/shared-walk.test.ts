// The shared walk with a real helper thread. Workers run built JavaScript only, so this imports dist/
// (npm test builds first). The main thread is slowed down on purpose so the helper is sure to start,
// take the large subtree, and be asked to hand part of it back.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { BatchResult } from '../../src/scan/file-batch.js';
import type { DirTask } from '../../src/scan/walk.js';
import { makeTree } from './tree.js';

const dist = '../../dist/scan';
const { batchContext, emptyResult, scanDirectory } = (await import(
  `${dist}/file-batch.js`
)) as typeof import('../../src/scan/file-batch.js');
const { HelperPool } = (await import(`${dist}/parallel.js`)) as typeof import('../../src/scan/parallel.js');
const { sharedWalk } = (await import(
  `${dist}/shared-walk.js`
)) as typeof import('../../src/scan/shared-walk.js');
const { Walker } = (await import(`${dist}/walk.js`)) as typeof import('../../src/scan/walk.js');
const { builtinRules } = (await import(
  '../../dist/rules/builtin.js'
)) as typeof import('../../src/rules/builtin.js');
const { ruleNeedles } = (await import(
  '../../dist/rules/match.js'
)) as typeof import('../../src/rules/match.js');

const files: Record<string, string> = { '.gitignore': '*.log\n' };
for (let d = 0; d < 30; d++) files[`a-small/d${d}/f.yaml`] = `image: k8s.gcr.io/small:${d}\n`;
for (let d = 0; d < 120; d++) {
  for (let f = 0; f < 10; f++) {
    files[`z-big/d${d}/sub/f${f}.yaml`] =
      f % 3 === 0 ? `image: k8s.gcr.io/big:${d}.${f}\n` : 'kind: ConfigMap\n';
    files[`z-big/d${d}/skip${f}.log`] = 'image: k8s.gcr.io/ignored:1\n';
  }
}
const root = makeTree(files);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const walkOptions = { cwd: root, useIgnoreFiles: true, exclude: [] };
const needles = ruleNeedles(builtinRules);
const context = batchContext(builtinRules, needles, 1 << 20);
const summary = (result: BatchResult) => ({
  files: result.files,
  matches: result.findings.map((f) => `${f.path}:${f.line}:${f.match}`).sort(),
  errors: result.errors,
});

function busyWait(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

describe('shared walk', () => {
  it('finds with a helper thread exactly what one thread finds, each file once', async () => {
    const walker = new Walker(['.'], walkOptions);
    const alone = emptyResult();
    await sharedWalk(walker.start().dirs, (task) => scanDirectory(walker, task, context, alone), undefined);
    expect(alone.files).toBe(30 + 1200 + 1);

    const shared = emptyResult();
    let helperFiles = 0;
    let mainBigDirs = 0;
    let pool: InstanceType<typeof HelperPool> | undefined;
    const local = (task: DirTask) => {
      // Until a helper has taken work, the small subtree goes slowly: time for the helper to start.
      if (task.rel.startsWith('a-small/') && !pool?.busy) busyWait(50);
      if (task.rel.startsWith('z-big/')) mainBigDirs++;
      return scanDirectory(walker, task, context, shared);
    };
    await sharedWalk(walker.start().dirs, local, (take) => {
      pool = new HelperPool(
        2,
        { paths: ['.'], walkOptions, rules: builtinRules, needles, maxFileSize: 1 << 20 },
        {
          tasks: take,
          result: (result) => {
            helperFiles += result.files;
            shared.files += result.files;
            shared.findings.push(...result.findings);
            shared.errors.push(...result.errors);
          },
        },
      );
      return pool;
    });
    expect(summary(shared)).toEqual(summary(alone));
    // The helpers did part of the work, and handed part of the large subtree back when asked.
    expect(helperFiles).toBeGreaterThan(0);
    expect(mainBigDirs).toBeGreaterThan(0);
  });
});
