// `npm run bench -- report [--findings N] [--rounds N]`: `regshift report -o html` on 50,000 findings
// (two repository scans, two clusters, a check and a mirror), then the page in the system chromium.
// Figures: the page's size (and gzipped), the time to write it against `-o json` of the same merge, and
// in the browser the time to DOMContentLoaded, load, and the script's ready mark (interactive), against
// chromium opening the largest input JSON file as text (the floor for showing that much data at all);
// then search, filter and sort latencies. Each side by side in one run; medians of the rounds.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../test/report/browser.js';
import { benchDir, buildProblem, paramsHash, repoRoot, writeResult } from './lib/paths.js';
import { mib, ms, table } from './lib/table.js';
import { interleave, median, requireGnuTime, type Variant } from './lib/timing.js';
import { writeReportInputs } from './report-inputs.js';

const log = (line: string) => process.stderr.write(`[bench report] ${line}\n`);

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

interface PageTiming {
  domContentLoaded: number;
  load: number;
  ready: number | null;
}

/** Navigation timings of one fresh browser opening `file`, plus the interactions when it is the report. */
async function openInChromium(file: string, interact: boolean) {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(`file://${file}`, { timeout: 300_000 });
    if (interact)
      await page.waitForFunction("document.documentElement.dataset.ready === '1'", undefined, {
        timeout: 300_000,
      });
    const timing = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const ready = performance.getEntriesByName('regshift-ready')[0];
      return { domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, ready: ready ? ready.startTime : null };
    })()`)) as PageTiming;
    if (!interact) return { timing, interactions: null };
    // Each interaction timed in the page, through the next frame (layout and paint of the new rows).
    const frame = 'new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))';
    const interactions = (await page.evaluate(`(async () => {
      const time = async (action) => { const t = performance.now(); action(); await ${frame}; return performance.now() - t; };
      const q = document.getElementById('q');
      const kind = document.getElementById('fs');
      const shown = document.getElementById('shown');
      const rows = () => shown.textContent;
      const search = async (text) => {
        const before = rows();
        const t = performance.now();
        q.value = text;
        q.dispatchEvent(new Event('input'));
        while (rows() === before) await new Promise((r) => setTimeout(r, 5));
        await ${frame};
        return performance.now() - t;
      };
      const searchMs = await search('svc-42');
      const clearMs = await search('');
      const filterMs = await time(() => { kind.value = 'prod-eu'; kind.dispatchEvent(new Event('change')); });
      const unfilterMs = await time(() => { kind.value = ''; kind.dispatchEvent(new Event('change')); });
      const sortMs = await time(() => document.querySelector('th[data-sort="2"]').click());
      return { searchMs, clearMs, filterMs, unfilterMs, sortMs, rows: document.querySelectorAll('tr.f').length };
    })()`)) as Record<string, number>;
    return { timing, interactions };
  } finally {
    await browser.close();
  }
}

export async function run(args: string[]): Promise<void> {
  const findings = flag(args, '--findings', 50_000);
  const rounds = flag(args, '--rounds', 3);
  requireGnuTime();
  const problem = buildProblem();
  if (problem) {
    log(`${problem}; building`);
    if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' }).status !== 0)
      throw new Error('build failed');
  }
  const dir = join(benchDir, `report-${paramsHash({ findings, v: 1 })}`);
  mkdirSync(dir, { recursive: true });
  const inputs = writeReportInputs(dir, { findings, images: 1000 });
  const html = join(dir, 'report.html');
  const json = join(dir, 'report.json');
  const command = (format: string, out: string): Variant => ({
    name: `regshift report -o ${format}`,
    command: {
      cmd: process.execPath,
      args: [join(repoRoot, 'bin/regshift.js'), 'report', ...inputs, '-o', format],
      cwd: dir,
      stdoutPath: out,
    },
    okExitCodes: [1],
  });
  const [writeHtml, writeJson] = await interleave(
    [command('html', html), command('json', json)],
    rounds,
    log,
  );
  const page = readFileSync(html);
  const rows = (page.toString('utf8').match(/<tr class="f"/g) ?? []).length;
  if (rows !== findings) throw new Error(`the page has ${rows} finding rows, expected ${findings}`);

  const largestInput = join(dir, inputs[0]!);
  const opened: Awaited<ReturnType<typeof openInChromium>>[] = [];
  const floor: Awaited<ReturnType<typeof openInChromium>>[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['report', 'json'] : ['json', 'report'];
    for (const which of order) {
      if (which === 'report') opened.push(await openInChromium(html, true));
      else floor.push(await openInChromium(largestInput, false));
      const last = (which === 'report' ? opened : floor).at(-1)!;
      log(`round ${round + 1} ${which}: ${JSON.stringify(last.timing)} ${JSON.stringify(last.interactions)}`);
    }
  }
  const med = (list: typeof opened, get: (o: (typeof opened)[number]) => number) => median(list.map(get));
  const readyMs = med(opened, (o) => o.timing.ready ?? Number.NaN);
  const floorLoad = med(floor, (o) => o.timing.load);
  const interaction = (key: string) => med(opened, (o) => o.interactions![key]!);
  const kib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

  console.log(`\n${findings} findings (${inputs.join(', ')}), ${rounds} rounds, medians\n`);
  console.log(
    table(
      ['', 'value', 'vs'],
      [
        ['page size', kib(page.length), `${(page.length / statSync(json).size).toFixed(2)}x report -o json`],
        ['page gzipped', kib(gzipSync(page).length), ''],
        [
          'write -o html',
          ms(writeHtml!.medianWallMs),
          `${(writeHtml!.medianWallMs / writeJson!.medianWallMs).toFixed(2)}x -o json`,
        ],
        [
          'write peak RSS',
          mib(writeHtml!.medianPeakRssMiB),
          `${mib(writeJson!.medianPeakRssMiB)} for -o json`,
        ],
        ['DOMContentLoaded', ms(med(opened, (o) => o.timing.domContentLoaded)), ''],
        ['load', ms(med(opened, (o) => o.timing.load)), ''],
        [
          'interactive (ready)',
          ms(readyMs),
          `${(readyMs / floorLoad).toFixed(2)}x ${inputs[0]} as text (${ms(floorLoad)})`,
        ],
        ['search (120 ms debounce)', ms(interaction('searchMs')), ''],
        ['clear search', ms(interaction('clearMs')), ''],
        ['filter by cluster', ms(interaction('filterMs')), ''],
        ['clear filter', ms(interaction('unfilterMs')), ''],
        ['sort by Found', ms(interaction('sortMs')), ''],
      ],
    ),
  );
  const file = writeResult('report', {
    findings,
    rounds,
    pageBytes: page.length,
    gzipBytes: gzipSync(page).length,
    writeHtml,
    writeJson,
    opened,
    floor,
  });
  console.log(`\nresults: ${file}`);
}
