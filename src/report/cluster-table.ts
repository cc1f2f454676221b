import type { ClusterReport } from '../cluster-report.js';
import { clusterSummaryLine, groupByFix, objectName } from './cluster-summary.js';
import { plural, withHint } from './summary.js';
import { plainStyle, type Style } from './table.js';

/** One line: a message's line breaks would fall out of the indented block. */
function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}

/** Findings grouped by what to fix, then pulls failing now, problems, and a summary line. */
export function renderClusterTable(report: ClusterReport, style: Style = plainStyle): string {
  const out: string[] = [];
  const labelled = report.clusters.length > 1;
  for (const group of groupByFix(report.findings)) {
    out.push(style.bold(`${labelled ? `[${group.cluster}] ` : ''}${group.fixAt}`));
    for (const f of group.findings) {
      const where = f.container ? `${objectName(f)} (${f.container})` : objectName(f);
      const arrow = f.replacement ? ` → ${style.green(f.replacement)}` : '';
      const pods = f.pods > 0 ? style.dim(`  ${plural(f.pods, 'pod')}`) : '';
      const running = f.runningFromNew ? style.yellow('  running from the new registry') : '';
      out.push(`  ${where}  ${style.red(f.match)}${arrow}${pods}${running}`);
      out.push(
        style.dim(
          `    ${f.fieldPath}${f.owners.length > 0 ? `  ← ${f.owners.map((o) => `${o.kind}/${o.name}`).join(' ← ')}` : ''}`,
        ),
      );
    }
    out.push('');
  }
  if (report.pullFailures.length > 0) {
    out.push(style.bold('Pulls failing now'));
    for (const p of report.pullFailures) {
      const ns = p.namespace ? `${p.namespace}/` : '';
      const who = `${labelled ? `[${p.cluster}] ` : ''}${ns}${p.object.kind.toLowerCase()}/${p.object.name}`;
      const hosts = p.hosts.length > 0 ? `  hosts: ${p.hosts.join(', ')}` : '';
      out.push(
        `  ${who}${p.container ? ` (${p.container})` : ''}  ${style.red(p.reason)}  ${p.image ?? ''}${hosts}`,
      );
      if (p.message) out.push(style.dim(`    ${oneLine(p.message)}`));
    }
    out.push('');
  }
  if (report.errors.length > 0) {
    out.push(style.bold('Problems'));
    for (const e of report.errors) {
      const where = `${labelled ? `[${e.cluster}] ` : ''}${e.path ? `${e.path}: ` : ''}`;
      const times = (e.count ?? 1) > 1 ? ` (${e.count} times)` : '';
      out.push(`  ${style.yellow(e.code)}  ${where}${oneLine(withHint(e))}${times}`);
    }
    out.push('');
  }
  out.push(clusterSummaryLine(report));
  return `${out.join('\n')}\n`;
}
