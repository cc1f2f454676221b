/** Node findings: images a node holds (status.images), where the runtime's pause image shows up. Pure. */
import type { ClusterFinding, ObjectRef } from '../findings.js';
import { applyMatch, matchRule } from '../rules/match.js';
import type { Rule } from '../rules/types.js';
import { locator } from './build.js';
import { fixAt } from './fixat.js';
import { unmanaged } from './managers.js';
import type { KubeObject } from './objects.js';

export function nodeFindings(cluster: string, node: KubeObject, rules: readonly Rule[]): ClusterFinding[] {
  const object: ObjectRef = { apiVersion: 'v1', kind: 'Node', name: node.metadata.name };
  const images = (node.status?.['images'] as { names?: string[] }[] | undefined) ?? [];
  const out: ClusterFinding[] = [];
  images.forEach((entry, index) => {
    const names = entry.names ?? [];
    const tagged = names.find((n) => !n.includes('@'));
    const digest = names.find((n) => n.includes('@')) ?? null;
    const image = tagged ?? digest;
    if (!image) return;
    const match = matchRule(image, rules);
    if (!match) return;
    const replacement = applyMatch(image, match);
    const fieldPath = `status.images[${index}].names`;
    out.push({
      source: 'node',
      path: locator(cluster, object),
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: image.length + 1,
      match: image,
      kind: 'image',
      image,
      replacement,
      rule: match.rule.id,
      format: 'json',
      context: fieldPath,
      cluster,
      namespace: null,
      object,
      container: null,
      fieldPath,
      imageID: digest,
      runningFromNew: false,
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
      }),
      pods: 0,
    });
  });
  return out;
}
