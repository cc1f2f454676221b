/**
 * Which fields of each listed kind a scan keeps, by their numbers in k8s.io/api's generated.proto,
 * named as in JSON: decoded objects have the JSON shape, minus everything a scan never reads
 * (managedFields, env, probes...). A field missing here is simply absent from the decoded object.
 */
import type { Schema } from './protobuf.js';

const s = (name: string): { name: string; type: 'string' } => ({ name, type: 'string' });

const ownerReference: Schema = {
  5: s('apiVersion'),
  1: s('kind'),
  3: s('name'),
  4: s('uid'),
  6: { name: 'controller', type: 'bool' },
};

const objectMeta: Schema = {
  1: s('name'),
  3: s('namespace'),
  5: s('uid'),
  11: { name: 'labels', type: 'map' },
  12: { name: 'annotations', type: 'map' },
  13: { name: 'ownerReferences', type: ownerReference, repeated: true },
};

const container: Schema = { 1: s('name'), 2: s('image') };

const podSpec: Schema = {
  2: { name: 'containers', type: container, repeated: true },
  20: { name: 'initContainers', type: container, repeated: true },
  // EphemeralContainer embeds EphemeralContainerCommon (field 1); JSON inlines it.
  34: {
    name: 'ephemeralContainers',
    type: { 1: { name: '', type: container, inline: true } },
    repeated: true,
  },
};

const containerStatus: Schema = {
  1: s('name'),
  2: { name: 'state', type: { 1: { name: 'waiting', type: { 1: s('reason'), 2: s('message') } } } },
  6: s('image'),
  7: s('imageID'),
};

const podStatus: Schema = {
  8: { name: 'containerStatuses', type: containerStatus, repeated: true },
  10: { name: 'initContainerStatuses', type: containerStatus, repeated: true },
  13: { name: 'ephemeralContainerStatuses', type: containerStatus, repeated: true },
};

/** PodTemplateSpec: its spec only (a scan reads a template's images, not its labels). */
const podTemplate: Schema = { 2: { name: 'spec', type: podSpec } };

/** A workload whose spec keeps the pod template at `templateField`. */
const workload = (templateField: number): Schema => ({
  1: { name: 'metadata', type: objectMeta },
  2: { name: 'spec', type: { [templateField]: { name: 'template', type: podTemplate } } },
});

const jobSpec: Schema = { 6: { name: 'template', type: podTemplate } };

/** Item schemas by `apiVersion kind`: only built-in kinds have a protobuf encoding. */
export const itemSchemas: Readonly<Record<string, Schema>> = {
  'v1 Pod': {
    1: { name: 'metadata', type: objectMeta },
    2: { name: 'spec', type: podSpec },
    3: { name: 'status', type: podStatus },
  },
  'apps/v1 Deployment': workload(3),
  'apps/v1 StatefulSet': workload(3),
  'apps/v1 ReplicaSet': workload(3),
  'apps/v1 DaemonSet': workload(2),
  'v1 ReplicationController': workload(3),
  'batch/v1 Job': { 1: { name: 'metadata', type: objectMeta }, 2: { name: 'spec', type: jobSpec } },
  'batch/v1 CronJob': {
    1: { name: 'metadata', type: objectMeta },
    2: { name: 'spec', type: { 5: { name: 'jobTemplate', type: { 2: { name: 'spec', type: jobSpec } } } } },
  },
};

/** A List: its continue token and items. */
export function listSchema(item: Schema): Schema {
  return {
    1: { name: 'metadata', type: { 3: s('continue') } },
    2: { name: 'items', type: item, repeated: true },
  };
}

/** metav1.Status, as an error answer in protobuf. */
export const statusSchema: Schema = {
  3: s('message'),
  4: s('reason'),
  6: { name: 'code', type: 'int' },
};
