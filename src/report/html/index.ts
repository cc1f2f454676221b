// The self-contained HTML report: renderHtml(model) => one page.
export { contentSecurityPolicy, type HtmlOptions, renderHtml } from './page.js';
