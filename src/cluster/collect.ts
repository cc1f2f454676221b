/** Collects hits page by page (templates and pods), keeping counts rather than objects. Pure. */
import type { PullFailure } from '../cluster-report.js';
import type { ObjectRef } from '../findings.js';
import { matchRule } from '../rules/match.js';
import type { Rule, RuleMatch } from '../rules/types.js';
import { helmReleaseOf, managerOf } from './managers.js';
import {
  type ContainerImage,
  containerImages,
  controllerOf,
  type KubeObject,
  type OwnerReference,
} from './objects.js';
import { OwnerIndex, refOf } from './owners.js';
import { podPullFailures } from './pulls.js';
import type { ResourceType } from './resources.js';

/** One object's (or one owner's pods') use of a matching image in one container. */
export interface Hit {
  object: ObjectRef;
  /** The object's controller; undefined for roots and bare pods. */
  owner: OwnerReference | undefined;
  container: ContainerImage;
  match: RuleMatch;
  ownManager: ReturnType<typeof managerOf>;
  ownHelm: ReturnType<typeof helmReleaseOf>;
  /** Pods counted into this hit (0 for templates). */
  pods: number;
  isPod: boolean;
  imageID: string | null;
  /** Only pod status shows this image: the spec of its container names another, unmoved one. */
  notDeclared: boolean;
  /** A ReplicaSet's `deployment.kubernetes.io/revision`, when a Deployment owns it. */
  revision: string | null;
}

type ContainerStatus = { name?: string; image?: string; imageID?: string };
const statusLists = [
  ['initContainerStatuses', 'initContainers'],
  ['containerStatuses', 'containers'],
  ['ephemeralContainerStatuses', 'ephemeralContainers'],
] as const;

function stripRuntime(imageID: string): string {
  return imageID.replace(/^[a-z-]+:\/\//, '');
}

/** `pod status imageID` per container name. */
function imageIDs(pod: KubeObject): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [key] of statusLists) {
    for (const s of (pod.status?.[key] as ContainerStatus[] | undefined) ?? [])
      if (s.name && s.imageID) ids.set(s.name, stripRuntime(s.imageID));
  }
  return ids;
}

/** Did the runtime pull `imageID` from under `prefix` (the rule's new location)? */
export function pulledFrom(imageID: string, prefix: string): boolean {
  const id = imageID.toLowerCase();
  const p = prefix.toLowerCase();
  return id.startsWith(p) && '/@:'.includes(id[p.length] ?? 'x');
}

export class Collector {
  readonly hits = new Map<string, Hit>();
  readonly pullFailures: PullFailure[] = [];
  /** Running digests pulled from the new location, per hit key. */
  readonly runningFromNew = new Set<string>();
  objects = 0;
  pods = 0;
  /** Workloads whose template was read (listed), by uid: only these can be said not to name an image. */
  readonly templatesRead = new Set<string>();
  /** Pods with at least one old image, each counted once however many of its containers match. */
  podsWithFindings = 0;
  readonly index: OwnerIndex;

  constructor(
    readonly cluster: string,
    readonly rules: readonly Rule[],
    /** Argo CD Applications that exist (`ns/name` and `name`): the instance label counts only for these. */
    readonly argoApps: ReadonlySet<string> = new Set(),
  ) {
    this.index = new OwnerIndex(argoApps);
  }

  addWorkload(type: ResourceType, object: KubeObject): void {
    this.objects++;
    this.index.add(object, type);
    if (type.kind === 'Deployment') this.templatesRead.add(object.metadata.uid);
    const owner = controllerOf(object.metadata);
    const revision =
      type.kind === 'ReplicaSet' && owner?.kind === 'Deployment'
        ? (object.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '')
        : null;
    for (const c of containerImages(object, type.podSpec ?? [])) {
      const match = matchRule(c.image, this.rules);
      if (!match) continue;
      const key = `${object.metadata.uid}\0${c.name}\0${c.image}`;
      const seen = this.hits.get(key);
      if (seen && !seen.isPod) continue;
      // Its pods may have come first: the template takes their place, keeping their count.
      this.hits.set(key, {
        object: refOf(object, type),
        owner,
        container: c,
        match,
        ownManager: managerOf(object.metadata, this.argoApps),
        ownHelm: helmReleaseOf(object.metadata),
        pods: seen?.pods ?? 0,
        isPod: false,
        imageID: seen?.imageID ?? null,
        notDeclared: false,
        revision,
      });
    }
  }

  addPod(pod: KubeObject): void {
    this.pods++;
    const owner = controllerOf(pod.metadata);
    // Pods under one owner share a hit; a bare pod (or a static pod) is its own.
    const group = owner && owner.kind !== 'Node' ? owner.uid : pod.metadata.uid;
    const ids = imageIDs(pod);
    const declared = containerImages(pod, ['spec']);
    let matched = false;
    for (const c of declared) {
      const match = matchRule(c.image, this.rules);
      if (!match) continue;
      matched = true;
      const imageID = ids.get(c.name) ?? null;
      const key = this.count(pod, owner, group, c, match, imageID, false);
      if (imageID && pulledFrom(imageID, match.replacementPrefix)) this.runningFromNew.add(key);
    }
    // Running, not declared: status shows an old image where the spec no longer names one.
    for (const [statusKey, list] of statusLists) {
      const statuses = (pod.status?.[statusKey] as ContainerStatus[] | undefined) ?? [];
      statuses.forEach((s, index) => {
        if (!s.name || !s.image) return;
        const match = matchRule(s.image, this.rules);
        if (!match) return;
        const spec = declared.find((c) => c.list === list && c.name === s.name);
        if (spec && matchRule(spec.image, this.rules)) return;
        matched = true;
        const c: ContainerImage = {
          list,
          index: spec?.index ?? -1,
          name: s.name,
          image: s.image,
          fieldPath: `status.${statusKey}[${index}].image`,
        };
        this.count(pod, owner, group, c, match, s.imageID ? stripRuntime(s.imageID) : null, true);
      });
    }
    if (matched) this.podsWithFindings++;
    if (pod.status) this.pullFailures.push(...podPullFailures(this.cluster, pod, this.rules));
  }

  /** Count one pod into the hit of its group, container and image; returns the hit's key. */
  private count(
    pod: KubeObject,
    owner: OwnerReference | undefined,
    group: string,
    c: ContainerImage,
    match: RuleMatch,
    imageID: string | null,
    notDeclared: boolean,
  ): string {
    const key = `${group}\0${c.name}\0${c.image}`;
    const hit = this.hits.get(key);
    if (hit) {
      hit.pods++;
      hit.imageID ??= imageID;
      return key;
    }
    this.hits.set(key, {
      object: refOf(pod, { apiVersion: 'v1', kind: 'Pod' }),
      owner,
      container: c,
      match,
      ownManager: managerOf(pod.metadata, this.argoApps),
      ownHelm: helmReleaseOf(pod.metadata),
      pods: 1,
      isPod: true,
      imageID,
      notDeclared,
      revision: null,
    });
    return key;
  }
}
