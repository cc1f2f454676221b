// The drill's old registry: a front that answers like k8s.gcr.io today (/v2/ works, manifests and blobs
// 307 to another host) where that host is a loopback port nobody listens on, as a restricted network
// leaves it. A stub because no real registry redirects across hosts on loopback.
import { freePorts } from '../env/ports.js';
import { type Front, k8sLikeFront } from '../registry/stubs/fronts.js';

export interface OldRegistry {
  front: Front;
  /** Where the old registry redirects, and the node cannot go. */
  blocked: string;
}

export async function startOldRegistry(): Promise<OldRegistry> {
  const [closed] = (await freePorts(1)) as [number];
  const blocked = `127.0.0.2:${closed}`;
  return { front: await k8sLikeFront(() => blocked), blocked };
}
