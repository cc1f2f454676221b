/** Findings → what to do per root object: patch it, skip it (why), or what to run instead. Pure. */
import type { ClusterFinding, ObjectRef } from '../findings.js';
import { pointerFor } from './ops.js';
import type { ImageChange, PatchAction, PatchEntry } from './types.js';

/** Roots whose pod template (or, for a Pod, whose image fields) a JSON patch may change. */
export const patchableKinds: Record<string, { apiVersion: string; plural: string }> = {
  Deployment: { apiVersion: 'apps/v1', plural: 'deployments' },
  StatefulSet: { apiVersion: 'apps/v1', plural: 'statefulsets' },
  DaemonSet: { apiVersion: 'apps/v1', plural: 'daemonsets' },
  ReplicaSet: { apiVersion: 'apps/v1', plural: 'replicasets' },
  ReplicationController: { apiVersion: 'v1', plural: 'replicationcontrollers' },
  CronJob: { apiVersion: 'batch/v1', plural: 'cronjobs' },
  Pod: { apiVersion: 'v1', plural: 'pods' },
};

export interface TargetOptions {
  /** Patch objects a manager (Helm, Argo CD, Flux, kustomize) owns, although it will revert the change. */
  force?: boolean;
}

function isReleaseStorage(f: ClusterFinding): boolean {
  return (f.object.kind === 'Secret' || f.object.kind === 'ConfigMap') && f.managedBy.tool !== null;
}

/** `--set` splits on commas and treats backslashes as escapes. */
function setValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll(',', '\\,');
}

/** Per Helm release (`ns/name`): value path → new value, from the findings in its stored values. */
function releaseValues(findings: readonly ClusterFinding[]): Map<string, Map<string, string>> {
  const releases = new Map<string, Map<string, string>>();
  for (const f of findings) {
    if (f.managedBy.tool !== 'helm' || !isReleaseStorage(f) || !f.valuePath || f.replacement === null)
      continue;
    if (!/^(config|chart\.values)\./.test(f.fieldPath)) continue;
    const key = `${f.managedBy.namespace}/${f.managedBy.name}`;
    let values = releases.get(key);
    if (!values) {
      values = new Map();
      releases.set(key, values);
    }
    values.set(f.valuePath, f.replacement);
  }
  return releases;
}

/** The exact `helm upgrade` for a release; `CHART` stands for the chart it was installed from. */
export function helmCommand(name: string, namespace: string, values: ReadonlyMap<string, string>): string[] {
  const sets = [...values].sort(([a], [b]) => (a < b ? -1 : 1));
  return [
    'helm',
    'upgrade',
    name,
    'CHART',
    '--namespace',
    namespace,
    '--reuse-values',
    ...sets.flatMap(([path, value]) => ['--set', `${path}=${setValue(value)}`]),
  ];
}

/** Where each kind keeps its pod spec, as a field path prefix. */
const podSpecPrefix: Record<string, string> = {
  Pod: 'spec.',
  CronJob: 'spec.jobTemplate.spec.template.spec.',
};
const prefixOf = (kind: string) => podSpecPrefix[kind] ?? 'spec.template.spec.';

/**
 * The same container field in the root's pod template: a ReplicaSet's or Pod's field under a Deployment
 * read only as an owner (a label selector left it out). The `test` precondition refuses it if the root
 * does not in fact name the image there.
 */
function atRoot(f: ClusterFinding, root: ObjectRef): string | null {
  const prefix = prefixOf(f.object.kind);
  if (!f.fieldPath.startsWith(prefix)) return null;
  return prefixOf(root.kind) + f.fieldPath.slice(prefix.length);
}

/** Why a finding is not patched at its object, or null when it is. */
function notPatched(f: ClusterFinding, force: boolean): { action: PatchAction; reason: string } | null {
  if (f.source === 'node') {
    return f.fixAt.startsWith('Nothing to change')
      ? { action: 'skip', reason: f.fixAt }
      : { action: 'instead', reason: `Not patchable from the API: ${f.fixAt}` };
  }
  if (f.action === 'report') return { action: 'skip', reason: `rule ${f.rule} is report-only` };
  if (f.managedBy.tool !== null && !force) return { action: 'instead', reason: f.fixAt };
  if (f.revision !== null || f.runningNotDeclared) return { action: 'skip', reason: f.fixAt };
  const root = f.owners.at(-1);
  if (root?.kind === 'Node') return { action: 'instead', reason: f.fixAt };
  if (root) {
    if (!patchableKinds[root.kind]) return { action: 'instead', reason: f.fixAt };
    if (f.fixAt.startsWith('Nothing to change') || atRoot(f, root) === null || f.replacement === null)
      return { action: 'skip', reason: f.fixAt };
    return null;
  }
  if (f.object.kind === 'Job')
    return {
      action: 'skip',
      reason: `Job ${f.object.name} was created with this image and a Job's pod template cannot change; change the source that creates it (its CronJob, chart or manifest) and create it again.`,
    };
  if (f.fieldPath.includes('ephemeralContainers')) return { action: 'skip', reason: f.fixAt };
  if (!patchableKinds[f.object.kind] || pointerFor(f.fieldPath) === null || f.replacement === null)
    return { action: 'instead', reason: f.fixAt };
  return null;
}

/**
 * Jobs a CronJob already created keep the old template (a Job's pod template cannot change): named when
 * the finding is the Job's (a selector left the CronJob out), else told by the CronJob's Pods.
 */
function jobsThatRan(f: ClusterFinding): string | undefined {
  const job = f.object.kind === 'Job' ? f.object : f.owners.find((o) => o.kind === 'Job');
  const which = job ? `Job ${job.name}` : f.pods > 0 ? 'The Jobs this CronJob already created' : undefined;
  if (!which) return undefined;
  return `${which} keep${job ? 's' : ''} the old image and ${job ? 'is' : 'are'} not patched (a Job's pod template cannot change); the CronJob's next Jobs use the new one: delete what still fails and create it again.`;
}

const refKey = (cluster: string, o: ObjectRef) => `${cluster}\0${o.namespace ?? ''}\0${o.kind}\0${o.name}`;

/** Group findings by root object and decide, for each, patch / skip / instead. */
export function planTargets(findings: readonly ClusterFinding[], options: TargetOptions = {}): PatchEntry[] {
  const force = options.force === true;
  const releases = releaseValues(findings);
  const entries = new Map<string, PatchEntry>();
  const entry = (f: ClusterFinding, action: PatchAction): PatchEntry => {
    const key = `${refKey(f.cluster, f.object)}\0${action}`;
    let e = entries.get(key);
    if (!e) {
      e = {
        cluster: f.cluster,
        namespace: f.namespace,
        object: f.object,
        action,
        outcome: null,
        reason: null,
        managedBy: null,
        source: null,
        command: null,
        changes: [],
        operations: [],
        diff: '',
        forced: false,
        warnings: [],
      };
      entries.set(key, e);
    }
    return e;
  };
  for (const f of findings) {
    // Release storage is the input to the Helm command, not a root of its own.
    if (isReleaseStorage(f) && /^(config|chart\.values)\./.test(f.fieldPath)) continue;
    const no = notPatched(f, force);
    if (no) {
      const e = entry(f, no.action);
      if (!e.reason?.includes(no.reason)) e.reason = e.reason ? `${e.reason} ${no.reason}` : no.reason;
      const m = f.managedBy;
      if (m.tool !== null) e.managedBy = m;
      if (no.action === 'instead' && m.tool === 'helm' && m.name && m.namespace) {
        const values = releases.get(`${m.namespace}/${m.name}`);
        if (values && values.size > 0 && f.valuePath) e.command = helmCommand(m.name, m.namespace, values);
      }
      continue;
    }
    const root = f.owners.at(-1);
    const at = root ? { ...f, object: { ...root, namespace: f.object.namespace } } : f;
    const e = entry(at, 'patch');
    const change: ImageChange = {
      container: f.container,
      path: pointerFor(root ? (atRoot(f, root) as string) : f.fieldPath) as string,
      from: f.match,
      to: f.replacement as string,
    };
    if (!e.changes.some((c) => c.path === change.path)) e.changes.push(change);
    const ran = (root ?? f.object).kind === 'CronJob' ? jobsThatRan(f) : undefined;
    if (ran && !e.warnings.includes(ran)) e.warnings.push(ran);
    if (f.managedBy.tool !== null && !e.forced) {
      e.forced = true;
      e.warnings.push(
        `--force: ${f.managedBy.tool} manages this object and will put the old image back at its next sync; ${f.fixAt}`,
      );
    }
  }
  return [...entries.values()];
}
