// A scanning thread: receives batches of files, answers with their findings (see parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { toWire } from '../findings.js';
import type { Rule } from '../rules/types.js';
import { batchContext, type FileEntry, scanBatch } from './file-batch.js';

const { rules, needles, maxFileSize } = workerData as {
  rules: Rule[];
  needles: string[];
  maxFileSize: number;
};
const context = batchContext(rules, needles, maxFileSize);

parentPort?.on('message', ({ id, entries }: { id: number; entries: FileEntry[] }) => {
  const result = scanBatch(entries, context);
  parentPort?.postMessage({ id, result: { ...result, findings: result.findings.map(toWire) } });
});
