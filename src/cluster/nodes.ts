/** Node findings: images a node holds (status.images), where the runtime's pause image shows up. Pure. */
import type { ClusterFinding, ObjectRef } from '../findings.js';
import { matchRule } from '../rules/match.js';
import { moveOf } from '../rules/move.js';
import type { Rule, RuleMatch } from '../rules/types.js';
import { fixAt } from './fixat.js';
import { unmanaged } from './managers.js';
import type { KubeObject } from './objects.js';

/** `containerd` from `containerd://1.7.2`, as the kubelet reports status.nodeInfo.containerRuntimeVersion. */
export function nodeRuntime(node: KubeObject): string | null {
  const info = node.status?.['nodeInfo'] as { containerRuntimeVersion?: string } | undefined;
  return /^([a-z-]+):\/\//.exec(info?.containerRuntimeVersion ?? '')?.[1] ?? null;
}

/** The names of one status.images entry that the rules move: tags first, a digest only when no tag names it. */
function oldNames(names: readonly string[], rules: readonly Rule[]): { image: string; match: RuleMatch }[] {
  const matched = names.flatMap((image) => {
    const match = matchRule(image, rules);
    return match ? [{ image, match }] : [];
  });
  const tagged = matched.filter((m) => !m.image.includes('@'));
  return tagged.length > 0 ? tagged : matched.slice(0, 1);
}

/**
 * One finding per node and old name: an image the runtime holds under both the old and the new
 * name is reported once, under the old; the same name in two entries once.
 */
export function nodeFindings(cluster: string, node: KubeObject, rules: readonly Rule[]): ClusterFinding[] {
  const object: ObjectRef = { apiVersion: 'v1', kind: 'Node', name: node.metadata.name };
  const images = (node.status?.['images'] as { names?: string[] }[] | undefined) ?? [];
  const runtime = nodeRuntime(node);
  const seen = new Set<string>();
  const out: ClusterFinding[] = [];
  images.forEach((entry, index) => {
    const names = entry.names ?? [];
    for (const { image, match } of oldNames(names, rules)) {
      if (seen.has(image)) continue;
      seen.add(image);
      const repo = image.replace(/[@:][^/]*$/, '');
      const digest =
        names.find((n) => n.startsWith(`${repo}@`)) ?? names.find((n) => n.includes('@')) ?? null;
      out.push(toFinding(cluster, object, image, match, `status.images[${index}].names`, digest, runtime));
    }
  });
  return out;
}

function toFinding(
  cluster: string,
  object: ObjectRef,
  image: string,
  match: RuleMatch,
  fieldPath: string,
  digest: string | null,
  runtime: string | null,
): ClusterFinding {
  const move = moveOf(image, match);
  const replacement = move.target;
  return {
    source: 'node',
    cluster,
    namespace: null,
    object,
    container: null,
    fieldPath,
    match: image,
    kind: 'image',
    image,
    replacement,
    rule: match.rule.id,
    valuePath: null,
    imageID: digest,
    runningFromNew: false,
    runningNotDeclared: false,
    revision: null,
    owners: [],
    managedBy: unmanaged,
    fixAt: fixAt({
      object,
      owners: [],
      fieldPath,
      container: null,
      manager: null,
      valuePath: null,
      replacement,
      node: true,
      runtime,
    }),
    pods: 0,
    ...(move.note !== null ? { note: move.note } : {}),
  };
}
