/** Helm releases of one cluster: decoded and scanned as they arrive; the deployed revision is reported. */
import type { ClusterDiagnostic } from '../cluster-report.js';
import { isRegshiftError } from '../errors.js';
import type { ClusterFinding, ManagedBy } from '../findings.js';
import type { Rule } from '../rules/types.js';
import { fixAt } from './fixat.js';
import { decodeRelease, type HelmRelease } from './helm-release.js';
import { type ReleaseFinding, scanRelease, valuePathFor } from './helm-scan.js';
import type { KubeObject } from './objects.js';

interface Scanned {
  release: Omit<HelmRelease, 'manifest' | 'hooks' | 'config' | 'chartValues'>;
  findings: ReleaseFinding[];
  /** Helm's manager, or the Flux HelmRelease whose helm-controller installed the release. */
  managedBy: ManagedBy;
}

/** helm-controller labels every object it renders; the labels stay in the stored manifest. */
export function releaseManager(release: Pick<HelmRelease, 'name' | 'namespace' | 'manifest'>): ManagedBy {
  const label = (key: string) =>
    new RegExp(`^\\s+helm\\.toolkit\\.fluxcd\\.io/${key}:\\s*["']?([^"'\\s]+)`, 'm').exec(
      release.manifest,
    )?.[1];
  const name = label('name');
  if (name)
    return {
      tool: 'flux',
      name,
      namespace: label('namespace') ?? release.namespace,
      kind: 'HelmRelease',
      evidence: 'label helm.toolkit.fluxcd.io/name',
    };
  return { tool: 'helm', name: release.name, namespace: release.namespace, evidence: 'Helm release storage' };
}

/** Is dotted `path` (e.g. `image.registry`) set in `values`? Paths with indexes are never overridden here. */
function hasPath(values: Record<string, unknown> | null, path: string): boolean {
  let at: unknown = values;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object' || Array.isArray(at) || !Object.hasOwn(at, key)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return at !== undefined && at !== null;
}

/** Release statuses worth reading: the deployed revision, and newer ones that failed or never finished. */
export const helmStatuses = ['deployed', 'failed', 'pending-install', 'pending-upgrade', 'pending-rollback'];

export class HelmReleases {
  /** Per release: the newest deployed revision, and the newest revision that failed or is pending. */
  private readonly deployed = new Map<string, Scanned>();
  private readonly unfinished = new Map<string, Scanned>();
  readonly errors: ClusterDiagnostic[] = [];

  constructor(
    readonly cluster: string,
    readonly rules: readonly Rule[],
    readonly needles: readonly string[],
  ) {}

  get count(): number {
    return new Set([...this.deployed.keys(), ...this.unfinished.keys()]).size;
  }

  /** A storage Secret or ConfigMap labelled owner=helm with one of `helmStatuses`. */
  add(object: KubeObject, kind: 'Secret' | 'ConfigMap'): void {
    const labels = object.metadata.labels ?? {};
    const labelKey = `${object.metadata.namespace}/${labels['name']}`;
    const to = labels['status'] === 'deployed' ? this.deployed : this.unfinished;
    // An older revision than one already read is not worth decoding.
    if ((to.get(labelKey)?.release.version ?? 0) >= Number(labels['version'] ?? Number.POSITIVE_INFINITY))
      return;
    let release: HelmRelease;
    try {
      release = decodeRelease({ ...object, kind });
    } catch (error) {
      const where = `${object.metadata.namespace}/${object.metadata.name}`;
      this.errors.push({
        cluster: this.cluster,
        path: where,
        code: isRegshiftError(error) ? error.code : 'HELM_RELEASE_UNREADABLE',
        message: `${kind} ${where} is labelled as a Helm release but could not be decoded (${(error as Error).message}); skipped`,
        ...(isRegshiftError(error) && error.hint ? { hint: error.hint } : {}),
      });
      return;
    }
    const key = `${release.namespace}/${release.name}`;
    const map = release.status === 'deployed' ? this.deployed : this.unfinished;
    const seen = map.get(key);
    if (seen && seen.release.version >= release.version) return;
    const scanned = scanRelease(release, this.rules, this.needles, '');
    const { errors } = scanned;
    // A chart default the user's values override is not what renders: `helm upgrade --set` already moved it.
    const findings = scanned.findings.filter(
      (rf) =>
        !(rf.part === 'chart-values' && rf.finding.context && hasPath(release.config, rf.finding.context)),
    );
    for (const e of errors) this.errors.push({ ...e, cluster: this.cluster });
    const { manifest: _m, hooks: _h, config: _c, chartValues: _v, ...meta } = release;
    map.set(key, { release: meta, findings, managedBy: releaseManager(release) });
  }

  /** The revision whose findings are reported: the deployed one; without one (a failed install), the newest. */
  private reported(key: string): Scanned | undefined {
    return this.deployed.get(key) ?? this.unfinished.get(key);
  }

  /**
   * The value path that sets `image`: in the deployed revision, else in a newer failed one (a failed
   * post-upgrade hook leaves the live objects at the failed revision, whose values set them).
   */
  valuePath(release: { name: string | null; namespace: string | null } | null, image: string): string | null {
    if (!release?.name) return null;
    const key = `${release.namespace}/${release.name}`;
    const deployed = this.deployed.get(key);
    const newer = this.unfinished.get(key);
    const found = deployed ? valuePathFor(deployed.findings, image) : null;
    if (found || !newer || (deployed && deployed.release.version > newer.release.version)) return found;
    return valuePathFor(newer.findings, image);
  }

  /** Namespaces whose release Secrets were refused (`*`: every namespace), with the refusal. */
  private readonly refused = new Map<string, string>();

  /** Note that release storage in `namespace` (undefined: cluster-wide) could not be listed. */
  refuse(namespace: string | null | undefined, resource: string): void {
    const where = namespace ? `in namespace ${namespace}` : 'cluster-wide';
    this.refused.set(namespace ?? '*', `regshift needs list on ${resource} ${where}`);
  }

  /** Why `release` could not be read, or null when it was read (or its storage was not refused). */
  unread(release: { name: string | null; namespace: string | null } | null): string | null {
    if (!release?.name) return null;
    const key = `${release.namespace}/${release.name}`;
    if (this.deployed.has(key) || this.unfinished.has(key)) return null;
    return this.refused.get(release.namespace ?? '') ?? this.refused.get('*') ?? null;
  }

  /**
   * Values and hooks always; manifest documents only when no live object already shows the image.
   * With `only` (a label selector was given), only the releases that manage a selected live object.
   */
  findings(live: readonly ClusterFinding[], only?: ReadonlySet<string>): ClusterFinding[] {
    const managerKey = (m: ManagedBy, image: string | null) => `${m.tool}/${m.namespace}/${m.name}\0${image}`;
    const shown = new Set(live.map((f) => managerKey(f.managedBy, f.image)));
    const out: ClusterFinding[] = [];
    for (const key of new Set([...this.deployed.keys(), ...this.unfinished.keys()])) {
      const { release, findings, managedBy } = this.reported(key)!;
      if (only && !only.has(`${managedBy.namespace}/${managedBy.name}`)) continue;
      for (const rf of findings) {
        const f = rf.finding;
        if (rf.part === 'manifest' && shown.has(managerKey(managedBy, f.image))) continue;
        const isValues = rf.part === 'values' || rf.part === 'chart-values';
        const valuePath = isValues ? f.context : f.image ? valuePathFor(findings, f.image) : null;
        const finding: ClusterFinding = {
          source: 'cluster',
          cluster: this.cluster,
          namespace: rf.object.namespace ?? release.namespace,
          object: rf.object,
          container: null,
          fieldPath: rf.fieldPath,
          match: f.match,
          kind: f.kind,
          image: f.image,
          replacement: f.replacement,
          rule: f.rule,
          valuePath,
          imageID: null,
          runningFromNew: false,
          runningNotDeclared: false,
          revision: null,
          owners: [],
          managedBy,
          fixAt: fixAt({
            object: rf.object,
            owners: [],
            fieldPath: rf.fieldPath,
            container: null,
            manager: managedBy,
            valuePath,
            template: rf.template,
            replacement: f.replacement,
          }),
          pods: 0,
        };
        if (f.action === 'report')
          Object.defineProperty(finding, 'action', { value: 'report', enumerable: false, writable: true });
        out.push(finding);
      }
    }
    return out;
  }
}
