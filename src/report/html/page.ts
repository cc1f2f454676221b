/**
 * One self-contained HTML page from the report model: CSS, script and SVG charts inline, no fonts, and a
 * Content-Security-Policy that allows only that style and that script (by hash) and no network at all.
 * Every value from a file, a cluster or a registry is escaped (esc); the script reads the page as text.
 */
import type { ReportModel } from '../model/types.js';
import { css } from './css.js';
import { cspHash, esc, safeLinkBase } from './escape.js';
import { findingsSection } from './findings.js';
import { script } from './script.js';
import { chartsSection, sideSections, summarySection } from './sections.js';

export interface HtmlOptions {
  /** A repository's web URL for file-line links: one for all, or per repository name. */
  linkBase?: string | Record<string, string>;
  title?: string;
  /** ISO time shown in the header; left out by default so the same inputs give the same page. */
  generatedAt?: string;
  /** Finding groups shown at a time when scripts run (default 200); all of them without scripts. */
  pageGroups?: number;
  /** regshift's version, for the footer. */
  version?: string;
}

export const contentSecurityPolicy = [
  "default-src 'none'",
  `style-src ${cspHash(css)}`,
  `script-src ${cspHash(script)}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function linkBases(option: HtmlOptions['linkBase']): (scope: string) => string | null {
  if (option === undefined) return () => null;
  if (typeof option === 'string') {
    const base = safeLinkBase(option);
    return () => base;
  }
  const bases = new Map(Object.entries(option).map(([name, url]) => [name, safeLinkBase(url)]));
  return (scope) => bases.get(scope) ?? bases.get('*') ?? null;
}

export function renderHtml(model: ReportModel, options: HtmlOptions = {}): string {
  const title = options.title ?? 'regshift migration report';
  const inputs = model.inputs.map((i) => `${i.name} (${i.kind})`).join(', ');
  const meta = [inputs ? `from ${inputs}` : '', options.generatedAt ? `generated ${options.generatedAt}` : '']
    .filter(Boolean)
    .join(' · ');
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">',
    `<meta name="referrer" content="no-referrer"><title>${esc(title)}</title><style>${css}</style></head><body>`,
    `<header><h1>${esc(title)}</h1><span class="meta">${esc(meta)}</span><button id="theme" type="button" hidden>Theme: auto</button></header>`,
    '<main>',
    summarySection(model),
    chartsSection(model),
    findingsSection(model, { linkBase: linkBases(options.linkBase), pageGroups: options.pageGroups ?? 200 }),
    sideSections(model),
    '</main>',
    `<footer>regshift${options.version ? ` ${esc(options.version)}` : ''} · this page loads nothing from the network and works from a file.</footer>`,
    `<script>${script}</script></body></html>\n`,
  ].join('');
}
