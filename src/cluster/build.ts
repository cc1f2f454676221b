/** Hits → findings: one per (root object, container, image), with owners, manager, fixAt and pod count. Pure. */
import type { ClusterFinding, ManagedBy, ObjectRef } from '../findings.js';
import { moveOf } from '../rules/move.js';
import { Collector, type Hit } from './collect.js';
import { fixAt } from './fixat.js';
import { type HelmReleaseRef, unmanaged } from './managers.js';
import type { KubeObject } from './objects.js';
import { type Chain, effectiveManager } from './owners.js';
import type { ResourceType } from './resources.js';

function refKey(ref: ObjectRef): string {
  return `${ref.namespace ?? ''}/${ref.kind}/${ref.name}`;
}

interface Group {
  hit: Hit;
  chain: Chain;
  pods: number;
  imageID: string | null;
  runningFromNew: boolean;
}

/** What the Helm release storage says about an image: the value path that sets it, or that it was unreadable. */
export interface ValuePathLookup {
  (release: HelmReleaseRef | null, image: string): string | null;
  /** Why a release could not be read (its storage was refused), or null when it was read or absent. */
  unread?: (release: HelmReleaseRef | null) => string | null;
}

/** The Helm release whose values a manager renders: Helm's own, or the one a Flux HelmRelease installed. */
function helmReleaseFor(manager: ManagedBy | null, annotated: HelmReleaseRef | null): HelmReleaseRef | null {
  if (manager?.tool === 'helm')
    return manager.name ? { name: manager.name, namespace: manager.namespace } : null;
  if (manager?.tool === 'flux' && manager.kind === 'HelmRelease') return annotated;
  return null;
}

export function buildFindings(collector: Collector, valuePath: ValuePathLookup): ClusterFinding[] {
  const groups = new Map<string, Group>();
  for (const [key, hit] of collector.hits) {
    const chain = collector.index.chain(hit.owner, hit.object.namespace);
    const top = chain.owners.at(-1);
    // Static pods stop at their Node, but each is its own root.
    const root = top && !(top.kind === 'Node' && top.apiVersion === 'v1') ? top : hit.object;
    const groupKey = `${refKey(root)}\0${hit.container.name}\0${hit.container.image}`;
    const fromNew = collector.runningFromNew.has(key);
    const group = groups.get(groupKey);
    if (!group) {
      groups.set(groupKey, { hit, chain, pods: hit.pods, imageID: hit.imageID, runningFromNew: fromNew });
      continue;
    }
    group.pods += hit.pods;
    group.imageID ??= hit.imageID;
    group.runningFromNew ||= fromNew;
    // The object nearest the root speaks for the group; a template before a pod; the newest revision.
    const better =
      chain.owners.length < group.chain.owners.length ||
      (chain.owners.length === group.chain.owners.length && group.hit.isPod && !hit.isPod) ||
      (chain.owners.length === group.chain.owners.length &&
        Number(hit.revision ?? 0) > Number(group.hit.revision ?? 0));
    if (better) Object.assign(group, { hit, chain });
  }
  const findings: ClusterFinding[] = [];
  for (const g of groups.values())
    findings.push(toFinding(collector.cluster, g, valuePath, collector.templatesRead));
  return findings;
}

/**
 * A Deployment's ReplicaSet speaks for its group only when the Deployment's own template no longer names
 * the image: an old revision (or the old side of a rollout). It is folded into the Deployment.
 */
function oldRevision(
  g: Group,
  read: ReadonlySet<string>,
): { replicaSet: ObjectRef; deployment: ObjectRef } | null {
  const deployment = g.chain.owners.at(-1);
  if (g.hit.revision === null || !deployment || g.chain.owners.length !== 1) return null;
  // A Deployment only looked up as an owner (a label selector left it out) may well name the image.
  if (!g.hit.owner || !read.has(g.hit.owner.uid)) return null;
  return { replicaSet: g.hit.object, deployment };
}

function toFinding(
  cluster: string,
  g: Group,
  valuePath: ValuePathLookup,
  read: ReadonlySet<string>,
): ClusterFinding {
  const { hit, chain } = g;
  const image = hit.container.image;
  const move = moveOf(image, hit.match);
  const replacement = move.target;
  const manager = effectiveManager(chain.managers, hit.ownManager);
  const release = helmReleaseFor(manager, chain.helm ?? hit.ownHelm);
  const path = valuePath(release, image);
  const old = oldRevision(g, read);
  const object = old ? old.deployment : hit.object;
  const owners = old ? [] : chain.owners;
  const finding: ClusterFinding = {
    source: 'cluster',
    cluster,
    namespace: hit.object.namespace ?? null,
    object,
    container: hit.container.name,
    fieldPath: hit.container.fieldPath,
    match: image,
    kind: 'image',
    image,
    replacement,
    rule: hit.match.rule.id,
    valuePath: path,
    imageID: g.imageID,
    runningFromNew: g.runningFromNew,
    runningNotDeclared: hit.notDeclared,
    revision: old ? hit.revision || null : null,
    owners,
    managedBy: manager ?? unmanaged,
    fixAt: fixAt({
      object,
      owners,
      fieldPath: hit.container.fieldPath,
      container: hit.container.name,
      manager,
      valuePath: path,
      releaseUnread: valuePath.unread?.(release) ?? null,
      replacement,
      notDeclared: hit.notDeclared ? { pod: hit.object, pods: g.pods } : null,
      oldRevision: old ? { ...old, revision: hit.revision || null, pods: g.pods } : null,
    }),
    pods: g.pods,
    ...(move.note !== null ? { note: move.note } : {}),
  };
  // A report-only rule, or a tag the move left behind: reported, never patched.
  if (hit.match.rule.action === 'report' || replacement === null)
    Object.defineProperty(finding, 'action', { value: 'report', enumerable: false, writable: true });
  return finding;
}

/**
 * One root object's findings on its own, as soon as it is read (owners, pods and Helm storage still
 * unknown): for work that may start before the scan ends. The final report's findings are the ones that count.
 */
export function rootFindings(
  collector: Collector,
  type: ResourceType | undefined,
  object: KubeObject,
): ClusterFinding[] {
  const one = new Collector(collector.cluster, collector.rules, collector.argoApps);
  if (type) one.addWorkload(type, object);
  else one.addPod(object);
  return one.hits.size === 0 ? [] : buildFindings(one, () => null);
}
