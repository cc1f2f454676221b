import { Worker } from 'node:worker_threads';
import { fromWire } from '../findings.js';
import type { Rule } from '../rules/types.js';
import { type BatchContext, type BatchResult, type FileEntry, scanBatch } from './file-batch.js';

/** Only the built JavaScript can start as a worker; from TypeScript sources (tests) scans stay in-process. */
const workerUrl = new URL('./worker.js', import.meta.url);
export const workersAvailable = import.meta.url.endsWith('.js');

interface Pending {
  entries: FileEntry[];
  resolve: (result: BatchResult) => void;
}

/**
 * Scanning threads fed with batches of files while the main thread walks: reading, prefiltering and parsing
 * run beside the directory walk. A thread that fails has its batches scanned in-process instead, so a
 * crash costs time, never findings.
 */
export class ScanPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly assigned = new Map<number, Worker>();
  private nextId = 0;
  private turn = 0;

  constructor(
    size: number,
    init: { rules: readonly Rule[]; needles: readonly string[]; maxFileSize: number },
    private readonly fallback: BatchContext,
  ) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(workerUrl, {
        workerData: { ...init, rules: [...init.rules], needles: [...init.needles] },
      });
      worker.on('message', ({ id, result }: { id: number; result: BatchResult }) => {
        const job = this.pending.get(id);
        this.pending.delete(id);
        this.assigned.delete(id);
        job?.resolve({
          ...result,
          findings: result.findings.map((f) => fromWire(f as Parameters<typeof fromWire>[0])),
        });
      });
      worker.on('error', () => this.recover(worker));
      worker.on('exit', (code) => {
        if (code !== 0) this.recover(worker);
      });
      this.workers.push(worker);
    }
  }

  /** Scan a batch on the next thread (round robin). */
  submit(entries: FileEntry[]): Promise<BatchResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const worker = this.workers[this.turn++ % this.workers.length];
      this.pending.set(id, { entries, resolve });
      if (!worker) {
        this.recoverJob(id);
        return;
      }
      this.assigned.set(id, worker);
      worker.postMessage({ id, entries });
    });
  }

  private recoverJob(id: number): void {
    const job = this.pending.get(id);
    if (!job) return;
    this.pending.delete(id);
    this.assigned.delete(id);
    job.resolve(scanBatch(job.entries, this.fallback));
  }

  private recover(worker: Worker): void {
    const index = this.workers.indexOf(worker);
    if (index !== -1) this.workers.splice(index, 1);
    for (const [id, owner] of [...this.assigned]) if (owner === worker) this.recoverJob(id);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
