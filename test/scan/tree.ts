import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

/** Write a file tree under a new temporary directory; values are file contents. */
export function makeTree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'regshift-test-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** `makeTree` for one test file: every tree it writes is removed after the file's tests. */
export function treesRemovedAfterAll(): (files: Record<string, string | Buffer>) => string {
  const created: string[] = [];
  afterAll(() => {
    for (const root of created) rmSync(root, { recursive: true, force: true });
  });
  return (files) => {
    const root = makeTree(files);
    created.push(root);
    return root;
  };
}
