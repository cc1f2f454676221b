/** Deployed Helm releases of one cluster: decoded and scanned as they arrive, newest revision kept. */
import type { ClusterDiagnostic } from '../cluster-report.js';
import type { ClusterFinding, ManagedBy } from '../findings.js';
import type { Rule } from '../rules/types.js';
import { fixAt } from './fixat.js';
import { decodeRelease, type HelmRelease } from './helm-release.js';
import { type ReleaseFinding, scanRelease, valuePathFor } from './helm-scan.js';
import type { KubeObject } from './objects.js';

interface Scanned {
  release: Omit<HelmRelease, 'manifest' | 'hooks' | 'config' | 'chartValues'>;
  findings: ReleaseFinding[];
}

export class HelmReleases {
  private readonly byRelease = new Map<string, Scanned>();
  readonly errors: ClusterDiagnostic[] = [];

  constructor(
    readonly cluster: string,
    readonly rules: readonly Rule[],
    readonly needles: readonly string[],
  ) {}

  get count(): number {
    return this.byRelease.size;
  }

  /** A storage Secret or ConfigMap labelled owner=helm,status=deployed. */
  add(object: KubeObject, kind: 'Secret' | 'ConfigMap'): void {
    let release: HelmRelease;
    try {
      release = decodeRelease({ ...object, kind });
    } catch (error) {
      const where = `${object.metadata.namespace}/${object.metadata.name}`;
      this.errors.push({
        cluster: this.cluster,
        path: `${this.cluster}:${where}`,
        code: 'HELM_RELEASE_UNREADABLE',
        message: `${kind} ${where} is labelled as a Helm release but could not be decoded (${(error as Error).message}); skipped`,
      });
      return;
    }
    const key = `${release.namespace}/${release.name}`;
    const seen = this.byRelease.get(key);
    if (seen && seen.release.version >= release.version) return;
    const { findings, errors } = scanRelease(release, this.rules, this.needles, `${this.cluster}:`);
    for (const e of errors) this.errors.push({ ...e, cluster: this.cluster });
    const { manifest: _m, hooks: _h, config: _c, chartValues: _v, ...meta } = release;
    this.byRelease.set(key, { release: meta, findings });
  }

  valuePath(manager: ManagedBy, image: string): string | null {
    if (manager.tool !== 'helm' || !manager.name) return null;
    const scanned = this.byRelease.get(`${manager.namespace}/${manager.name}`);
    return scanned ? valuePathFor(scanned.findings, image) : null;
  }

  /** Values and hooks always; manifest documents only when no live object already shows the image. */
  findings(live: readonly ClusterFinding[]): ClusterFinding[] {
    const shown = new Set(
      live
        .filter((f) => f.managedBy.tool === 'helm')
        .map((f) => `${f.managedBy.namespace}/${f.managedBy.name}\0${f.image}`),
    );
    const out: ClusterFinding[] = [];
    for (const [key, { release, findings }] of this.byRelease) {
      for (const rf of findings) {
        const f = rf.finding;
        if (rf.part === 'manifest' && shown.has(`${key}\0${f.image}`)) continue;
        const managedBy: ManagedBy = { tool: 'helm', name: release.name, namespace: release.namespace };
        const isValues = rf.part === 'values' || rf.part === 'chart-values';
        const valuePath = isValues ? f.context : f.image ? valuePathFor(findings, f.image) : null;
        out.push({
          ...f,
          source: 'cluster',
          cluster: this.cluster,
          namespace: rf.object.namespace ?? release.namespace,
          object: rf.object,
          container: null,
          fieldPath: rf.fieldPath,
          imageID: null,
          runningFromNew: false,
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
        });
      }
    }
    return out;
  }
}
