import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderClusterReport } from '../../src/report/cluster-render.js';
import { contentSecurityPolicy, renderHtml } from '../../src/report/html/index.js';
import { renderReport } from '../../src/report/index.js';
import { buildReport } from '../../src/report/model/index.js';
import { checkJson, clusterJson, hostile, mirrorJson, scanJson, writeRepository } from './fixtures.js';

const model = buildReport([
  { name: 'shop', value: await scanJson(writeRepository()) },
  { name: 'clusters', value: clusterJson() },
  { name: 'check', value: checkJson() },
  { name: 'mirror', value: mirrorJson() },
]);
const page = renderHtml(model, { linkBase: 'https://git.example/org/shop/blob/main' });

function inline(tag: string): string[] {
  return [...page.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
}

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('HTML report page', () => {
  it('allows exactly its own style and script by hash, and no network at all', () => {
    const [style] = inline('style');
    const scripts = inline('script');
    expect(scripts).toHaveLength(1);
    expect(contentSecurityPolicy).toContain("default-src 'none'");
    expect(contentSecurityPolicy).toContain(`style-src ${sha(style!)}`);
    expect(contentSecurityPolicy).toContain(`script-src ${sha(scripts[0]!)}`);
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy.replace(/'/g, '&#39;')}">`,
    );
    // Nothing that fetches: no external element, no CSS url() or @import, no inline handler or style attribute.
    expect(page).not.toMatch(/<(link|img|iframe|object|embed|audio|video|source)\b/i);
    expect(page).not.toMatch(/<[a-z][^>]*\s(src|on[a-z]+|style)=/i);
    expect(style).not.toMatch(/url\(|@import|@font-face/i);
  });

  it('escapes hostile file names and values, which appear only as text', () => {
    for (const text of Object.values(hostile)) expect(page).not.toContain(text);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;.yaml');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;svg onload=alert(3)&gt;');
  });

  it('has one plain table row per finding, and links file lines with each path segment encoded', () => {
    expect(page.match(/<tr class="f"/g)).toHaveLength(model.findings.length);
    expect(page).toContain(
      `href="https://git.example/org/shop/blob/main/${encodeURIComponent(hostile.fileName)}#L1"`,
    );
    expect(page).toContain('href="https://git.example/org/shop/blob/main/deploy/app.yaml#L9"');
  });

  it('is what -o html of scan and cluster write, through the same model', async () => {
    const cluster = clusterJson() as Parameters<typeof renderClusterReport>[0];
    const clusterPage = renderClusterReport(cluster, 'html');
    expect(clusterPage.match(/<tr class="f"/g)).toHaveLength(cluster.findings.length);
    expect(clusterPage).toContain('kubectl --context prod -n shop set image deployment/web');
    const scan = (await scanJson(writeRepository())) as Parameters<typeof renderReport>[0];
    const scanPage = renderReport(scan, 'html');
    expect(scanPage.match(/<tr class="f"/g)).toHaveLength(scan.findings.length);
    expect(scanPage).toContain('<span class="scope">repository ·</span> Change deploy/app.yaml');
  });

  it('makes no link from a base that is not http(s)', () => {
    const unsafe = renderHtml(model, { linkBase: 'javascript:alert(1)//' });
    expect(unsafe).not.toContain('href=');
    expect(unsafe).not.toContain('javascript:');
  });

  it('draws one chart per thing to show: where, verdicts, mirror, and progress with a baseline', () => {
    expect([...page.matchAll(/data-chart="(\w+)"/g)].map((m) => m[1])).toEqual([
      'where',
      'verdicts',
      'mirror',
    ]);
    const withBaseline = renderHtml(
      buildReport([{ name: 'c', value: clusterJson() }], [{ name: 'c', value: clusterJson() }]),
    );
    expect([...withBaseline.matchAll(/data-chart="(\w+)"/g)].map((m) => m[1])).toEqual(['where', 'progress']);
  });
});
