import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { cplan, example, tempTree, REPO_ROOT } from './helpers/cli.js';
import { lintFiles } from '../server/src/node/lint-files.js';
import { dayFromIso, isoFromDay } from '../server/src/core/periods.js';
import { parsePlanDocument } from '../server/src/core/document.js';
import { reportData, type PlanReport } from '../server/src/report/index.js';

const AS_OF = '2025-06-30';
const RAG_WORDS = { red: '■ Red', amber: '▲ Amber', green: '● Green', blue: '✔ Blue (complete)' } as const;
const RAG_FILLS = { red: 'FFD5281B', amber: 'FFFFB81C', green: 'FF007F3B', blue: 'FF005EB8' } as const;

async function reportsOf(target: string): Promise<PlanReport[]> {
  const { results } = await lintFiles([target], { cwd: REPO_ROOT, asOf: dayFromIso(AS_OF) });
  return results.filter((r) => r.document.kind === 'plan').sort((a, b) => a.path.localeCompare(b.path)).map((r) => reportData(r.linked, r.diagnostics));
}

function exportXlsx(target: string, dir: string, name = 'plans.xlsx'): string {
  const file = path.join(dir, name);
  const run = cplan(['report', target, '--format', 'xlsx', '--out', file, '--as-of', AS_OF]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '');
  return file;
}

const milestonesOf = (r: PlanReport) => r.timeline.lanes.flatMap((lane) => [...lane.markers, ...lane.undated].map((m) => ({ lane, m })));

/** A sheet as rows of objects keyed by the header row's names. */
function rowsOf(sheet: ExcelJS.Worksheet): Record<string, ExcelJS.Cell>[] {
  const headers = Array.from((sheet.getRow(1).values as unknown[]).slice(1), (h) => String(h ?? ''));
  const rows: Record<string, ExcelJS.Cell>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1)])));
  }
  return rows;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));
}

describe('cplan report --format xlsx (issue 16)', function () {
  this.timeout(180_000);

  it('writes Milestones, Metrics, Workstreams, Findings and Plans sheets: frozen headers, autofilters, real dates, RAG filled and in words', async () => {
    const dir = tempTree({});
    const file = exportXlsx('examples/', dir);
    const reports = await reportsOf('examples/');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    assert.deepEqual(workbook.worksheets.map((s) => s.name), ['Milestones', 'Metrics', 'Workstreams', 'Findings', 'Plans']);
    for (const sheet of workbook.worksheets) {
      assert.equal(sheet.views[0]?.state, 'frozen', `${sheet.name} frozen`);
      assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1, `${sheet.name} header row frozen`);
      assert.ok(sheet.autoFilter, `${sheet.name} has an autofilter`);
      assert.equal(sheet.getRow(1).font?.bold, true);
    }

    const milestones = rowsOf(workbook.getWorksheet('Milestones')!);
    const expected = reports.flatMap((r) => milestonesOf(r).map((x) => ({ plan: r, ...x })));
    assert.equal(milestones.length, expected.length);
    expected.forEach(({ plan, lane, m }, i) => {
      const row = milestones[i];
      const where = `${plan.id} ${m.id}`;
      assert.equal(row.Plan.value, plan.id);
      assert.equal(row.Workstream.value, `${lane.id} - ${lane.title}`);
      assert.equal(row.Ref.value, m.id, where);
      assert.equal(row.Milestone.value, m.title, where);
      assert.equal(row.Owner.value ?? undefined, m.owner ?? lane.lead, where);
      assert.equal(row.Due.value ?? 'no due date', m.due, where);
      if ('date' in m && m.date) {
        assert.ok(row['Due by (date)'].value instanceof Date, `${where}: the due date is an Excel date`);
        assert.equal((row['Due by (date)'].value as Date).toISOString().slice(0, 10), m.date);
        assert.match(String(row['Due quarter'].value), /^Q[1-4] \d{4}\/\d{2}$/);
      }
      assert.equal(row.Status.value ?? 'unknown', m.status, where);
      if (m.rag.value) {
        assert.ok(String(row.RAG.value).startsWith(RAG_WORDS[m.rag.value]), `${where}: RAG word ${row.RAG.value}`);
        assert.equal((row.RAG.fill as ExcelJS.FillPattern).fgColor?.argb, RAG_FILLS[m.rag.value], `${where}: RAG fill`);
      } else assert.equal(row.RAG.value, 'not rated');
      assert.equal(row['Latest update'].value ?? undefined, m.latestUpdate?.text, where);
      if (m.doneOn) assert.equal((row['Done on'].value as Date).toISOString().slice(0, 10), m.doneOn);
      if ('overdueDays' in m && m.overdueDays !== undefined) assert.equal(row['Days overdue'].value, m.overdueDays);
    });

    const metrics = workbook.getWorksheet('Metrics')!;
    const metricRows = rowsOf(metrics);
    const allMetrics = reports.flatMap((r) => r.metrics.map((m) => ({ plan: r, m })));
    assert.equal(metricRows.length, allMetrics.length);
    const headers = Array.from((metrics.getRow(1).values as unknown[]).slice(1), (h) => String(h ?? ''));
    const periodHeaders = headers.slice(headers.indexOf('RAG reason') + 1);
    assert.ok(periodHeaders.length > 0, 'a column per period with actuals');
    allMetrics.forEach(({ plan, m }, i) => {
      const row = metricRows[i];
      assert.equal(row.Ref.value, m.id);
      assert.equal(row.Plan.value, plan.id);
      if (m.baselineValue !== undefined && /^\d+(\.\d+)?$/.test(m.baselineValue)) assert.equal(row.Baseline.value, Number(m.baselineValue), `${m.id} baseline is a number`);
      if (m.targetValue !== undefined && /^\d+(\.\d+)?$/.test(m.targetValue)) assert.equal(row.Target.value, Number(m.targetValue));
      for (const period of periodHeaders) assert.equal(row[period].value ?? undefined, m.actuals.find((a) => a.period === period)?.value, `${m.id} ${period}`);
      if (m.rag.value) assert.ok(String(row.RAG.value).startsWith(RAG_WORDS[m.rag.value]));
    });
    // Periods in date order.
    const ends = periodHeaders.map((p) => allMetrics.flatMap(({ m }) => m.actuals).find((a) => a.period === p)!.date);
    assert.deepEqual(ends, [...ends].sort());

    const workstreams = rowsOf(workbook.getWorksheet('Workstreams')!);
    assert.equal(workstreams.length, reports.reduce((n, r) => n + r.timeline.lanes.length, 0));
    const findings = rowsOf(workbook.getWorksheet('Findings')!);
    assert.equal(findings.length, reports.reduce((n, r) => n + r.diagnostics.length, 0));
    assert.ok(findings.every((f) => typeof f.Line.value === 'number' && /^(error|warning|info)$/.test(String(f.Severity.value))));
    assert.equal(rowsOf(workbook.getWorksheet('Plans')!).filter((p) => p.Plan.value).length, reports.length);
  });

  it('LibreOffice reads the workbook: every sheet, the milestones and RAG words as written, dates shown as dates', async function () {
    if (!onPath('soffice')) {
      this.test!.title += ' (skipped: soffice is not on PATH; install libreoffice-calc to run this oracle)';
      this.skip();
    }
    const dir = tempTree({});
    const file = exportXlsx('examples/', dir);
    const reports = await reportsOf('examples/');
    // The 12th field, -1, writes every sheet to its own CSV; en-GB (2057) and "as shown" (9th field).
    const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,2057,false,true,true,false,false,-1';
    const run = spawnSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', filter, '--outdir', dir, file], {
      encoding: 'utf8', timeout: 150_000, env: { ...process.env, HOME: dir },
    });
    assert.equal(run.status, 0, `soffice failed: ${run.stderr}`);
    for (const sheet of ['Milestones', 'Metrics', 'Workstreams', 'Findings', 'Plans']) assert.ok(fs.existsSync(path.join(dir, `plans-${sheet}.csv`)), sheet);
    const rows = parseCsv(fs.readFileSync(path.join(dir, 'plans-Milestones.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const expected = reports.flatMap((r) => milestonesOf(r));
    assert.equal(rows.length, expected.length);
    const shownDate = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'UTC' }).replace('Sept', 'Sep');
    expected.forEach(({ m }, i) => {
      assert.equal(rows[i].Ref, m.id);
      assert.equal(rows[i].Milestone, m.title);
      if (m.rag.value) assert.ok(rows[i].RAG.startsWith(RAG_WORDS[m.rag.value]), `${m.id}: ${rows[i].RAG}`);
      if ('date' in m && m.date) assert.equal(rows[i]['Due by (date)'], shownDate(m.date), `${m.id}: LibreOffice shows the due date as a date`);
    });
  });

  it('round trip: cplan import of the exported Milestones sheet gives back each plan\'s milestones', async () => {
    const dir = tempTree({});
    fs.copyFileSync(path.join(REPO_ROOT, 'examples', 'ncl-ltp-framework.md'), path.join(dir, 'ncl-ltp-framework.md'));
    const targets = fs.readdirSync(path.join(REPO_ROOT, 'examples')).filter((f) => f.endsWith('.md') && f !== 'ncl-ltp-framework.md').map((f) => `examples/${f}`);
    // The examples keep updates on workstreams only: a copy of one with dated updates on two milestones (test data).
    const withUpdates = path.join(dir, 'ncl-adt-2025-26-with-updates.md');
    fs.writeFileSync(withUpdates, fs.readFileSync(path.join(REPO_ROOT, 'examples', 'ncl-adt-2025-26.md'), 'utf8')
      .replace('    due: Q3 2025/26\n    status: at-risk\n', '    due: Q3 2025/26\n    status: at-risk\n    updates:\n      - {on: 2025-06-12, text: "Pilot recruitment behind plan: capacity under review"}\n')
      .replace('    due: Q3 2025/26\n    status: on-track\n', '    due: Q3 2025/26\n    status: on-track\n    updates:\n      - {on: 2025-05-20, text: Evaluation report drafted}\n      - {on: 2025-04-02, text: Data collection closed}\n'));
    targets.push(withUpdates);
    let compared = 0;
    let updates = 0;
    for (const target of targets) {
      const name = path.basename(target);
      const [report] = await reportsOf(target);
      if (!report) continue;
      const base = name.replace(/\.md$/, '');
      exportXlsx(target, dir, `${base}.xlsx`);
      const framework = name.includes('long-term') ? ['--framework', './ncl-ltp-framework.md'] : [];
      const imported = cplan(['import', `${base}.xlsx`, '--dry-run', '--as-of', AS_OF, '--period', report.period ?? '2025/26', ...framework], dir);
      assert.ok(imported.code === 0 || imported.code === 1, `${name}: ${imported.stderr}`);
      const plan = parsePlanDocument(`${base}.md`, imported.stdout);
      const back = plan.workstreams.flatMap((w) => w.milestones.map((m) => ({
        workstream: `${w.id} ${w.title}`, id: m.id, title: m.title, due: m.due ? (m.due.result.ok ? m.due.result.period.canonical : m.due.text) : undefined,
        status: m.status?.value, doneOn: m.doneOn?.day === undefined ? undefined : isoFromDay(m.doneOn.day), cadence: m.cadence?.value === undefined ? undefined : String(m.cadence.value),
        // The latest update comes back as the milestone's update, dated by the Updated on column.
        update: m.updates.length ? { on: isoFromDay(m.updates[0].on.day!), text: m.updates[0].text } : undefined,
      })));
      // An id the plan uses twice (a problem the draft shows) comes back as a fresh id: import never repeats one.
      const ids = milestonesOf(report).map(({ m }) => m.id);
      const twice = new Set(ids.filter((id, i) => ids.indexOf(id) !== i));
      for (const m of back) if (!ids.includes(m.id)) m.id = '(fresh id)';
      const original = milestonesOf(report).map(({ lane, m }, i) => ({
        workstream: `${lane.id} ${lane.title}`, id: twice.has(m.id) && ids.indexOf(m.id) !== i ? '(fresh id)' : m.id, title: m.title, due: m.due === 'no due date' ? undefined : m.due,
        status: m.status === 'unknown' ? undefined : m.status, doneOn: m.doneOn, cadence: 'cadence' in m ? m.cadence : undefined,
        update: m.latestUpdate ? { on: m.latestUpdate.on, text: m.latestUpdate.text } : undefined,
      }));
      // The sheet lists milestones workstream by workstream, as the plan does.
      assert.deepEqual(back, original, `${name}: the imported milestones differ`);
      compared += original.length;
      updates += original.filter((m) => m.update).length;
    }
    assert.ok(compared > 50, `${compared} milestones round-tripped`);
    assert.equal(updates, 2, 'the two milestones with updates');
  });

  it('--format xlsx needs --out, and never writes over a plan', () => {
    const run = cplan(['report', 'examples/ncl-adt-2025-26.md', '--format', 'xlsx']);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'cplan: --format xlsx writes a workbook, not text: give the file to write, e.g. --out plans.xlsx\n');
    const dir = tempTree({ 'plan.md': fs.readFileSync(path.join(REPO_ROOT, 'examples', 'ncl-adt-2025-26.md'), 'utf8') });
    const over = cplan(['report', 'plan.md', '--format', 'xlsx', '--out', 'plan.md'], dir);
    assert.equal(over.code, 2);
    assert.match(over.stderr, /would overwrite the commissioning plan/);
  });

  it('text that looks like a formula or markup stays text: a cell is never a formula, the dashboard runs only its own script', async () => {
    const plan = example('brent-liver-case-finding-2023-24.md')
      .replace('title: Brent liver cancer case-finding pilot 2023/24-2024/25', 'title: "</script><script>alert(1)</script>"')
      .replace('    title: First community fibroscan clinic held', '    title: "=HYPERLINK(\\"http://example.com\\",\\"click\\")"');
    const dir = tempTree({ 'plan.md': plan });
    const run = cplan(['report', 'plan.md', '--format', 'xlsx', '--out', 'plan.xlsx', '--as-of', AS_OF], dir);
    assert.equal(run.code, 0, run.stderr);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(dir, 'plan.xlsx'));
    const cell = rowsOf(workbook.getWorksheet('Milestones')!)[0].Milestone;
    assert.equal(cell.type, ExcelJS.ValueType.String);
    assert.equal(cell.value, '=HYPERLINK("http://example.com","click")');
    assert.equal(cplan(['report', 'plan.md', '--out', 'site/', '--as-of', AS_OF], dir).code, 0);
    for (const page of ['site/index.html', 'site/plans/plan.html']) {
      const html = fs.readFileSync(path.join(dir, page), 'utf8');
      assert.equal(html.match(/<script/g)?.length ?? 0, page.endsWith('index.html') ? 1 : 0, `${page}: no script but its own`);
      assert.ok(html.includes('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'), `${page}: the title is shown as text`);
    }
  });
});
