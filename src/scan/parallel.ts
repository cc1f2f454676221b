import { Worker } from 'node:worker_threads';
import { fromWire } from '../findings.js';
import type { Rule } from '../rules/types.js';
import type { BatchResult } from './file-batch.js';
import type { DirTask, WalkOptions } from './walk.js';

/** Only the built JavaScript can start as a worker; from TypeScript sources (tests) scans stay in-process. */
const workerUrl = new URL('./worker.js', import.meta.url);
export const workersAvailable = import.meta.url.endsWith('.js');

/** What a helper needs to build the same walker and scanner as the main thread. */
export interface HelperInit {
  paths: readonly string[];
  walkOptions: WalkOptions;
  rules: readonly Rule[];
  needles: readonly string[];
  maxFileSize: number;
}

/**
 * Shared flags (Int32 slots), read and written with Atomics because each side is busy in synchronous
 * work and only sees messages between tasks: slot 0 is "the main thread has run out of directories",
 * slot 1 + i is "helper i is idle".
 */
export const wantSlot = 0;
export const idleSlot = (index: number) => 1 + index;

export type HelperMessage =
  | { type: 'donate'; id: number; tasks: DirTask[] }
  | { type: 'done'; id: number; result: BatchResult };

interface Helper {
  worker: Worker;
  index: number;
  failed: boolean;
}

interface Assignment {
  helper: Helper;
  tasks: DirTask[];
  /** Directories the helper handed back while on this assignment. */
  donated: string[];
}

/**
 * Worker threads that share the directory walk with the main thread (see shared-walk.ts). A helper that
 * fails has its unfinished assignments handed back, minus what it had already donated, so a crash costs
 * time, never findings or duplicates.
 */
export class HelperPool {
  private readonly flags = new Int32Array(new SharedArrayBuffer(4 * 8));
  private readonly helpers: Helper[] = [];
  private readonly assignments = new Map<number, Assignment>();
  private nextId = 0;
  private wake: (() => void) | undefined;

  constructor(
    size: number,
    init: HelperInit,
    private readonly events: {
      /** Directories for the main thread to do: donated, or handed back by a failed helper. */
      tasks(tasks: DirTask[], skip?: readonly string[]): void;
      result(result: BatchResult): void;
    },
  ) {
    for (let index = 0; index < Math.min(size, 7); index++) {
      const worker = new Worker(workerUrl, {
        workerData: { ...init, paths: [...init.paths], rules: [...init.rules], flags: this.flags, index },
      });
      const helper: Helper = { worker, index, failed: false };
      worker.on('message', (message: HelperMessage) => this.receive(message));
      worker.on('error', () => this.fail(helper));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(helper);
      });
      this.helpers.push(helper);
    }
  }

  /** Hand one directory to an idle helper, if there is one; false when all are busy (or still starting). */
  offer(take: () => DirTask): boolean {
    const helper = this.helpers.find((h) => !h.failed && Atomics.load(this.flags, idleSlot(h.index)) === 1);
    if (!helper) return false;
    Atomics.store(this.flags, idleSlot(helper.index), 0);
    const id = this.nextId++;
    const tasks = [take()];
    this.assignments.set(id, { helper, tasks, donated: [] });
    helper.worker.postMessage({ id, tasks });
    return true;
  }

  get busy(): boolean {
    return this.assignments.size > 0;
  }

  /** Ask busy helpers for part of their work and wait for the next message (a donation or a result). */
  async waitForWork(): Promise<void> {
    Atomics.store(this.flags, wantSlot, 1);
    await new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.helpers.map((h) => h.worker.terminate()));
  }

  private receive(message: HelperMessage): void {
    const assignment = this.assignments.get(message.id);
    // An assignment already handed back (its helper failed) is being done here: nothing of it counts twice.
    if (!assignment) return;
    if (message.type === 'donate') {
      Atomics.store(this.flags, wantSlot, 0);
      assignment.donated.push(...message.tasks.map((t) => t.dir));
      this.events.tasks(message.tasks);
    } else {
      this.assignments.delete(message.id);
      const { result } = message;
      this.events.result({
        ...result,
        findings: result.findings.map((f) => fromWire(f as Parameters<typeof fromWire>[0])),
      });
    }
    this.notify();
  }

  private fail(helper: Helper): void {
    if (helper.failed) return;
    helper.failed = true;
    for (const [id, assignment] of [...this.assignments]) {
      if (assignment.helper !== helper) continue;
      this.assignments.delete(id);
      this.events.tasks(assignment.tasks, assignment.donated);
    }
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
