/** The human view of `rules`: packs with their moves and sources, your rules; or explained images. Pure. */
import type { Explanation } from '../rules/explain.js';
import { rulePacks } from '../rules/packs.js';
import type { Rule } from '../rules/types.js';

/** Every shipped pack, whether the active rules turn it on, and its rules with their dates and sources. */
export function packViews(active: readonly Rule[]) {
  const on = new Set(active.map((r) => r.pack));
  return rulePacks.map((p) => ({
    name: p.name,
    title: p.title,
    since: p.since,
    source: p.source,
    enabled: on.has(p.name),
    defaultOn: p.defaultOn ?? false,
    overrides: p.overrides ?? [],
    variables: p.variables ?? {},
    rules: p.rules.map((r) => ({
      from: r.from,
      to: r.to,
      action: r.action,
      since: r.since ?? p.since,
      source: r.source ?? p.source,
      exceptTags: r.exceptTags ?? [],
      exceptRepositories: r.exceptRepositories ?? [],
      note: r.note ?? null,
    })),
  }));
}

const arrow = (rule: { from: string; to: string | null; action: string }) =>
  `${rule.from} → ${rule.to ?? '(no target)'}${rule.action === 'report' ? ' (report only)' : ''}`;

export function renderRulesTable(active: readonly Rule[]): string {
  const out: string[] = [];
  const packs = packViews(active);
  const width = Math.max(...packs.map((p) => p.name.length));
  for (const pack of packs) {
    out.push(`${pack.name.padEnd(width)}  ${pack.since}  ${pack.enabled ? 'on ' : 'off'}  ${pack.title}`);
    for (const rule of pack.rules) {
      const tags = rule.exceptTags.length > 0 ? `  except tags ${rule.exceptTags.join(' ')}` : '';
      const stay = rule.exceptRepositories.length > 0 ? `; ${rule.exceptRepositories.join(', ')} stayed` : '';
      const except = tags + stay;
      out.push(`    ${arrow(rule)}${except}`);
    }
    out.push(`    source: ${pack.source}`, '');
  }
  const own = active.filter((r) => !r.builtin);
  if (own.length > 0)
    out.push(
      'Your rules (they win over a pack rule for the same prefix):',
      ...own.map((r) => `    ${arrow(r)}`),
      '',
    );
  const on = new Set(active.map((r) => r.pack).filter(Boolean)).size;
  out.push(
    `${rulePacks.length} packs (${on} on), ${active.length} active rules. Turn one on with --pack NAME or \`packs: [NAME]\` in regshift.yaml.`,
  );
  return `${out.join('\n')}\n`;
}

export function renderExplainTable(results: readonly Explanation[]): string {
  return results
    .map((e) => {
      const lines = [e.image, `  ${e.reason}`];
      if (e.target) lines.push(`  → ${e.target}`);
      if (e.note) lines.push(`  note: ${e.note}`);
      return lines.join('\n');
    })
    .join('\n\n')
    .concat('\n');
}
