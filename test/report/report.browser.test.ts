// The report page in a real browser (Debian chromium through playwright-core), opened from file:// as a
// user would: no console error, no request beyond the file, rows and charts as the inputs say, filters and
// sorting that change the rows, hostile names that stay text, and a page that works with scripts off.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html/index.js';
import { buildReport, type ReportModel } from '../../src/report/model/index.js';
import { runCli } from '../cli/run.js';
import { type Browser, launchChromium } from './browser.js';
import { checkJson, clusterJson, hostile, mirrorJson, scanJson, writeRepository } from './fixtures.js';

/** Where the screenshot for people goes (git-ignored). */
const screenshotDir = resolve(import.meta.dirname, '../../.artifacts');

let browser: Browser;
let page: Page;
let model: ReportModel;
let url: string;
let pagedUrl: string;
const consoleErrors: string[] = [];
const dialogs: string[] = [];
const requests: string[] = [];
const routed: string[] = [];

beforeAll(async () => {
  const now = writeRepository(['Dockerfile']);
  const before = writeRepository();
  const files: Record<string, unknown> = {
    'shop.json': await scanJson(now),
    'shop-june.json': await scanJson(before),
    'clusters.json': clusterJson(),
    'check.json': checkJson(),
    'mirror.json': mirrorJson(),
  };
  for (const [name, value] of Object.entries(files)) writeFileSync(join(now, name), JSON.stringify(value));
  const inputs = ['shop.json', 'clusters.json', 'check.json', 'mirror.json'];
  const cli = await runCli(
    [
      'report',
      ...inputs,
      '--baseline',
      'shop-june.json',
      '--link-base',
      'https://git.example/org/shop/blob/main',
    ],
    { cwd: now },
  );
  expect(cli.stderr).toBe('');
  writeFileSync(join(now, 'report.html'), cli.stdout);
  url = `file://${join(now, 'report.html')}`;
  model = buildReport(
    inputs.map((name) => ({ name: name.replace('.json', ''), value: files[name] })),
    [{ name: 'shop-june', value: files['shop-june.json'] }],
  );
  writeFileSync(join(now, 'paged.html'), renderHtml(model, { pageGroups: 2 }));
  pagedUrl = `file://${join(now, 'paged.html')}`;

  browser = await launchChromium();
  // Every request that is not the page itself is recorded and refused.
  await browser.context.route('**/*', (route) => {
    if (route.request().url() === url || route.request().url() === pagedUrl) return route.continue();
    routed.push(route.request().url());
    return route.abort();
  });
  page = await browser.context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  await page.waitForFunction(ready);
});

afterAll(async () => {
  await browser?.close();
});

/** Page-side expressions as text: the tests compile without the DOM library. */
const ready = "document.documentElement.dataset.ready === '1'";
const visibleRows = (p: Page) => p.locator('tr.f:visible').count();
const shown = (p: Page) => p.locator('#shown').textContent();

describe('the HTML report in chromium', () => {
  it('loads from file:// with no console error and no request beyond the file itself', async () => {
    await page.waitForTimeout(300);
    expect(routed).toEqual([]);
    expect(requests).toEqual([url]);
    expect(consoleErrors).toEqual([]);
  });

  it('has one table row per finding, and one non-empty SVG chart per thing to show', async () => {
    expect(await page.locator('tr.f').count()).toBe(model.findings.length);
    expect(await visibleRows(page)).toBe(model.findings.length);
    expect(await shown(page)).toBe(`${model.findings.length} findings`);
    const charts = page.locator('figure.chart');
    expect(await charts.evaluateAll((els) => els.map((e) => e.getAttribute('data-chart')))).toEqual([
      'where',
      'progress',
      'verdicts',
      'mirror',
    ]);
    const bars = await charts.evaluateAll((els) =>
      els.map(
        (e) => [...e.querySelectorAll('svg rect')].filter((r) => Number(r.getAttribute('width')) > 0).length,
      ),
    );
    expect(bars).toEqual([4, 4, 3, 3]);
    const box = await charts.first().locator('svg').boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(50);
  });

  it('filters by kind, scope, change and search, and shows how many rows are left', async () => {
    const count = (test: (f: ReportModel['findings'][number]) => boolean) =>
      model.findings.filter(test).length;
    await page.selectOption('#fk', 'mention');
    expect(await visibleRows(page)).toBe(count((f) => f.kind === 'mention'));
    expect(await shown(page)).toBe(
      `${count((f) => f.kind === 'mention')} of ${model.findings.length} findings`,
    );
    await page.selectOption('#fk', '');
    await page.selectOption('#fs', 'staging');
    expect(await visibleRows(page)).toBe(count((f) => f.scope === 'staging'));
    await page.selectOption('#fs', '');
    await page.selectOption('#fc', 'new');
    expect(await visibleRows(page)).toBe(count((f) => f.change === 'new'));
    await page.selectOption('#fc', '');
    await page.fill('#q', 'deploy/app.yaml');
    await expect.poll(() => visibleRows(page)).toBe(count((f) => f.path === 'deploy/app.yaml'));
    await page.fill('#q', 'METRICS-server');
    await expect.poll(() => visibleRows(page)).toBe(count((f) => f.match.includes('metrics-server')));
    await page.fill('#q', 'nothing matches this');
    await expect.poll(() => visibleRows(page)).toBe(0);
    expect(await page.locator('section.grp:visible').count()).toBe(0);
    await page.fill('#q', '');
    await expect.poll(() => visibleRows(page)).toBe(model.findings.length);
  });

  it('sorts rows within their groups, numbers as numbers, and toggles the direction', async () => {
    const group = page.locator('section.grp', { hasText: 'Change deploy/app.yaml' });
    const column = (n: number) => group.locator(`tr.f td:nth-child(${n})`).allTextContents();
    const found = await column(3);
    await group.locator('th', { hasText: 'Found' }).click();
    expect(await column(3)).toEqual([...found].sort());
    await group.locator('th', { hasText: 'Found' }).click();
    expect(await column(3)).toEqual([...found].sort().reverse());
    expect(await group.locator('th', { hasText: 'Found' }).getAttribute('aria-sort')).toBe('descending');
    await group.locator('th', { hasText: 'Where' }).click();
    const lines = (await column(1)).map((t) => Number(t.split(':')[0]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(lines).not.toEqual([...lines].map(String).sort().map(Number));
    // From the keyboard too: Enter on a focused header sorts by it.
    await group.locator('th', { hasText: 'Found' }).focus();
    await page.keyboard.press('Enter');
    expect(await column(3)).toEqual([...found].sort());
    // Groups follow their first row: sorted by kind, the mention group comes after every image group.
    await group.locator('th', { hasText: 'Kind' }).click();
    const kinds = await page.locator('section.grp tr.f:first-child td:nth-child(2)').allTextContents();
    expect(kinds.map((k) => k.replace('new', ''))).toEqual(kinds.map((k) => k.replace('new', '')).sort());
  });

  it('shows hostile file names and values as text: no dialog, no injected element', async () => {
    expect(dialogs).toEqual([]);
    expect(await page.getByText(hostile.fileName, { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText(hostile.key, { exact: true }).count()).toBe(1);
    expect(await page.locator('img, iframe, object, embed').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('svg').count()).toBe(4);
    expect(await page.locator('[onerror], [onload]').count()).toBe(0);
    const link = page.locator('a', { hasText: hostile.fileName }).first();
    expect(await link.getAttribute('href')).toBe(
      `https://git.example/org/shop/blob/main/${encodeURIComponent(hostile.fileName)}`,
    );
  });

  it('switches themes, prints without the controls, and writes a screenshot', async () => {
    const background = () => page.evaluate('getComputedStyle(document.body).backgroundColor');
    const light = await background();
    await page.click('#theme');
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    await page.click('#theme');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await background()).not.toBe(light);
    mkdirSync(screenshotDir, { recursive: true });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(screenshotDir, 'report-dark.png') });
    // A fresh load for the pictures: the sort test above reordered the groups.
    await page.reload();
    await page.waitForFunction(ready);
    // Viewport shots, not fullPage: Chromium's full-page capture leaves content-visibility:auto groups unpainted.
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.screenshot({ path: join(screenshotDir, 'report.png') });
    await page.locator('#findings').scrollIntoViewIfNeeded();
    await page.evaluate("document.getElementById('findings').scrollIntoView()");
    await page.screenshot({ path: join(screenshotDir, 'report-findings.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#controls').isVisible()).toBe(false);
    expect(await page.locator('#theme').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });

  it('shows a page of groups at a time, in the order of the whole sort, and more on request', async () => {
    const p = await browser.context.newPage();
    await p.goto(pagedUrl);
    await p.waitForFunction(ready);
    const groups = p.locator('section.grp:visible');
    expect(await groups.count()).toBe(2);
    const more = p.locator('#more');
    const groupCount = new Set(model.findings.map((f) => `${f.scope}\0${f.fixAt}`)).size;
    expect(await more.textContent()).toBe(`Show 2 more of ${groupCount - 2} groups not shown`);
    await more.click();
    expect(await groups.count()).toBe(4);
    // Sorted by what was found, descending: the shown groups start with the largest values of all.
    const found = p.locator('section.grp:visible th', { hasText: 'Found' }).first();
    await found.click();
    await found.click();
    const firsts = await p.locator('section.grp:visible tr.f:first-child td:nth-child(3)').allTextContents();
    const largest = [...new Set(model.findings.map((f) => f.match))].sort().reverse();
    expect(firsts[0]).toBe(largest[0]);
    expect(firsts).toEqual([...firsts].sort().reverse());
    // A filter starts again from the first page; the count covers every match, shown or not.
    await p.selectOption('#fk', 'image');
    expect(await groups.count()).toBe(2);
    const images = model.findings.filter((f) => f.kind === 'image').length;
    expect(await p.locator('#shown').textContent()).toBe(`${images} of ${model.findings.length} findings`);
    await p.close();
  });

  it('is complete with scripts off: every row in plain tables, controls left hidden', async () => {
    const noScript = await launchChromium({ javaScriptEnabled: false });
    try {
      const p = await noScript.context.newPage();
      await p.goto(url);
      expect(await p.locator('tr.f').count()).toBe(model.findings.length);
      expect(await visibleRows(p)).toBe(model.findings.length);
      expect(await p.locator('#controls').isVisible()).toBe(false);
      expect(await p.locator('figure.chart svg').count()).toBe(4);
    } finally {
      await noScript.close();
    }
  });
});
