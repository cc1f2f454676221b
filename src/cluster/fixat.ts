/** `fixAt`: one sentence naming what must change so the old reference stays gone. Pure. */
import type { ManagedBy, ObjectRef } from '../findings.js';

export interface FixInput {
  object: ObjectRef;
  owners: readonly ObjectRef[];
  fieldPath: string;
  container: string | null;
  manager: ManagedBy | null;
  /** The Helm value path that sets this image, when the release's values name it. */
  valuePath: string | null;
  /** For Helm release findings: the chart template the manifest came from. */
  template?: string | null;
  replacement: string | null;
  /** True for images found in a node's status.images. */
  node?: boolean;
  /** The node's container runtime (`containerd`, `cri-o`, `docker`), when its status names one. */
  runtime?: string | null;
}

export function describe(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

const builtinKinds = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Pod',
]);

function isPause(image: string | null): boolean {
  return image !== null && /(^|\/)pause([:@]|$)/.test(image);
}

function managedSentence(m: ManagedBy, input: FixInput): string | undefined {
  const where = m.namespace ? `${m.namespace}/${m.name}` : `${m.name}`;
  const value = input.valuePath ? `\`${input.valuePath}\`` : null;
  switch (m.tool) {
    case 'helm':
      if (value) return `Change ${value} in the values of Helm release ${where}, then helm upgrade it.`;
      if (input.template)
        return `Change the image in ${input.template} of Helm release ${where}'s chart (its values do not set it), then upgrade the release.`;
      return `Change the image in Helm release ${where}'s chart (its values do not set it), then upgrade the release.`;
    case 'argocd':
      return `Change the image in the source of Argo CD application ${where}${value ? ` (Helm value ${value})` : ''}; a live edit is reverted at the next sync.`;
    case 'flux':
      if (m.kind === 'HelmRelease' && input.valuePath)
        return `Set \`spec.values.${input.valuePath}\` of Flux HelmRelease ${where}; a live edit is reverted at the next reconcile.`;
      if (m.kind === 'HelmRelease')
        return `Change the image in the chart of Flux HelmRelease ${where} (its values do not set it); a live edit is reverted at the next reconcile.`;
      return `Change the image in the source of Flux Kustomization ${where}; a live edit is reverted at the next reconcile.`;
    case 'kustomize':
      return `Change the image in the kustomization that renders ${describe(input.owners.at(-1) ?? input.object)} (an images: entry or the base), then apply it again.`;
    default:
      return undefined;
  }
}

/** Where a node's runtime takes its pause (sandbox) image from. */
function pauseSentence(node: string, image: string, runtime: string | null): string {
  if (runtime === 'containerd')
    return `Set sandbox_image in node ${node}'s containerd config (/etc/containerd/config.toml) to ${image} and restart containerd; kubelet --pod-infra-container-image, if set, to the same.`;
  if (runtime === 'cri-o')
    return `Set pause_image in node ${node}'s CRI-O config (/etc/crio/crio.conf) to ${image} and restart CRI-O; kubelet --pod-infra-container-image, if set, to the same.`;
  return `Set the pause image on node ${node} to ${image}: containerd sandbox_image, CRI-O pause_image or kubelet --pod-infra-container-image.`;
}

export function fixAt(input: FixInput): string {
  const root = input.owners.at(-1) ?? input.object;
  if (input.node) {
    if (!isPause(input.replacement))
      return `Nothing to change on node ${input.object.name} itself: the image is cached there; change the workloads or node config that pull it.`;
    return pauseSentence(input.object.name, input.replacement as string, input.runtime ?? null);
  }
  if (input.manager?.tool) {
    const sentence = managedSentence(input.manager, input);
    if (sentence) return sentence;
  }
  if (root.kind === 'Node' && root.apiVersion === 'v1') {
    return `Edit the static pod manifest of ${describe(input.object)} in the kubelet's manifest directory on node ${root.name} (usually /etc/kubernetes/manifests).`;
  }
  if (!builtinKinds.has(root.kind)) {
    return `Change the image in ${describe(root)} (${root.apiVersion}): its controller writes ${describe(input.owners.at(-2) ?? input.object)} and puts the old image back.`;
  }
  if (root.kind === 'Pod') {
    if (input.fieldPath.includes('ephemeralContainers'))
      return `Nothing to change for ephemeral container ${input.container} of bare Pod ${describe(root).slice(4)}: it goes away when the pod is recreated.`;
    return `Recreate bare Pod ${describe(root).slice(4)} with the new image at ${input.fieldPath}: nothing else owns it.`;
  }
  if (root === input.object) return `Change ${input.fieldPath} of ${describe(root)}.`;
  return `Change the pod template of ${describe(root)} (container ${input.container}); its pods still run the old image.`;
}
