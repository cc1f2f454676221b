/** Owner chains: index every listed controller by uid, then follow ownerReferences up to the root. */
import type { ManagedBy, ObjectRef } from '../findings.js';
import { type HelmReleaseRef, helmReleaseOf, managerOf } from './managers.js';
import { controllerOf, type KubeObject, type OwnerReference } from './objects.js';

export interface IndexedObject {
  ref: ObjectRef;
  owner: OwnerReference | undefined;
  manager: ManagedBy | null;
  helm: HelmReleaseRef | null;
}

export interface Chain {
  /** Nearest owner first; the last is the root. */
  owners: ObjectRef[];
  /** Managers along the chain, root first (null where an object has none). */
  managers: (ManagedBy | null)[];
  /** An owner that is not in the index (an operator's custom resource, or one we could not read). */
  unresolved: OwnerReference | undefined;
  /** The Helm release of the owner nearest the root that names one. */
  helm: HelmReleaseRef | null;
}

export function refOf(object: KubeObject, fallback: { apiVersion: string; kind: string }): ObjectRef {
  const ref: ObjectRef = {
    apiVersion: object.apiVersion ?? fallback.apiVersion,
    kind: object.kind ?? fallback.kind,
    name: object.metadata.name,
  };
  if (object.metadata.namespace !== undefined) ref.namespace = object.metadata.namespace;
  return ref;
}

/** Only what chains need is kept per object: a few strings, not the object. */
export class OwnerIndex {
  private readonly byUid = new Map<string, IndexedObject>();
  constructor(private readonly argoApps: ReadonlySet<string> = new Set()) {}

  add(object: KubeObject, fallback: { apiVersion: string; kind: string }): void {
    this.byUid.set(object.metadata.uid, {
      ref: refOf(object, fallback),
      owner: controllerOf(object.metadata),
      manager: managerOf(object.metadata, this.argoApps),
      helm: helmReleaseOf(object.metadata),
    });
  }

  has(uid: string): boolean {
    return this.byUid.has(uid);
  }

  get size(): number {
    return this.byUid.size;
  }

  /** Follow `owner` up to the root. Static pods stop at their Node. Cycles and depth are bounded. */
  chain(owner: OwnerReference | undefined, namespace: string | undefined): Chain {
    const owners: ObjectRef[] = [];
    const managers: (ManagedBy | null)[] = [];
    const seen = new Set<string>();
    let helm: HelmReleaseRef | null = null;
    let next = owner;
    while (next && !seen.has(next.uid) && owners.length < 16) {
      seen.add(next.uid);
      const found = this.byUid.get(next.uid);
      const ref: ObjectRef = { apiVersion: next.apiVersion, kind: next.kind, name: next.name };
      if (namespace !== undefined && !isClusterScoped(next)) ref.namespace = namespace;
      owners.push(ref);
      if (!found) {
        managers.unshift(null);
        return { owners, managers, unresolved: isClusterScoped(next) ? undefined : next, helm };
      }
      managers.unshift(found.manager);
      helm = found.helm ?? helm;
      next = found.owner;
    }
    return { owners, managers, unresolved: undefined, helm };
  }
}

/** Owners regshift never looks up: Nodes own static (mirror) pods. */
export function isClusterScoped(ref: { apiVersion: string; kind: string }): boolean {
  return ref.apiVersion === 'v1' && ref.kind === 'Node';
}

/** The manager that counts: the one nearest the root. */
export function effectiveManager(
  managers: readonly (ManagedBy | null)[],
  own: ManagedBy | null,
): ManagedBy | null {
  for (const m of managers) if (m) return m;
  return own;
}
