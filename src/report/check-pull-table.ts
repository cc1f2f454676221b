/** The human view of `cluster --check-pull`: each cluster's verdict, the hosts the pull touched. Pure. */
import type { CheckPullResult } from '../cluster/check-pull.js';

function outcome(r: CheckPullResult): string {
  if (r.outcome === 'pull-failed') return `pull failed (${r.reason})`;
  return r.outcome === 'not-scheduled' ? 'not scheduled' : r.outcome;
}

export function renderCheckPullTable(results: readonly CheckPullResult[]): string {
  const blocks = results.map((r) => {
    const lines = [`${r.cluster}: ${r.image} in ${r.namespace}: ${outcome(r)}`];
    if (r.message) lines.push(`  ${r.message}`);
    if (r.hosts.length > 0) lines.push(`  hosts: ${r.hosts.join(', ')}`);
    if (!r.deleted) lines.push(`  warning: could not delete pod ${r.namespace}/${r.pod}; delete it by hand`);
    return lines.join('\n');
  });
  return `${blocks.join('\n')}\n`;
}
