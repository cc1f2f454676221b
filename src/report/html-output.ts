// `-o html` of scan, cluster, check and mirror: their report through the report model, as one page.
import { type HtmlOptions, renderHtml } from './html/index.js';
import { buildReport } from './model/index.js';

/** `name` labels the findings of a scan (the repository); clusters, checks and mirrors name themselves. */
export function renderHtmlOf(report: unknown, name: string, options: HtmlOptions = {}): string {
  return renderHtml(buildReport([{ name, value: report }]), options);
}
