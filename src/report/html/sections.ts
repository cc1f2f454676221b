/** The summary, charts and side tables of the page: images checked, mirrored, connectivity, problems. */
import type { ReportModel } from '../model/types.js';
import { withHint } from '../summary.js';
import { type Bar, barChart } from './charts.js';
import { esc } from './escape.js';

function card(value: number | string, label: string, tone = ''): string {
  return `<div class="card ${tone}"><b>${esc(value)}</b><span>${esc(label)}</span></div>`;
}

function countTable(title: string, counts: Record<string, number>): string {
  const rows = Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `<tr><td>${esc(k)}</td><td>${n}</td></tr>`)
    .join('');
  return rows
    ? `<table><thead><tr><th>${esc(title)}</th><th>n</th></tr></thead><tbody>${rows}</tbody></table>`
    : '';
}

export function summarySection(model: ReportModel): string {
  const s = model.summary;
  const same = s.byVerdict['same-digest'] ?? 0;
  const copied = (s.byMirrorStatus['copied'] ?? 0) + (s.byMirrorStatus['up-to-date'] ?? 0);
  const cards = [card(s.findings, 'references left', s.findings > 0 ? 'bad' : 'ok')];
  if (model.baseline) cards.push(card(model.baseline.fixed.length, 'fixed since the baseline', 'ok'));
  if (s.images > 0)
    cards.push(
      card(`${same}/${s.images}`, 'images safe to switch (same digest)', same === s.images ? 'ok' : 'warn'),
    );
  if (s.mirrored > 0)
    cards.push(card(`${copied}/${s.mirrored}`, 'images mirrored', copied === s.mirrored ? 'ok' : 'warn'));
  cards.push(card(s.repositories, s.repositories === 1 ? 'repository' : 'repositories'));
  cards.push(card(s.clusters, s.clusters === 1 ? 'cluster' : 'clusters'));
  if (s.pullFailures > 0) cards.push(card(s.pullFailures, 'pulls failing now', 'bad'));
  if (s.errors > 0) cards.push(card(s.errors, s.errors === 1 ? 'problem' : 'problems', 'warn'));
  const tables = [
    countTable('Kind', s.byKind),
    countTable('Rule', s.byRule),
    countTable('Source', s.bySource),
    countTable('Image verdict', s.byVerdict),
    countTable('Mirror status', s.byMirrorStatus),
  ].join('');
  return `<section id="summary"><h2>Summary</h2><div class="cards">${cards.join('')}</div><div class="counts">${tables}</div></section>`;
}

const verdictTone: Record<string, string> = {
  'same-digest': 'ok',
  missing: 'bad',
  'digest-differs': 'bad',
  'source-missing': 'warn',
  error: 'warn',
};
const mirrorTone: Record<string, string> = {
  copied: 'ok',
  'up-to-date': 'ok',
  'would-copy': 'warn',
  failed: 'bad',
};

/** Findings per repository, and per cluster namespace (a cluster's nodes count as its own bar). */
function whereBars(model: ReportModel): Bar[] {
  const counts = new Map<string, number>();
  for (const f of model.findings) {
    const key =
      f.source === 'file'
        ? f.scope
        : `${f.scope} · ${f.namespace ?? (f.source === 'node' ? 'nodes' : 'cluster-wide')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([label, value]) => ({ label, value }));
}

export function chartsSection(model: ReportModel): string {
  const charts: string[] = [];
  if (model.findings.length > 0)
    charts.push(barChart('where', 'Findings by repository and namespace', whereBars(model)));
  if (model.baseline) {
    const b = model.baseline;
    charts.push(
      barChart('progress', 'Progress against the baseline', [
        { label: 'in the baseline', value: b.before, tone: 'muted' },
        { label: 'fixed since', value: b.fixed.length, tone: 'ok' },
        { label: 'new since', value: b.added, tone: 'new' },
        { label: 'left now', value: b.after, tone: 'bad' },
      ]),
    );
  }
  if (model.images.length > 0) {
    const bars = Object.entries(model.summary.byVerdict).map(([label, value]) => ({
      label,
      value,
      tone: verdictTone[label] ?? 'muted',
    }));
    charts.push(barChart('verdicts', 'Images by verdict at the new registry', bars));
  }
  if (model.mirrors.length > 0) {
    const bars = Object.entries(model.summary.byMirrorStatus).map(([label, value]) => ({
      label,
      value,
      tone: mirrorTone[label] ?? 'muted',
    }));
    charts.push(barChart('mirror', 'Mirrored images by status', bars));
  }
  return charts.length > 0
    ? `<section id="charts"><h2>Charts</h2><div class="charts">${charts.join('')}</div></section>`
    : '';
}

function table(id: string, title: string, headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  const head = headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<section id="${id}"><h2>${esc(title)}</h2><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></section>`;
}

const code = (text: string | null) => (text ? `<code>${esc(text)}</code>` : '');
/** `sha256:0123456789ab`, the whole digest in the tooltip: the table has room for the images instead. */
const digest = (text: string | null) =>
  text
    ? `<code title="${esc(text)}">${esc(text.replace(/^(\w+:[0-9a-f]{12})[0-9a-f]+$/, '$1…'))}</code>`
    : '';
const badge = (text: string, tone: string | undefined) =>
  `<span class="badge ${tone ?? ''}">${esc(text)}</span>`;

export function sideSections(model: ReportModel): string {
  return [
    table(
      'images',
      'Images at the new registry',
      ['Image', 'New location', 'Verdict', 'Digest (old → new)', 'Error'],
      model.images.map((i) => [
        code(i.image),
        code(i.target),
        badge(i.verdict, verdictTone[i.verdict]),
        `${digest(i.sourceDigest)}${i.targetDigest && i.targetDigest !== i.sourceDigest ? ` → ${digest(i.targetDigest)}` : ''}`,
        esc(i.error),
      ]),
    ),
    table(
      'mirrors',
      'Mirrored images',
      ['Source', 'Copied to', 'Status', 'Digest', 'Error'],
      model.mirrors.map((m) => [
        code(m.source),
        code(m.target),
        badge(m.status, mirrorTone[m.status]),
        digest(m.digest),
        esc(m.error),
      ]),
    ),
    table(
      'connectivity',
      'Connectivity',
      ['Registry', 'Reachable', 'Hosts a firewall must allow today', 'Error'],
      model.connectivity.map((c) => [
        esc(c.registry),
        badge(c.ok ? 'yes' : 'no', c.ok ? 'ok' : 'bad'),
        esc(c.hosts.join(', ')),
        esc(c.error),
      ]),
    ),
    table(
      'pulls',
      'Pulls failing now',
      ['Cluster', 'Object', 'Reason', 'Image', 'Message'],
      model.pullFailures.map((p) => [
        esc(p.cluster),
        esc(`${p.namespace ? `${p.namespace}/` : ''}${p.object}`),
        badge(p.reason, 'bad'),
        code(p.image),
        esc(p.message),
      ]),
    ),
    table(
      'fixed',
      'Fixed since the baseline',
      ['Repository / cluster', 'Where', 'Was'],
      (model.baseline?.fixed ?? []).map((f) => [
        esc(f.scope),
        esc(f.source === 'file' ? `${f.path}:${f.line}` : f.fixAt),
        code(f.match),
      ]),
    ),
    table(
      'problems',
      'Problems',
      ['Input', 'Path', 'Code', 'Message'],
      model.errors.map((e) => [esc(e.input), esc(e.path), esc(e.code), esc(withHint(e))]),
    ),
  ].join('');
}
