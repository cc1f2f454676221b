/** Hits → findings: one per (root object, container, image), with owners, manager, fixAt and pod count. Pure. */
import type { ClusterFinding, ManagedBy, ObjectRef } from '../findings.js';
import { applyMatch } from '../rules/match.js';
import type { Collector, Hit } from './collect.js';
import { fixAt } from './fixat.js';
import { type HelmReleaseRef, unmanaged } from './managers.js';
import { type Chain, effectiveManager } from './owners.js';

/** `ctx:ns/deployment/web`: where a cluster finding lives, in the place a file finding keeps its path. */
export function locator(cluster: string, ref: ObjectRef): string {
  const ns = ref.namespace ? `${ref.namespace}/` : '';
  return `${cluster}:${ns}${ref.kind.toLowerCase()}/${ref.name}`;
}

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

/** The value path that sets `image` in a Helm release's values, or null. */
export type ValuePathLookup = (release: HelmReleaseRef | null, image: string) => string | null;

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
    // The object nearest the root speaks for the group; a template before a pod.
    const better =
      chain.owners.length < group.chain.owners.length ||
      (chain.owners.length === group.chain.owners.length && group.hit.isPod && !hit.isPod);
    if (better) Object.assign(group, { hit, chain });
  }
  const findings: ClusterFinding[] = [];
  for (const g of groups.values()) findings.push(toFinding(collector.cluster, g, valuePath));
  return findings;
}

function toFinding(cluster: string, g: Group, valuePath: ValuePathLookup): ClusterFinding {
  const { hit, chain } = g;
  const image = hit.container.image;
  const replacement = applyMatch(image, hit.match);
  const manager = effectiveManager(chain.managers, hit.ownManager);
  const finding: ClusterFinding = {
    source: 'cluster',
    path: locator(cluster, hit.object),
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: image.length + 1,
    match: image,
    kind: 'image',
    image,
    replacement,
    rule: hit.match.rule.id,
    format: 'json',
    context: hit.container.fieldPath,
    cluster,
    namespace: hit.object.namespace ?? null,
    object: hit.object,
    container: hit.container.name,
    fieldPath: hit.container.fieldPath,
    imageID: g.imageID,
    runningFromNew: g.runningFromNew,
    owners: chain.owners,
    managedBy: manager ?? unmanaged,
    fixAt: fixAt({
      object: hit.object,
      owners: chain.owners,
      fieldPath: hit.container.fieldPath,
      container: hit.container.name,
      manager,
      valuePath: valuePath(helmReleaseFor(manager, chain.helm ?? hit.ownHelm), image),
      replacement,
    }),
    pods: g.pods,
  };
  if (hit.match.rule.action === 'report')
    Object.defineProperty(finding, 'action', { value: 'report', enumerable: false, writable: true });
  return finding;
}
