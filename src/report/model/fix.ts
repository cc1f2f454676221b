/** The command that fixes a finding, where one command can: `regshift fix` for files, `kubectl set image`
 * for a workload nobody else manages. Managed objects (Helm, Argo CD, Flux) are fixed at their source,
 * which `fixAt` names; a command here would be undone at the next sync. */
import { imageSettableKinds } from '../../findings.js';
import type { ReportFinding } from './types.js';

/** POSIX shell single quotes, only when needed: the text is copied into a terminal. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

const settable = imageSettableKinds;

/** For a group of file findings: rewrite the file. */
export function fileFixCommand(path: string): string {
  return `regshift fix ${shellQuote(path)}`;
}

/** For one cluster finding: set the container's image, when that is where the fix belongs. */
export function clusterFixCommand(f: ReportFinding): string | null {
  if (f.source !== 'cluster' || !f.object || !f.container || !f.replacement) return null;
  if (f.kind !== 'image' || f.match !== f.image || f.managedBy?.tool) return null;
  // The root of the owner chain holds the template (a ReplicaSet's Deployment); an operator's resource
  // at the root is not settable, and its operator would undo a change below it.
  const root = f.owners.at(-1) ?? f.object;
  if (!settable.has(root.kind)) return null;
  const ns = f.namespace ? ` -n ${shellQuote(f.namespace)}` : '';
  const target = `${root.kind.toLowerCase()}/${root.name}`;
  return `kubectl --context ${shellQuote(f.scope)}${ns} set image ${shellQuote(target)} ${shellQuote(`${f.container}=${f.replacement}`)}`;
}

/** Findings that need the same change, in order: one group per (scope, fixAt). */
export function groupFindings(
  findings: readonly ReportFinding[],
): { scope: string; fixAt: string; findings: ReportFinding[] }[] {
  const groups = new Map<string, { scope: string; fixAt: string; findings: ReportFinding[] }>();
  for (const f of findings) {
    const key = `${f.source === 'file' ? 'r' : 'c'}\0${f.scope}\0${f.fixAt}`;
    let g = groups.get(key);
    if (!g) {
      g = { scope: f.scope, fixAt: f.fixAt, findings: [] };
      groups.set(key, g);
    }
    g.findings.push(f);
  }
  return [...groups.values()];
}
