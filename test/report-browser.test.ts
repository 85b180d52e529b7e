import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { cplan, REPO_ROOT } from './helpers/cli.js';
import { lintFiles } from '../server/src/node/lint-files.js';
import { dayFromIso } from '../server/src/core/periods.js';
import { reportData } from '../server/src/report/data.js';
import { hasPrintTools, pageImage, printToPdf, readPdf, squash } from './helpers/pdf.js';

const CHROMIUM = '/usr/bin/chromium';
const AS_OF = '2025-06-30';
const SCREENSHOT = path.join(REPO_ROOT, 'test-output', 'report', 'report.png');

describe('cplan report in a real browser (headless Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;

  before(function () {
    if (!fs.existsSync(CHROMIUM)) this.skip();
  });

  after(async () => {
    await browser?.close();
  });

  it('draws each plan: coverage matrix rows, timeline markers, nothing fetched; saves a screenshot', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-report-'));
    const file = path.join(dir, 'report.html');
    const run = cplan(['report', 'examples/', '--out', file, '--as-of', AS_OF, '--audience', 'author']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    const html = fs.readFileSync(file, 'utf8');
    assert.doesNotMatch(html, /<script|<link\b|<img\b|@import|url\(/i);

    // What the page must show, worked out from the same data the renderer is given.
    const { results } = await lintFiles(['examples/'], { cwd: REPO_ROOT, asOf: dayFromIso(AS_OF) });
    const plans = results.filter((r) => r.document.kind === 'plan').sort((a, b) => a.path.localeCompare(b.path));
    const expected = plans.map((r) => reportData(r.linked, r.diagnostics));
    assert.ok(expected.length >= 5);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });

    const sections = await page.$$eval('section.plan', (nodes) => nodes.map((section) => ({
      title: section.querySelector('h2')?.textContent ?? '',
      matrixRows: section.querySelectorAll('table.matrix tbody tr').length,
      unserved: [...section.querySelectorAll('table.matrix tbody tr.unserved')].map((tr) => tr.textContent ?? ''),
      noMetrics: section.querySelectorAll('table.matrix th.no-metrics').length,
      svgs: [...section.querySelectorAll('figure.timeline svg[role="img"]')].map((svg) => ({ label: svg.getAttribute('aria-label') ?? '', markers: svg.querySelectorAll('g.marker').length, titled: svg.querySelectorAll('g.marker > title').length, review: svg.querySelectorAll('g.review').length })),
      diagnostics: [...section.querySelectorAll('ol.diagnostics a')].map((a) => a.getAttribute('href') ?? ''),
    })));
    assert.equal(sections.length, expected.length);
    sections.forEach((section, i) => {
      const want = expected[i];
      assert.equal(section.title, want.title);
      assert.equal(section.matrixRows, want.matrix.rows.length, `${want.id}: matrix rows`);
      assert.equal(section.unserved.length, want.matrix.rows.filter((r) => !r.served).length, `${want.id}: unserved rows`);
      for (const row of section.unserved) assert.match(row, /not served/);
      assert.equal(section.noMetrics, want.matrix.columns.filter((c) => c.noMetrics).length, `${want.id}: no-metrics columns`);
      assert.equal(section.svgs.length, 1, `${want.id}: one timeline`);
      assert.equal(section.svgs[0].markers, want.timeline.markerCount, `${want.id}: markers`);
      assert.equal(section.svgs[0].titled, want.timeline.markerCount);
      assert.equal(section.svgs[0].review, want.timeline.reviewX === undefined ? 0 : 1);
      assert.match(section.svgs[0].label, /Milestone timeline/);
      assert.equal(section.diagnostics.length, want.diagnostics.length);
      for (const href of section.diagnostics) assert.match(href, /\.md#L\d+$/);
    });
    const problems = sections.find((s) => /working draft/.test(s.title));
    assert.ok(problems && problems.unserved.some((row) => row.includes('SA5')));
    // The timeline is drawn: markers have a size on screen.
    const box = await page.locator('section.plan g.marker').first().boundingBox();
    assert.ok(box && box.width > 4 && box.height > 4);

    assert.deepEqual([...new Set(requests)], [url], 'only the report itself is loaded');

    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.ok(fs.statSync(SCREENSHOT).size > 10_000);
    console.log(`    screenshot: ${SCREENSHOT}`);
    // A4 print works.
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000);
  });

  /**
   * Prints `file` with chromium --print-to-pdf and reads it back with poppler: pages of the paper size, each with
   * content, every element of `rows` and every chart whole on one page, no text outside the margins, no heading
   * at a page's foot, nothing wider than the page or than its picture, table text at least 8pt.
   */
  async function checkPrint(file: string, dir: string, what: { rows: string; headings: string; within: string; landscape?: boolean }) {
    const [paperW, paperH] = what.landscape ? [297, 210] : [210, 297];
    // What must print whole, read from the page as the print style lays it out.
    browser ??= await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    // The viewport is the paper's printable width (less two 12 mm margins, at 96 px an inch).
    const printable = Math.floor(((paperW - 24) / 25.4) * 96);
    const page = await browser.newPage({ viewport: { width: printable, height: 1000 } });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    // Run in the page (the test is compiled without the DOM's types, hence a string).
    const parts: { rows: string[]; charts: { caption: string; key: string }[]; headings: string[]; wide: string[]; rowFontPt: number } = await page.evaluate(`(() => {
      const text = (el) => el?.innerText ?? '';
      return {
        rows: [...document.querySelectorAll(${JSON.stringify(what.rows)})].map(text),
        charts: [...document.querySelectorAll('figure.chart')].map((f) => ({ caption: text(f.querySelector('figcaption')), key: text(f.querySelector('.chart-key')) })),
        headings: [...document.querySelectorAll(${JSON.stringify(what.headings)})].map(text),
        // Past the page's printable width, or past the edge of its picture (an SVG cuts off what it does not hold).
        wide: [...document.querySelectorAll(${JSON.stringify(what.within + ' *')})].filter((el) => {
          const box = el.getBoundingClientRect();
          const svg = el.parentElement?.closest('svg')?.getBoundingClientRect();
          return box.right > ${printable} + 0.5 || (svg && (box.right > svg.right + 0.5 || box.left < svg.left - 0.5));
        }).map((el) => el.tagName + '.' + (el.getAttribute('class') ?? '') + ' ' + (el.textContent ?? '').slice(0, 40)),
        rowFontPt: Math.min(...[...document.querySelectorAll('td')].map((td) => parseFloat(getComputedStyle(td).fontSize) * 0.75)),
      };
    })()`);
    await page.close();
    assert.deepEqual([...new Set(parts.wide)], [], 'nothing is wider than the page');
    assert.ok(parts.rowFontPt >= 8, `table text prints at ${parts.rowFontPt}pt, at least 8pt to be readable`);

    const pdf = file.replace(/\.html$/, '.pdf');
    printToPdf(file, pdf, dir);
    const pages = readPdf(pdf);
    const texts = pages.map((p) => squash(p.raw));
    const margin = (12 / 25.4) * 72; // @page margin: 12mm, in points
    const [wantW, wantH] = [paperW, paperH].map((mm) => (mm / 25.4) * 72);
    pages.forEach((p, i) => {
      const n = i + 1;
      assert.ok(Math.abs(p.width - wantW) < 1.5 && Math.abs(p.height - wantH) < 1.5, `page ${n} is A4${what.landscape ? ' landscape' : ''} (${p.width} x ${p.height} pt)`);
      assert.ok(texts[i].replace(/\s/g, '').length >= 80, `page ${n} has content: ${texts[i].slice(0, 80)}`);
      const outside = p.words.filter((w) => w.xMin < margin - 1.5 || w.xMax > p.width - margin + 1.5 || w.yMin < margin - 1.5 || w.yMax > p.height - margin + 1.5);
      assert.deepEqual(outside.map((w) => w.text), [], `page ${n}: text outside the printable area`);
      // A heading, a workstream's head or its latest update is never the last thing on a page.
      const orphan = parts.headings.find((h) => squash(h) && texts[i].endsWith(squash(h)));
      assert.equal(orphan, undefined, `page ${n} ends with a heading, its table is on the next page`);
    });
    for (const row of parts.rows) {
      assert.ok(texts.some((t) => t.includes(squash(row))), `a table row prints whole on one page: ${squash(row).slice(0, 100)}`);
    }
    for (const chart of parts.charts) {
      assert.ok(texts.some((t) => t.includes(squash(chart.caption)) && t.includes(squash(chart.key))), `a chart prints whole on one page: ${squash(chart.caption).slice(0, 80)}`);
    }
    // pdftoppm: nothing is drawn in the outer 8 mm of any page (no chart or table cut at the edge), and every page has ink.
    for (let n = 1; n <= pages.length; n++) {
      const image = pageImage(pdf, n, 30);
      const edge = Math.round((8 / 25.4) * 30);
      let ink = 0;
      let edgeInk = 0;
      for (let y = 0; y < image.height; y++) {
        for (let x = 0; x < image.width; x++) {
          if (image.pixel(x, y) > 200) continue;
          ink++;
          if (x < edge || x >= image.width - edge || y < edge || y >= image.height - edge) edgeInk++;
        }
      }
      assert.equal(edgeInk, 0, `page ${n}: ${edgeInk} dark pixels in the outer 8 mm`);
      assert.ok(ink > 200, `page ${n} is not blank (${ink} dark pixels)`);
    }
    return { pages: pages.length, rows: parts.rows.length, charts: parts.charts.length };
  }

  it('board pack prints to A4 with nothing cut: every page has content, rows and charts whole, text inside the margins', async function () {
    if (!hasPrintTools()) {
      this.test!.title += ' (skipped: needs /usr/bin/chromium and poppler-utils)';
      this.skip();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-print-'));
    const file = path.join(dir, 'board.html');
    const run = cplan(['report', 'examples/', '--out', file, '--as-of', AS_OF]);
    assert.equal(run.code, 0, run.stderr);
    const printed = await checkPrint(file, dir, { rows: 'table.milestones tbody tr, table.exceptions tbody tr', headings: 'section.plan h3, .ws-head, .ws-update', within: 'section.plan' });
    assert.ok(printed.pages >= 10, `${printed.pages} pages`);
    assert.ok(printed.rows > 100 && printed.charts > 10, 'the examples fill many rows and charts');
    console.log(`    board pack: ${printed.pages} A4 pages, ${printed.rows} table rows and ${printed.charts} charts each whole on a page`);

    // The author pack adds the lint findings: each prints whole too.
    const author = path.join(dir, 'author.html');
    assert.equal(cplan(['report', 'examples/', '--out', author, '--as-of', AS_OF, '--audience', 'author']).code, 0);
    const authorPrinted = await checkPrint(author, dir, { rows: 'table.milestones tbody tr, table.exceptions tbody tr, ol.diagnostics li', headings: 'section.plan h3, .ws-head, .ws-update', within: 'section.plan' });
    assert.ok(authorPrinted.rows > printed.rows + 50, 'the findings are checked too');
  });

  it('the portfolio dashboard prints on A4 landscape with nothing cut', async function () {
    if (!hasPrintTools()) {
      this.test!.title += ' (skipped: needs /usr/bin/chromium and poppler-utils)';
      this.skip();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-print-site-'));
    assert.equal(cplan(['report', 'examples/', '--out', `${dir}/site/`, '--as-of', AS_OF]).code, 0);
    const printed = await checkPrint(path.join(dir, 'site', 'index.html'), dir, {
      rows: '#plans-table tbody tr, #overdue-table tbody tr, table.trajectories tbody tr, table.priorities tbody tr, table.aims tbody tr', headings: 'main h2, main h3', within: 'main', landscape: true,
    });
    assert.ok(printed.rows > 60, `${printed.rows} rows`);
  });

  it('portfolio site: index with a row per plan (RAG counts, overdue, off trajectory), links to each board pack and back, nothing fetched, under 2 MB', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-site-'));
    const site = path.join(dir, 'site');
    const run = cplan(['report', 'examples/', '--out', `${site}/`, '--as-of', AS_OF]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    const { results } = await lintFiles(['examples/'], { cwd: REPO_ROOT, asOf: dayFromIso(AS_OF) });
    const expected = results.filter((r) => r.document.kind === 'plan').sort((a, b) => a.path.localeCompare(b.path)).map((r) => reportData(r.linked, r.diagnostics));
    const files = fs.readdirSync(path.join(site, 'plans')).sort();
    assert.equal(files.length, expected.length);
    const bytes = [path.join(site, 'index.html'), ...files.map((f) => path.join(site, 'plans', f))].reduce((n, f) => n + fs.statSync(f).size, 0);
    assert.ok(bytes < 2 * 1024 * 1024, `the site is ${bytes} bytes`);
    for (const f of files) assert.doesNotMatch(fs.readFileSync(path.join(site, 'plans', f), 'utf8'), /<script|<link\b|<img\b|@import|url\(/i);
    const index = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
    assert.doesNotMatch(index, /<link\b|<img\b|@import|url\(|<script[^>]+src/i);

    browser ??= await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    const indexUrl = pathToFileURL(path.join(site, 'index.html')).href;
    const started = Date.now();
    await page.goto(indexUrl, { waitUntil: 'load' });
    const openMs = Date.now() - started;
    assert.ok(openMs < 2000, `the dashboard opens in ${openMs} ms`);
    const rows = await page.$$eval('#plans-table tbody tr', (trs) => trs.map((tr) => ({
      title: tr.querySelector('a')?.textContent ?? '',
      href: tr.querySelector('a')?.getAttribute('href') ?? '',
      overdue: tr.querySelector('[data-overdue]')?.getAttribute('data-overdue'),
      off: tr.querySelector('[data-off-trajectory]')?.getAttribute('data-off-trajectory'),
      milestoneCounts: [...tr.querySelectorAll('td:nth-child(6) b.rag')].map((b) => `${/rag-(\w+)/.exec(b.className)?.[1]}:${/\d+/.exec(b.textContent ?? '')?.[0]}`),
      text: tr.textContent ?? '',
    })));
    assert.equal(rows.length, expected.length);
    rows.forEach((row, i) => {
      const want = expected[i];
      assert.equal(row.title, want.title);
      assert.equal(row.overdue, String(want.timeline.overdueCount), `${want.id} overdue`);
      assert.equal(row.off, String(want.metrics.filter((m) => m.offTrajectory).length), `${want.id} off trajectory`);
      const milestones = want.timeline.lanes.flatMap((l) => [...l.markers, ...l.undated]);
      const counts = ['red', 'amber', 'green', 'blue', undefined].map((v) => [v ?? 'none', milestones.filter((m) => m.rag.value === v).length] as const).filter(([, n]) => n > 0).map(([v, n]) => `${v}:${n}`);
      assert.deepEqual(row.milestoneCounts, counts, `${want.id} milestone RAG counts`);
      assert.doesNotMatch(row.text, /\b0 (Red|Amber|Green|Blue)/, 'no zero badges');
    });
    assert.ok(expected.some((r) => r.metrics.some((m) => m.offTrajectory)), 'an example has a metric off trajectory');
    // Priorities: per priority, the plans delivering it, meeting its deadlines and missing one.
    const priorityRows = await page.$$eval('table.priorities tbody tr', (trs) => trs.map((tr) => ({
      id: tr.getAttribute('data-priority'),
      cells: [...tr.querySelectorAll('td')].map((td) => ({ text: td.textContent ?? '', links: [...td.querySelectorAll('a')].map((a) => a.textContent) })),
    })));
    const priorityIds = [...new Set(expected.flatMap((r) => r.priorities.map((p) => p.id)))];
    assert.ok(priorityIds.length >= 17, 'the ADTDG priorities are listed');
    assert.deepEqual(priorityRows.map((p) => p.id).sort(), [...priorityIds].sort());
    for (const row of priorityRows) {
      const of = expected.map((r) => ({ r, p: r.priorities.find((p) => p.id === row.id) })).filter((x) => x.p);
      const delivering = of.filter((x) => x.p!.workstreams.length > 0);
      assert.equal(row.cells[2].text, String(delivering.length), `${row.id} delivering`);
      assert.deepEqual(row.cells[3].links, delivering.filter((x) => x.p!.meetsDeadlines === true).map((x) => x.r.id), `${row.id} meeting`);
      assert.deepEqual(row.cells[4].links, delivering.filter((x) => x.p!.meetsDeadlines === false).map((x) => x.r.id), `${row.id} missing`);
      assert.equal(row.cells[6].text, String(of.length - delivering.length));
    }
    assert.ok(expected.some((r) => r.priorities.some((p) => p.meetsDeadlines === false)) && expected.some((r) => r.priorities.some((p) => p.meetsDeadlines === true)), 'the examples meet some deadlines and miss some');
    const overdueRows = await page.$$eval('#overdue-table tbody tr[data-days]', (trs) => trs.map((tr) => Number(tr.getAttribute('data-days'))));
    assert.equal(overdueRows.length, expected.reduce((n, r) => n + r.timeline.overdueCount, 0));
    // The inline script re-sorts the table by days overdue.
    await page.click('.sorter button[data-sort="days"]');
    const sorted = await page.$$eval('#overdue-table tbody tr[data-days]', (trs) => trs.map((tr) => Number(tr.getAttribute('data-days'))));
    assert.deepEqual(sorted, [...overdueRows].sort((a, b) => b - a));
    assert.equal(await page.locator('#overdue-table tr.group:visible').count(), 0, 'ungrouped when sorted by days');

    // Every link to a plan opens its board pack, which links back.
    for (const [i, row] of rows.entries()) {
      await page.goto(indexUrl);
      await page.click(`#plans-table tbody tr:nth-child(${i + 1}) a`);
      await page.waitForLoadState('load');
      assert.equal(page.url(), new URL(row.href, indexUrl).href);
      assert.equal(await page.textContent('section.plan h2'), expected[i].title);
      assert.equal(await page.locator('section.exceptions').count(), 1);
      await page.click('.cover .back a');
      await page.waitForLoadState('load');
      assert.equal(page.url(), indexUrl);
    }
    await page.close();
    assert.deepEqual(errors, []);
    const outside = [...new Set(requests)].filter((url) => !url.startsWith(pathToFileURL(site).href + '/'));
    assert.deepEqual(outside, [], 'nothing is fetched from outside the site');
  });
});
