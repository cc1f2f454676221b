/** The few shapes of Kubernetes objects regshift reads (a list's items are plain JSON). */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface KubeMeta {
  name: string;
  namespace?: string;
  uid: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: KubeMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ListPage {
  items: KubeObject[];
  metadata?: { continue?: string; resourceVersion?: string };
}

export interface ContainerImage {
  list: 'containers' | 'initContainers' | 'ephemeralContainers';
  index: number;
  name: string;
  image: string;
  /** e.g. spec.template.spec.initContainers[0].image */
  fieldPath: string;
}

const lists = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/** Walk `path` (e.g. spec.template.spec) into an object; undefined if any step is missing. */
export function at(object: unknown, path: readonly string[]): unknown {
  let value = object;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Every container image of a pod spec found at `path`, with its field path. */
export function containerImages(object: unknown, path: readonly string[]): ContainerImage[] {
  const spec = at(object, path);
  if (spec === null || typeof spec !== 'object') return [];
  const out: ContainerImage[] = [];
  const prefix = path.join('.');
  for (const list of lists) {
    const containers = (spec as Record<string, unknown>)[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((c: { name?: unknown; image?: unknown }, index) => {
      if (typeof c?.image !== 'string' || c.image === '') return;
      out.push({
        list,
        index,
        name: typeof c.name === 'string' ? c.name : `${list}[${index}]`,
        image: c.image,
        fieldPath: `${prefix}.${list}[${index}].image`,
      });
    });
  }
  return out;
}

/** The owner a controller follows: the one marked `controller`, else the first. */
export function controllerOf(meta: KubeMeta): OwnerReference | undefined {
  const refs = meta.ownerReferences ?? [];
  return refs.find((r) => r.controller) ?? refs[0];
}
