/**
 * Dry-runs started while the scan still lists. A root object whose own findings make it a patch target
 * is dry-run as soon as its page is read; the plan takes that answer when it sends the very same patch
 * to the same object, and sends its own otherwise (pods, owners or Helm storage read later changed it).
 */
import type { KubeClient, KubeResponse } from '../cluster/client.js';
import { type Limit, limiter } from '../concurrency.js';
import type { ClusterFinding, ObjectRef } from '../findings.js';
import { forwardOperations } from './ops.js';
import { objectPath, sendPatch } from './request.js';
import { planTargets, type TargetOptions } from './targets.js';
import type { PatchOperation } from './types.js';

/** The same request: one object, the same operations in any order. */
function requestKey(cluster: string, ref: ObjectRef, ops: readonly PatchOperation[]): string {
  return `${cluster}\0${objectPath(ref)}\0${ops
    .map((o) => JSON.stringify(o))
    .sort()
    .join('\0')}`;
}

export class EarlyDryRuns {
  private readonly started = new Map<string, Promise<KubeResponse>>();
  private readonly byName: Map<string, KubeClient>;
  private readonly limit: Limit;

  constructor(
    clients: readonly KubeClient[],
    private readonly options: TargetOptions & { concurrency: number },
  ) {
    this.byName = new Map(clients.map((c) => [c.name, c]));
    // Its own bound: a plan slot waiting for an early answer must not hold back the early request itself.
    this.limit = limiter(options.concurrency);
  }

  /** Start the dry-run of each patch these findings (one root's, read on their own) call for. */
  start(findings: readonly ClusterFinding[]): void {
    for (const e of planTargets(findings, this.options)) {
      const client = this.byName.get(e.cluster);
      if (e.action !== 'patch' || !client) continue;
      const ops = forwardOperations(e.changes);
      const key = requestKey(e.cluster, e.object, ops);
      if (this.started.has(key)) continue;
      const pending = this.limit(() => sendPatch(client, e.object, ops, true));
      // Not taken when the plan asks a different patch: then its failure has no one to report to.
      pending.catch(() => undefined);
      this.started.set(key, pending);
    }
  }

  /** The scan is over: what is still queued no longer competes with lists, and may go as wide as the plan. */
  widen(concurrency: number): void {
    this.limit.concurrency = Math.max(this.limit.concurrency, concurrency);
  }

  /** The answer to this exact dry-run, if it was started early; each is taken once. */
  take(cluster: string, ref: ObjectRef, ops: readonly PatchOperation[]): Promise<KubeResponse> | undefined {
    const key = requestKey(cluster, ref, ops);
    const pending = this.started.get(key);
    this.started.delete(key);
    return pending;
  }
}
