import type { HelperPool } from './parallel.js';
import type { DirTask } from './walk.js';

/** Directories listed before helper threads are worth their start-up (a small tree is done by then). */
const helperStartAfter = 16;
/** Directories between yields to the event loop, where helper results, donations and signals arrive. */
const yieldEvery = 32;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Walks and scans depth first from `roots` on this thread, sharing the walk with helper threads once the
 * tree proves large: an idle helper takes the shallowest directory left (the largest subtree), and when
 * this thread runs dry it asks the helpers to give back half of theirs. Order of work is free: the report
 * is sorted afterwards.
 */
export async function sharedWalk(
  roots: readonly DirTask[],
  local: (task: DirTask) => DirTask[],
  startHelpers: ((tasks: (tasks: DirTask[], skip?: readonly string[]) => void) => HelperPool) | undefined,
): Promise<void> {
  const stack = [...roots].reverse();
  const skip = new Set<string>();
  let helpers: HelperPool | undefined;
  const take = (tasks: DirTask[], skipped: readonly string[] = []) => {
    for (const dir of skipped) skip.add(dir);
    for (let i = tasks.length - 1; i >= 0; i--) stack.push(tasks[i]!);
  };
  let listed = 0;
  try {
    for (;;) {
      if (stack.length > 0) {
        if (helpers) while (stack.length >= 2 && helpers.offer(() => stack.shift()!));
        else if (startHelpers && listed >= helperStartAfter && stack.length >= 2)
          helpers = startHelpers(take);
        const subdirs = local(stack.pop()!);
        for (let i = subdirs.length - 1; i >= 0; i--) {
          const dir = subdirs[i]!;
          if (skip.size === 0 || !skip.has(dir.dir)) stack.push(dir);
        }
        if (++listed % yieldEvery === 0) await nextTurn();
      } else if (helpers?.busy) await helpers.waitForWork();
      else break;
    }
  } finally {
    await helpers?.close();
  }
}
