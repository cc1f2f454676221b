// A helper thread of the shared walk (see parallel.ts and shared-walk.ts): it takes a directory, walks and
// scans below it depth first, and gives the shallower half of what it has left to the main thread whenever
// the main thread runs out.
import { parentPort, workerData } from 'node:worker_threads';
import { toWire } from '../findings.js';
import { batchContext, emptyResult, scanDirectory } from './file-batch.js';
import { type HelperInit, type HelperMessage, idleSlot, wantSlot } from './parallel.js';
import { type DirTask, Walker } from './walk.js';

const init = workerData as HelperInit & { flags: Int32Array; index: number };
const { flags, index } = init;
const walker = new Walker(init.paths, init.walkOptions);
const context = batchContext(init.rules, init.needles, init.maxFileSize);
const post = (message: HelperMessage) => parentPort?.postMessage(message);

parentPort?.on('message', ({ id, tasks }: { id: number; tasks: DirTask[] }) => {
  const result = emptyResult();
  const stack = [...tasks].reverse();
  for (let task = stack.pop(); task; task = stack.pop()) {
    const subdirs = scanDirectory(walker, task, context, result);
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    if (stack.length >= 2 && Atomics.load(flags, wantSlot) === 1) {
      Atomics.store(flags, wantSlot, 0);
      post({ type: 'donate', id, tasks: stack.splice(0, stack.length >> 1) });
    }
  }
  post({ type: 'done', id, result: { ...result, findings: result.findings.map(toWire) } });
  Atomics.store(flags, idleSlot(index), 1);
});
Atomics.store(flags, idleSlot(index), 1);
