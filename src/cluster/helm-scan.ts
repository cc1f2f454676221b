/** Scan a decoded Helm release with the file scanner: manifest, hooks and values. Pure. */
import { stringify } from 'yaml';
import type { Diagnostic, Finding, ObjectRef } from '../findings.js';
import type { Rule } from '../rules/types.js';
import { ChartDetector, scanFileText } from '../scan/index.js';
import type { HelmRelease } from './helm-release.js';

/** Virtual paths: every directory counts as a chart (so values.yaml reads as Helm values), nothing is a template. */
class VirtualCharts extends ChartDetector {
  override isChartDir(): boolean {
    return true;
  }
  override isTemplate(): boolean {
    return false;
  }
}
const charts = new VirtualCharts();

export type ReleasePart = 'values' | 'chart-values' | 'manifest' | 'hook';

export interface ReleaseFinding {
  finding: Finding;
  part: ReleasePart;
  /** The object the manifest document renders (manifest and hooks), else the storage object. */
  object: ObjectRef;
  /** `# Source:` template path of the document (manifest and hooks). */
  template: string | null;
  /** Where in the release: `config.image.registry`, `hooks[0].manifest: spec.containers[0].image`. */
  fieldPath: string;
}

interface Doc {
  startLine: number;
  object: ObjectRef | null;
  template: string | null;
}

/** Split a rendered manifest into documents: start line, `# Source:`, kind and name. */
export function manifestDocs(text: string, namespace: string): Doc[] {
  const docs: Doc[] = [];
  const lines = text.split('\n');
  let current: Doc & { apiVersion?: string; kind?: string; name?: string; ns?: string; inMeta?: boolean } = {
    startLine: 1,
    object: null,
    template: null,
  };
  const close = () => {
    if (current.kind && current.name)
      current.object = {
        apiVersion: current.apiVersion ?? 'v1',
        kind: current.kind,
        name: current.name,
        namespace: current.ns ?? namespace,
      };
    docs.push({ startLine: current.startLine, object: current.object, template: current.template });
  };
  lines.forEach((line, i) => {
    if (/^---\s*$/.test(line)) {
      close();
      current = { startLine: i + 2, object: null, template: null };
      return;
    }
    const value = (re: RegExp) => re.exec(line)?.[1];
    const source = value(/^# Source: (.+)$/);
    if (source !== undefined) current.template = source.trim();
    else if (/^apiVersion:/.test(line)) current.apiVersion = value(/^apiVersion:\s*(\S+)/);
    else if (/^kind:/.test(line)) current.kind = value(/^kind:\s*(\S+)/);
    else if (/^metadata:\s*$/.test(line)) current.inMeta = true;
    else if (/^\S/.test(line)) current.inMeta = false;
    else if (current.inMeta) {
      current.name ??= value(/^ {2}name:\s*["']?([^"'\s]+)/);
      current.ns ??= value(/^ {2}namespace:\s*["']?([^"'\s]+)/);
    }
  });
  close();
  return docs;
}

function docAt(docs: readonly Doc[], line: number): Doc | undefined {
  let found: Doc | undefined;
  for (const d of docs) if (d.startLine <= line) found = d;
  return found;
}

export function scanRelease(
  release: HelmRelease,
  rules: readonly Rule[],
  needles: readonly string[],
  prefix: string,
): { findings: ReleaseFinding[]; errors: Diagnostic[] } {
  const base = `${prefix}helm/${release.namespace}/${release.name}`;
  const findings: ReleaseFinding[] = [];
  const errors: Diagnostic[] = [];
  const run = (
    part: ReleasePart,
    path: string,
    text: string,
    fieldPrefix: string,
    hook?: { index: number; path?: string },
  ) => {
    const result = scanFileText({ absolute: `/${path}`, path, text }, rules, needles, charts);
    errors.push(...result.errors);
    const docs = part === 'manifest' || part === 'hook' ? manifestDocs(text, release.namespace) : [];
    for (const finding of result.findings) {
      const doc = docAt(docs, finding.line);
      const where = finding.context ?? `line ${finding.line}`;
      findings.push({
        finding,
        part,
        object: doc?.object ?? release.storage,
        // Helm keeps no `# Source:` line in a hook's manifest, but records the hook's template path.
        template: doc?.template ?? hook?.path ?? null,
        fieldPath:
          part === 'hook'
            ? `hooks[${hook?.index}].manifest: ${where}`
            : part === 'manifest'
              ? `manifest: ${where}`
              : `${fieldPrefix}.${where}`,
      });
    }
  };
  const values = (v: Record<string, unknown> | null) => (v && Object.keys(v).length > 0 ? stringify(v) : '');
  run('values', `${base}/values.yaml`, values(release.config), 'config');
  run('chart-values', `${base}/chart/values.yaml`, values(release.chartValues), 'chart.values');
  run('manifest', `${base}/manifest.yaml`, release.manifest, 'manifest');
  release.hooks.forEach((hook, i) => {
    run('hook', `${base}/hooks/${hook.name ?? i}.yaml`, hook.manifest ?? '', 'hooks', {
      index: i,
      path: hook.path,
    });
  });
  return { findings, errors };
}

/** The value path that sets `image` in a release's values (split registry fields compose into one image). */
export function valuePathFor(findings: readonly ReleaseFinding[], image: string): string | null {
  const values = findings.filter((f) => f.part === 'values' || f.part === 'chart-values');
  return values.find((f) => f.finding.image === image || f.finding.match === image)?.finding.context ?? null;
}
