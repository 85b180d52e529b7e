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
});
