/** `fixAt`: one sentence naming what must change so the old reference stays gone. Pure. */
import { imageSettableKinds, type ManagedBy, type ObjectRef } from '../findings.js';

export interface FixInput {
  object: ObjectRef;
  owners: readonly ObjectRef[];
  fieldPath: string;
  container: string | null;
  manager: ManagedBy | null;
  /** The Helm value path that sets this image, when the release's values name it. */
  valuePath: string | null;
  /** Why the Helm release could not be read (its storage was refused); null when it was read. */
  releaseUnread?: string | null;
  /** Only pod status shows the image: `pod` (one of `pods`) runs it, its spec names another. */
  notDeclared?: { pod: ObjectRef; pods: number } | null;
  /** The image is only in an old revision of a Deployment (a ReplicaSet it owns). */
  oldRevision?: {
    deployment: ObjectRef;
    replicaSet: ObjectRef;
    revision: string | null;
    pods: number;
  } | null;
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

const builtinKinds = imageSettableKinds;

function isPause(image: string | null): boolean {
  return image !== null && /(^|\/)pause([:@]|$)/.test(image);
}

function managedSentence(m: ManagedBy, input: FixInput): string | undefined {
  const where = m.namespace ? `${m.namespace}/${m.name}` : `${m.name}`;
  const value = input.valuePath ? `\`${input.valuePath}\`` : null;
  switch (m.tool) {
    case 'helm':
      if (input.releaseUnread)
        return `Change the image in Helm release ${where}'s values or chart, then helm upgrade it: the release could not be read (${input.releaseUnread}), so which value sets it is unknown.`;
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
  const old = input.oldRevision;
  if (old) {
    const rev = old.revision ? `revision ${old.revision}` : 'an old revision';
    const running =
      old.pods > 0
        ? `its ${old.pods === 1 ? 'pod is' : `${old.pods} pods are`} being replaced by the rollout`
        : 'a rollback to it would bring the image back';
    return `Nothing to change in ${describe(old.deployment)}: only its ${rev} (ReplicaSet ${old.replicaSet.name}) names the image; ${running}.`;
  }
  if (input.notDeclared) {
    const { pod, pods } = input.notDeclared;
    const more = pods > 1 ? ` and ${pods - 1} more` : '';
    const owner = input.owners.at(-1);
    const restart =
      owner && owner.kind !== 'Node'
        ? `restart them (kubectl rollout restart, or delete the pods) so ${describe(owner)} recreates them from its spec`
        : 'recreate it from its spec';
    return `Running, not declared: ${describe(pod)}${more} still runs this image although the spec names another; ${restart}.`;
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
  // A CronJob's template would have spoken for the group had it named the image: only an earlier Job does.
  if (input.object.kind === 'Job' && root.kind === 'CronJob')
    return `Nothing to change in ${describe(root)}: only ${describe(input.object)}, created from an earlier template, names the image; it goes with the CronJob's job history (or delete it).`;
  return `Change the pod template of ${describe(root)} (container ${input.container}); its pods still run the old image.`;
}
