// Bench rows for `cplan report` (issue 16): the portfolio site (index + a board pack per plan) on the same corpus
// as `cplan lint`, interleaved with it; the workbook (context); the dashboard's size and the time headless Chromium
// takes to open it. Used by bench/run.mjs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './corpus.mjs';

const CPLAN = path.join(REPO_ROOT, 'bin', 'cplan.js');
const CHROMIUM = '/usr/bin/chromium';
export const REPORT_TARGETS = { reportVsLint: 3, dashboardBytes: 2 * 1024 * 1024, dashboardOpenMs: 2000 };

function timed(argv, cwd) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, r };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs lint and the portfolio report `runs` times each, interleaved, on the corpus in `dir`. */
export async function measureReports({ dir, plans, runs, tmp, log }) {
  const site = path.join(tmp, `site-${plans}`);
  const xlsx = path.join(tmp, `plans-${plans}.xlsx`);
  const lint = [];
  const report = [];
  const workbook = [];
  for (let run = 1; run <= runs; run++) {
    const l = timed([CPLAN, 'lint', '--format', 'json', '.'], dir);
    if (l.r.status !== 0 && l.r.status !== 1) throw new Error(`cplan lint failed (exit ${l.r.status}): ${l.r.stderr.slice(-800)}`);
    lint.push(l.ms);
    fs.rmSync(site, { recursive: true, force: true });
    const p = timed([CPLAN, 'report', '.', '--out', `${site}/`], dir);
    if (p.r.status !== 0) throw new Error(`cplan report --out site/ failed (exit ${p.r.status}): ${p.r.stderr.slice(-800)}`);
    report.push(p.ms);
    const x = timed([CPLAN, 'report', '.', '--format', 'xlsx', '--out', xlsx], dir);
    if (x.r.status !== 0) throw new Error(`cplan report --format xlsx failed (exit ${x.r.status}): ${x.r.stderr.slice(-800)}`);
    workbook.push(x.ms);
    log(`bench: report run ${run}/${runs}: lint ${(l.ms / 1000).toFixed(2)} s, portfolio ${(p.ms / 1000).toFixed(2)} s, xlsx ${(x.ms / 1000).toFixed(2)} s`);
  }
  const pages = fs.readdirSync(path.join(site, 'plans'));
  if (pages.length !== plans) throw new Error(`the portfolio has ${pages.length} plan pages, not ${plans}`);
  const indexFile = path.join(site, 'index.html');
  const indexBytes = fs.statSync(indexFile).size;
  const siteBytes = pages.reduce((n, f) => n + fs.statSync(path.join(site, 'plans', f)).size, indexBytes);
  const result = {
    plans, runs, lintMs: median(lint), reportMs: median(report), xlsxMs: median(workbook), lintSamples: lint, reportSamples: report, xlsxSamples: workbook,
    indexBytes, siteBytes, xlsxBytes: fs.statSync(xlsx).size,
  };
  result.ratio = result.reportMs / result.lintMs;
  result.open = fs.existsSync(CHROMIUM) ? await openTimes(indexFile, runs) : undefined;
  return result;
}

/** Headless Chromium (already started): from navigation to the load event of the dashboard, and the rows it shows. */
async function openTimes(file, runs) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const times = [];
    let rows = 0;
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const started = process.hrtime.bigint();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      rows = await page.locator('#plans-table tbody tr').count();
      await page.close();
    }
    return { ms: median(times), max: Math.max(...times), samples: times, rows };
  } finally {
    await browser.close();
  }
}

export function reportRows(r, { section, row, int, secs, msf, ratio }) {
  section(`cplan report, ${int(r.plans)} plans: wall time, median of ${r.runs} run${r.runs > 1 ? 's' : ''}, interleaved with cplan lint`);
  row('cplan lint --format json (the same runs)', secs(r.lintMs));
  row('cplan report . --out site/ (index + a board pack per plan)', `${secs(r.reportMs)} (min ${secs(Math.min(...r.reportSamples))}, max ${secs(Math.max(...r.reportSamples))})`);
  row('ratio report / lint', ratio(r.ratio), `<= ${REPORT_TARGETS.reportVsLint.toFixed(1)}x`, r.ratio <= REPORT_TARGETS.reportVsLint);
  row('cplan report . --format xlsx (context)', `${secs(r.xlsxMs)} (${(r.xlsxBytes / 2 ** 20).toFixed(1)} MB)`);
  row('dashboard size: site/index.html', `${(r.indexBytes / 2 ** 20).toFixed(2)} MB (whole site ${(r.siteBytes / 2 ** 20).toFixed(1)} MB)`, '<= 2 MB', r.indexBytes <= REPORT_TARGETS.dashboardBytes);
  if (r.open) row('dashboard open in headless Chromium: navigation to load', `${msf(r.open.ms)} (max ${msf(r.open.max)}; ${int(r.open.rows)} plan rows)`, `<= ${REPORT_TARGETS.dashboardOpenMs} ms`, r.open.max <= REPORT_TARGETS.dashboardOpenMs && r.open.rows === r.plans);
  else row('dashboard open in headless Chromium', 'not measured: no /usr/bin/chromium');
}
