/** The findings section: one group per thing to change (a file, or a cluster's `fixAt`), a table each. */
import type { ObjectRef } from '../../findings.js';
import { clusterFixCommand, fileFixCommand, groupFindings } from '../model/fix.js';
import type { ReportFinding, ReportModel } from '../model/types.js';
import { esc, fileLink } from './escape.js';

export interface FindingsOptions {
  /** Base URL per repository name, or `*` for all; already checked to be http(s). */
  linkBase: (scope: string) => string | null;
  /** Groups the script shows at a time (a "show more" button adds as many again). */
  pageGroups: number;
}

const columns = ['Where', 'Kind', 'Found', 'Replace with', 'Rule', 'Owners / context', 'Fix'];

// Short markup on purpose: a row is written 50,000 times in a large report, so no <code> or class in it
// (fonts and colours come from the CSS by column).
const head = `<thead><tr>${columns.map((c, i) => `<th data-sort="${i}">${c}</th>`).join('')}</tr></thead>`;

function ref(o: ObjectRef): string {
  return `${o.kind}/${o.name}`;
}

function where(f: ReportFinding, base: string | null): string {
  if (f.source === 'file') {
    const pos = `${f.line}:${f.column}`;
    return `<td data-n="${f.line}">${base ? `<a href="${esc(fileLink(base, f.path, f.line))}">${pos}</a>` : pos}</td>`;
  }
  const object = f.object ? `${f.object.kind.toLowerCase()}/${f.object.name}` : f.path;
  const ns = f.namespace ? `${f.namespace}/` : '';
  const container = f.container ? ` (${f.container})` : '';
  return `<td>${esc(`${ns}${object}${container}`)}</td>`;
}

function owners(f: ReportFinding): string {
  if (f.source === 'file') return esc(f.context);
  const chain = f.object ? [ref(f.object), ...f.owners.map(ref)].join(' ← ') : '';
  const manager = f.managedBy?.tool
    ? ` · managed by ${f.managedBy.tool}${f.managedBy.name ? ` ${f.managedBy.namespace ? `${f.managedBy.namespace}/` : ''}${f.managedBy.name}` : ''}`
    : '';
  const pods = f.pods > 0 ? ` · ${f.pods} pod${f.pods === 1 ? '' : 's'}` : '';
  const running = f.runningFromNew ? ' · <span class="badge ok">running from the new registry</span>' : '';
  return `${esc(chain)}${esc(manager)}${esc(pods)}${running}`;
}

function row(f: ReportFinding, base: string | null): string {
  const change = f.change ? ` data-c="${f.change}"` : '';
  const badge = f.change === 'new' ? ' <span class="badge new">new</span>' : '';
  const command = clusterFixCommand(f);
  // File rows are fixed by the group's `regshift fix FILE`; a cluster row without a command is fixed
  // where the group's heading says.
  const fix = command
    ? `<code>${esc(command)}</code>`
    : !f.replacement
      ? 'report only'
      : f.source === 'file'
        ? ''
        : 'see above';
  return (
    `<tr class="f" data-k="${esc(f.kind)}"${change}>${where(f, base)}` +
    `<td>${esc(f.kind)}${badge}</td>` +
    `<td>${esc(f.match)}</td><td>${esc(f.replacement)}</td>` +
    `<td>${esc(f.rule)}</td><td>${owners(f)}</td><td>${fix}</td></tr>`
  );
}

function groupHeader(scope: string, first: ReportFinding, count: number, base: string | null): string {
  const n = `${count} finding${count === 1 ? '' : 's'}`;
  if (first.source === 'file') {
    const path = base
      ? `<a href="${esc(fileLink(base, first.path))}">${esc(first.path)}</a>`
      : esc(first.path);
    const fixable = first.kind === 'image' || first.kind === 'registry';
    return (
      `<header><h3><span class="scope">${esc(scope)} ·</span> Change ${path} <span class="scope">· ${n}</span></h3>` +
      `${fixable ? `<div class="cmd"><code>${esc(fileFixCommand(first.path))}</code></div>` : ''}</header>`
    );
  }
  return `<header><h3><span class="scope">${esc(scope)} ·</span> ${esc(first.fixAt)} <span class="scope">· ${n}</span></h3></header>`;
}

export function findingsSection(model: ReportModel, options: FindingsOptions): string {
  if (model.findings.length === 0)
    return '<section id="findings"><h2>Findings</h2><p>No findings left.</p></section>';
  const groups = groupFindings(model.findings).map((g) => {
    const base = g.findings[0]!.source === 'file' ? options.linkBase(g.scope) : null;
    const rows = g.findings.map((f) => row(f, base)).join('');
    return (
      `<section class="grp" data-s="${esc(g.scope)}">${groupHeader(g.scope, g.findings[0]!, g.findings.length, base)}` +
      `<table class="ft${g.findings[0]!.source === 'file' ? ' fl' : ''}">${head}<tbody>${rows}</tbody></table></section>`
    );
  });
  return `<section id="findings"><h2>Findings by what must change</h2>${controls(model)}<div id="groups" data-page="${options.pageGroups}">${groups.join('')}</div><button id="more" type="button" hidden></button></section>`;
}

function select(id: string, label: string, values: readonly string[]): string {
  const options = values.map((v) => `<option value="${esc(v)}">${esc(v)}</option>`).join('');
  return `<label>${label} <select id="${id}"><option value="">all</option>${options}</select></label>`;
}

/** Hidden until the script shows them: without scripts they would do nothing. */
function controls(model: ReportModel): string {
  const kinds = [...new Set(model.findings.map((f) => f.kind))].sort();
  const scopes = model.scopes.filter((s) => s.findings > 0).map((s) => s.name);
  const parts = [
    '<input id="q" type="search" placeholder="Search paths, images, objects…" aria-label="Search findings">',
    select('fk', 'Kind', kinds),
    select('fs', 'Repository / cluster', [...new Set(scopes)]),
  ];
  if (model.baseline) parts.push(select('fc', 'Since baseline', ['new', 'remaining']));
  parts.push('<output id="shown" aria-live="polite"></output>');
  return `<div class="controls" id="controls" hidden>${parts.join('')}</div>`;
}
