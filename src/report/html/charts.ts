/**
 * Charts as inline SVG written here, in TypeScript. Why not a chart library: the page must work from
 * file:// with no network and a CSP that allows no other script, and a bundled library (tens to hundreds
 * of KiB) would outweigh the few bar charts it would draw. SVG made here costs a few hundred bytes per
 * chart, renders with scripts off, prints sharply, and takes its colours from the page's CSS variables,
 * so it follows the light and dark themes.
 */
import { esc } from './escape.js';

export interface Bar {
  label: string;
  value: number;
  /** A CSS class for its colour: ok, bad, warn, new, muted; default the accent. */
  tone?: string;
}

const width = 520;
const labelWidth = 190;
const barHeight = 20;
const gap = 8;
const maxBars = 12;

/** The top bars by value, the rest summed into one "N others" bar. */
export function topBars(bars: readonly Bar[]): Bar[] {
  if (bars.length <= maxBars) return [...bars];
  const sorted = [...bars].sort((a, b) => b.value - a.value);
  const rest = sorted.slice(maxBars - 1);
  return [
    ...sorted.slice(0, maxBars - 1),
    { label: `${rest.length} others`, value: rest.reduce((n, b) => n + b.value, 0), tone: 'muted' },
  ];
}

function clip(label: string, chars: number): string {
  return label.length <= chars ? label : `${label.slice(0, chars - 1)}…`;
}

/** A horizontal bar chart with its numbers written at the bar ends (readable without colour). */
export function barChart(id: string, title: string, bars: readonly Bar[]): string {
  const shown = topBars(bars);
  const max = Math.max(1, ...shown.map((b) => b.value));
  const height = shown.length * (barHeight + gap) + gap;
  const span = width - labelWidth - 60;
  const rows = shown.map((b, i) => {
    const y = gap + i * (barHeight + gap);
    const w = b.value > 0 ? Math.max(2, Math.round((b.value / max) * span)) : 0;
    const mid = y + barHeight / 2 + 4;
    return (
      `<g><title>${esc(b.label)}: ${b.value}</title>` +
      `<text x="${labelWidth - 8}" y="${mid}" text-anchor="end" class="cl">${esc(clip(b.label, 28))}</text>` +
      `<rect x="${labelWidth}" y="${y}" width="${w}" height="${barHeight}" rx="3" class="bar ${esc(b.tone ?? 'accent')}"/>` +
      `<text x="${labelWidth + w + 6}" y="${mid}" class="cv">${b.value}</text></g>`
    );
  });
  return (
    `<figure class="chart" data-chart="${esc(id)}"><figcaption>${esc(title)}</figcaption>` +
    `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}">` +
    `${rows.join('')}</svg></figure>`
  );
}
