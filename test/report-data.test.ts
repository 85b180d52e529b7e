import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cplan, REPO_ROOT, tempTree } from './helpers/cli.js';
import { matchGoldens } from './helpers/golden.js';
import { lintFiles } from '../server/src/node/lint-files.js';
import { dayFromIso } from '../server/src/core/periods.js';
import {
  EDITOR_PALETTE, OVERDUE_COLOUR, PRINT_PALETTE, escapeHtml, renderHtml, renderMarkdown, renderMatrix, renderTimeline, reportData, type PlanReport, type SourcePosition,
} from '../server/src/report/index.js';

const EXAMPLES = ['ncl-adt-2025-26', 'ncl-long-term-plan-cancer', 'ncl-primary-care-cancer', 'ncl-adt-2025-26-with-problems', 'brent-liver-case-finding-2023-24'];

/** The report of one example plan at its own review date, with its path relative to the repository. */
async function exampleReport(name: string, asOf?: string): Promise<PlanReport> {
  const file = `examples/${name}.md`;
  const { results } = await lintFiles([file], { cwd: REPO_ROOT, asOf: asOf ? dayFromIso(asOf) : undefined });
  assert.equal(results.length, 1);
  const [result] = results;
  return reportData(result.linked, result.diagnostics, { path: file });
}

describe('report data (model to picture)', () => {
  for (const name of EXAMPLES) {
    it(`${name} matches test/golden/report-${name}.json`, async () => {
      matchGoldens([{ file: path.join(REPO_ROOT, 'test', 'golden', `report-${name}.json`), actual: await exampleReport(name) }]);
    });
  }

  it('marks the aim no workstream serves, and flags workstreams without metrics', async () => {
    const report = await exampleReport('ncl-adt-2025-26-with-problems');
    const unserved = report.matrix.rows.filter((r) => !r.served);
    assert.deepEqual(unserved.map((r) => r.id), ['SA5']);
    assert.ok(unserved[0].cells.every((c) => !c.linked));
    assert.equal(unserved[0].source, 'framework');
    assert.deepEqual(report.matrix.columns.filter((c) => c.noMetrics).map((c) => c.id), ['WS7', 'WS8']);
    // The plan adopts SA1-SA5; SA7 (an unknown aim a workstream names) is not a row, nor SA6, which WS4 and WS7 link
    // though the plan does not adopt it: the report's findings say so instead.
    assert.deepEqual(report.matrix.rows.map((r) => r.id), ['SA1', 'SA2', 'SA3', 'SA4', 'SA5']);
    assert.deepEqual(report.diagnostics.filter((d) => d.ruleId === 'aim-not-adopted').map((d) => /Workstream `(WS\d)` links aim `(SA\d)`/.exec(d.message)!.slice(1)), [['WS4', 'SA6'], ['WS7', 'SA6']]);
    const ws3 = report.matrix.columns.findIndex((c) => c.id === 'WS3');
    assert.equal(report.matrix.rows.find((r) => r.id === 'SA2')!.cells[ws3].linked, true);
  });

  it('only the aims the front matter lists are rows, besides the plan\'s own', async () => {
    const report = await exampleReport('ncl-primary-care-cancer');
    assert.deepEqual(report.matrix.rows.map((r) => r.id), ['SA1', 'SA4']);
  });

  it('an overdue milestone has its days late, red, and a label saying so', async () => {
    const report = await exampleReport('ncl-adt-2025-26-with-problems');
    const markers = report.timeline.lanes.flatMap((l) => l.markers);
    const m2 = markers.find((m) => m.id === 'WS1-M2')!;
    assert.equal(m2.overdue, true);
    assert.equal(m2.overdueDays, 91); // due by 31 Mar 2025, review date 30 Jun 2025
    assert.equal(m2.colour, OVERDUE_COLOUR);
    assert.equal(m2.label, 'WS1-M2 · 91 days late');
    assert.equal(m2.date, '2025-03-31');
    const done = markers.find((m) => m.id === 'WS3-M1')!;
    assert.equal(done.overdue, false);
    assert.equal(done.overdueDays, undefined);
    assert.equal(done.shape, 'circle');
    assert.notEqual(done.colour, OVERDUE_COLOUR);
    assert.equal(report.timeline.overdueCount, markers.filter((m) => m.overdue).length);
    // Milestones with a due period that does not parse are listed, not drawn.
    assert.deepEqual(report.timeline.lanes[0].undated.map((u) => u.id), ['WS1-M3']);
  });

  it('an unscheduled milestone (due TBC) is counted and listed apart from the timeline, in every format', async () => {
    const report = await exampleReport('ncl-adt-2025-26-with-problems', '2030-01-01');
    const ws2 = report.timeline.lanes.find((l) => l.id === 'WS2')!;
    assert.deepEqual(ws2.markers.map((m) => m.id), ['WS2-M1'], 'not on the chart');
    assert.deepEqual(ws2.undated.map((u) => [u.id, u.due, u.unscheduled]), [['WS2-M2', 'TBC', true]]);
    assert.equal(report.timeline.unscheduledCount, 1);
    assert.deepEqual(report.timeline.lanes[0].undated.map((u) => [u.id, u.unscheduled]), [['WS1-M3', false]], 'an unreadable due is undated, not unscheduled');
    assert.ok(!report.diagnostics.some((d) => d.ruleId === 'overdue-milestone' && d.message.includes('WS2-M2')), 'never overdue');

    const html = cplan(['report', 'examples/ncl-adt-2025-26-with-problems.md', '--format', 'html', '--out', '-']);
    assert.equal(html.code, 0, html.stderr);
    const unscheduled = /<p class="undated">Unscheduled \(no date agreed yet\):<\/p><ul class="undated unscheduled">(.*?)<\/ul>/.exec(html.stdout);
    assert.ok(unscheduled, 'an unscheduled list');
    assert.match(unscheduled[1], /<strong>WS2-M2<\/strong> Lynch syndrome surveillance hub pilot at UCLH evaluated: due <code>TBC<\/code>/);
    assert.ok(!unscheduled[1].includes('WS1-M3'));
    assert.match(html.stdout, /<p class="undated">Not on the timeline \(no date to place them at\):<\/p><ul class="undated"><li[^>]*><strong>WS1-M3<\/strong>/);
    assert.match(html.stdout, /; 1 unscheduled\."/, 'the timeline says so to assistive technology');

    const md = cplan(['report', 'examples/ncl-adt-2025-26-with-problems.md', '--format', 'md']);
    assert.equal(md.code, 0, md.stderr);
    assert.ok(md.stdout.includes('| WS2 | **WS2-M2** Lynch syndrome surveillance hub pilot at UCLH evaluated | TBC (unscheduled) | on track | |'), md.stdout);
    assert.ok(md.stdout.includes('Unscheduled (no date agreed yet, not on the chart): **WS2-M2**.'));
    assert.ok(md.stdout.includes('| Q5 24/25 (no date) |'));
  });

  it('positions: quarters, milestones and the review date as fractions of the plan period', async () => {
    const report = await exampleReport('ncl-adt-2025-26-with-problems');
    const t = report.timeline;
    // 2024/25-2025/26: 1 Apr 2024 - 31 Mar 2026, 730 days.
    assert.deepEqual(t.quarters.map((q) => q.label), ['Q1 24/25', 'Q2 24/25', 'Q3 24/25', 'Q4 24/25', 'Q1 25/26', 'Q2 25/26', 'Q3 25/26', 'Q4 25/26']);
    assert.equal(t.quarters[0].x0, 0);
    assert.equal(t.quarters[7].x1, 1);
    assert.equal(t.quarters[1].x0, Math.round((91 / 730) * 1e6) / 1e6);
    assert.equal(t.quarters[4].x0, 0.5);
    // The review date 30 Jun 2025 is drawn at the end of that day: 456 days into the period.
    assert.equal(t.reviewX, Math.round((456 / 730) * 1e6) / 1e6);
    assert.equal(t.reviewX, t.quarters[4].x1);
    const markers = t.lanes.flatMap((l) => l.markers);
    assert.equal(markers.find((m) => m.id === 'WS1-M2')!.x, 0.5); // end of Q4 24/25
    const before = markers.find((m) => m.id === 'WS1-M0')!; // Q4 2023/24, before the period
    assert.equal(before.outside, 'before');
    assert.equal(before.x, 0);
    // A review date outside the period draws no line.
    const late = await exampleReport('ncl-adt-2025-26-with-problems', '2027-01-01');
    assert.equal(late.timeline.reviewX, undefined);
  });

  it('labels in one lane do not overlap: markers too close share no row', async () => {
    for (const name of EXAMPLES) {
      const report = await exampleReport(name);
      for (const lane of report.timeline.lanes) {
        for (const a of lane.markers) {
          for (const b of lane.markers) {
            if (a === b || a.row !== b.row || a.x > b.x) continue;
            assert.ok(b.x >= a.x + (a.label.length * 6.6 + 22) / 720 - 1e-9 || (a.x === b.x && a.id > b.id), `${name} ${a.id} and ${b.id} overlap`);
          }
        }
      }
    }
  });

  it('every row, column, cell, lane and marker carries the position of the YAML that defines it', async () => {
    const name = 'ncl-adt-2025-26-with-problems';
    const report = await exampleReport(name);
    const lines = fs.readFileSync(path.join(REPO_ROOT, 'examples', `${name}.md`), 'utf8').split('\n');
    const textAt = (p: SourcePosition) => lines[p.line - 1].slice(p.column - 1);
    for (const lane of report.timeline.lanes) {
      assert.ok(textAt(lane).startsWith(lane.id), `${lane.id} at ${lane.line}:${lane.column}`);
      for (const m of [...lane.markers, ...lane.undated]) assert.ok(textAt(m).startsWith(m.id), `${m.id} at ${m.line}:${m.column}`);
    }
    const m2 = report.timeline.lanes[0].markers.find((m) => m.id === 'WS1-M2')!;
    assert.equal(m2.line, lines.indexOf('  - id: WS1-M2') + 1);
    assert.equal(m2.column, 9);
    for (const [i, column] of report.matrix.columns.entries()) {
      assert.ok(textAt(column).startsWith(column.id));
      for (const row of report.matrix.rows) {
        const cell = row.cells[i];
        // A link is the aim's entry in the workstream's `aims:`; no link points at the workstream.
        assert.ok(textAt(cell).startsWith(cell.linked ? row.id : column.id), `${row.id} × ${column.id}`);
        if (cell.linked) assert.match(lines[cell.line - 1], /^aims: \[/);
      }
    }
    // Framework aims of a plan that lists the aims it adopts: the entry in its front matter's `aims:`.
    const sa2 = report.matrix.rows.find((r) => r.id === 'SA2')!;
    assert.ok(textAt(sa2).startsWith('SA2, SA3'));
    assert.match(lines[sa2.line - 1], /^aims: \[/);
    // ... of a plan that adopts them all: its `framework:` value; and where the framework defines them.
    const clean = await exampleReport('ncl-adt-2025-26');
    const cleanLines = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'ncl-adt-2025-26.md'), 'utf8').split('\n');
    const all = clean.matrix.rows.find((r) => r.id === 'SA2')!;
    assert.ok(cleanLines[all.line - 1].slice(all.column - 1).startsWith('builtin:ncl-cancer-2023-28'));
    const framework = fs.readFileSync(path.join(REPO_ROOT, 'frameworks', 'ncl-cancer-2023-28.md'), 'utf8').split('\n');
    assert.ok(framework[sa2.definition!.line - 1].slice(sa2.definition!.column - 1).startsWith('SA2'));
    const primary = await exampleReport('ncl-primary-care-cancer');
    assert.deepEqual(primary.matrix.rows.map((r) => [r.id, r.line, r.column]), [['SA1', 8, 8], ['SA4', 8, 13]]);
  });

  it('the pictures are painted by class only, so that a palette (print or theme) colours them', async () => {
    const report = await exampleReport('ncl-adt-2025-26-with-problems');
    assert.deepEqual(Object.keys(EDITOR_PALETTE).sort(), Object.keys(PRINT_PALETTE).sort());
    assert.ok(Object.values(EDITOR_PALETTE).every((v) => v.startsWith('var(--vscode-')));
    for (const interactive of [false, true]) {
      const html = renderMatrix(report, { interactive }) + renderTimeline(report, { interactive });
      // No colour written into the markup, and no style attribute (a webview's CSP would block it).
      assert.doesNotMatch(html, /#[0-9a-f]{3,6}\b|\bfill="(?!none)|\bstroke="|\bstyle=|<style/i);
      assert.equal((html.match(/<g class="marker[^"]*"[^>]*data-line="\d+" data-column="\d+"/g) ?? []).length, report.timeline.markerCount);
      assert.equal((html.match(/<title>/g) ?? []).length >= report.timeline.markerCount, true);
      assert.match(html, /<th scope="row" data-line="7" data-column="12"|data-file="framework"/);
    }
    const interactive = renderTimeline(report, { interactive: true });
    assert.match(interactive, /role="group"/);
    assert.equal((interactive.match(/<g class="marker[^>]* tabindex="0" role="button" aria-label="Milestone /g) ?? []).length, report.timeline.markerCount);
    assert.match(renderMatrix(report, { interactive: true }), /<td class="mark" data-line="\d+" data-column="\d+"><button type="button" class="jump" aria-label="WS1 serves SA1">/);
    // The CLI's file: NHS colours, a picture (role img), and no buttons.
    const file = renderHtml([report]);
    assert.match(file, /--cplan-st-done: #007f3b;/);
    assert.match(file, /role="img"/);
    assert.doesNotMatch(file, /<button|tabindex="/);
  });

  it('metrics rows name their missing parts', async () => {
    const report = await exampleReport('ncl-adt-2025-26-with-problems');
    const k1 = report.metrics.find((m) => m.id === 'WS2-K1')!;
    assert.ok(k1.missing.includes('baseline value'));
    const html = renderHtml([report]);
    assert.match(html, /missing/);
  });

  it('renderers: HTML escapes user text and has no script; Markdown has a Mermaid gantt with crit milestones', async () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const report = await exampleReport('ncl-adt-2025-26-with-problems');
    const evil: PlanReport = { ...report, title: '<script>alert(1)</script>', organisation: '"><img src=x onerror=alert(1)>' };
    const html = renderHtml([evil]);
    assert.doesNotMatch(html, /<script|<img/i);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /role="img" aria-label="Milestone timeline/);
    assert.match(html, /@media print/);
    const md = renderMarkdown([report]);
    assert.match(md, /```mermaid\ngantt\n/);
    assert.match(md, /section WS1 Faster and earlier diagnosis pathways/);
    assert.match(md, /WS1-M2 on track 91 days late : milestone, crit, 2025-03-31, 0d/);
    assert.match(md, /\*\*✗ not served\*\*/);
    assert.match(md, /\[examples\/ncl-adt-2025-26-with-problems\.md:\d+\]\(examples\/ncl-adt-2025-26-with-problems\.md#L\d+\)/);
  });

  it('cplan report --format json|md to stdout; usage errors exit 2 with one line', () => {
    const json = cplan(['report', 'examples/ncl-adt-2025-26.md', '--format', 'json', '--as-of', '2025-06-30']);
    assert.equal(json.code, 0, json.stderr);
    const data = JSON.parse(json.stdout) as { plans: PlanReport[] };
    assert.equal(data.plans.length, 1);
    assert.equal(data.plans[0].path, 'examples/ncl-adt-2025-26.md');
    assert.equal(data.plans[0].reviewDate, '2025-06-30');
    const md = cplan(['report', 'examples/ncl-adt-2025-26.md', '--format', 'md', '--out', '-']);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# Plan report: /);
    // Frameworks are not report subjects.
    const all = JSON.parse(cplan(['report', 'examples/', '--format', 'json']).stdout) as { plans: PlanReport[] };
    assert.ok(!all.plans.some((p) => p.path.endsWith('ncl-ltp-framework.md')));
    for (const args of [['report', '--format', 'pdf'], ['report', '--as-of', '2025-02-30'], ['report', '--bogus'], ['report', 'examples/ncl-ltp-framework.md']]) {
      const run = cplan(args);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    }
    const dir = tempTree({ 'notes.md': '# notes\n' });
    const none = cplan(['report', '.'], dir);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no commissioning plans/);
    const unwritable = cplan(['report', 'examples/ncl-adt-2025-26.md', '--out', path.join(dir, 'missing', 'dir', 'r.html')]);
    assert.equal(unwritable.code, 2);
    assert.match(unwritable.stderr, /cannot write/);
  });
});
