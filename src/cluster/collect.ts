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
}

function stripRuntime(imageID: string): string {
  return imageID.replace(/^[a-z-]+:\/\//, '');
}

/** `pod status imageID` per container name. */
function imageIDs(pod: KubeObject): Map<string, string> {
  const ids = new Map<string, string>();
  for (const key of ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses']) {
    for (const s of (pod.status?.[key] as { name?: string; imageID?: string }[] | undefined) ?? [])
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
  readonly index = new OwnerIndex();
  readonly hits = new Map<string, Hit>();
  readonly pullFailures: PullFailure[] = [];
  /** Running digests pulled from the new location, per hit key. */
  readonly runningFromNew = new Set<string>();
  objects = 0;
  pods = 0;

  constructor(
    readonly cluster: string,
    readonly rules: readonly Rule[],
  ) {}

  addWorkload(type: ResourceType, object: KubeObject): void {
    this.objects++;
    this.index.add(object, type);
    for (const c of containerImages(object, type.podSpec ?? [])) {
      const match = matchRule(c.image, this.rules);
      if (!match) continue;
      const key = `${object.metadata.uid}\0${c.name}\0${c.image}`;
      const seen = this.hits.get(key);
      if (seen && !seen.isPod) continue;
      // Its pods may have come first: the template takes their place, keeping their count.
      this.hits.set(key, {
        object: refOf(object, type),
        owner: controllerOf(object.metadata),
        container: c,
        match,
        ownManager: managerOf(object.metadata),
        ownHelm: helmReleaseOf(object.metadata),
        pods: seen?.pods ?? 0,
        isPod: false,
        imageID: seen?.imageID ?? null,
      });
    }
  }

  addPod(pod: KubeObject): void {
    this.pods++;
    const owner = controllerOf(pod.metadata);
    let ids: Map<string, string> | undefined;
    for (const c of containerImages(pod, ['spec'])) {
      const match = matchRule(c.image, this.rules);
      if (!match) continue;
      // Pods under one owner share a hit; a bare pod (or a static pod) is its own.
      const group = owner && owner.kind !== 'Node' ? owner.uid : pod.metadata.uid;
      const key = `${group}\0${c.name}\0${c.image}`;
      ids ??= imageIDs(pod);
      const imageID = ids.get(c.name) ?? null;
      const hit = this.hits.get(key);
      if (hit) {
        hit.pods++;
        hit.imageID ??= imageID;
      } else {
        this.hits.set(key, {
          object: refOf(pod, { apiVersion: 'v1', kind: 'Pod' }),
          owner,
          container: c,
          match,
          ownManager: managerOf(pod.metadata),
          ownHelm: helmReleaseOf(pod.metadata),
          pods: 1,
          isPod: true,
          imageID,
        });
      }
      if (imageID && pulledFrom(imageID, match.replacementPrefix)) this.runningFromNew.add(key);
    }
    if (pod.status) this.pullFailures.push(...podPullFailures(this.cluster, pod, this.rules));
  }
}
