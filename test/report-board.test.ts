import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cplan, example, tempTree, REPO_ROOT } from './helpers/cli.js';
import { lintFiles } from '../server/src/node/lint-files.js';
import { dayFromIso } from '../server/src/core/periods.js';
import { reportData, type PlanReport } from '../server/src/report/index.js';

const AS_OF = '2025-06-30';

async function reportOf(name: string): Promise<PlanReport> {
  const { results } = await lintFiles([`examples/${name}.md`], { cwd: REPO_ROOT, asOf: dayFromIso(AS_OF) });
  return reportData(results[0].linked, results[0].diagnostics);
}

function html(name: string, ...extra: string[]): string {
  const run = cplan(['report', `examples/${name}.md`, '--as-of', AS_OF, ...extra]);
  assert.equal(run.code, 0, run.stderr);
  return run.stdout;
}

const all = (text: string, re: RegExp) => [...text.matchAll(re)];
const between = (text: string, start: string, end: string) => {
  const i = text.indexOf(start);
  assert.ok(i >= 0, `${start} is on the page`);
  return text.slice(i, text.indexOf(end, i));
};
const RAG_WORDS = { red: 'Red', amber: 'Amber', green: 'Green', blue: 'Blue (complete)' };
const RAG_GLYPHS = { red: '■', amber: '▲', green: '●', blue: '✔' };

describe('cplan report: the board pack and the author audience (issue 16)', function () {
  this.timeout(60_000);

  it('board (the default) leaves lint findings and their counts out; author keeps them', async () => {
    const report = await reportOf('ncl-adt-2025-26-with-problems');
    assert.ok(report.diagnostics.length > 0);
    const board = html('ncl-adt-2025-26-with-problems');
    assert.match(board, /<body data-audience="board">/);
    assert.doesNotMatch(board, /ol class="diagnostics"|Lint findings|class="badge (error|warning|info)"/);
    assert.equal(html('ncl-adt-2025-26-with-problems', '--audience', 'board'), board);

    const author = html('ncl-adt-2025-26-with-problems', '--audience', 'author');
    assert.match(author, /<body data-audience="author">/);
    assert.equal(all(between(author, '<ol class="diagnostics">', '</ol>'), /<li>/g).length, report.diagnostics.length);
    assert.match(author, /<dt>Lint findings<\/dt>/);
    // The author pack has everything the board pack has.
    for (const part of ['<section class="exceptions">', '<table class="milestones">', '<figure class="chart"']) assert.ok(author.includes(part) && board.includes(part), part);
  });

  it('badges are grey when nothing is wrong, and never say "0 errors"', async () => {
    const clean = await reportOf('ncl-adt-2025-26');
    const author = html('ncl-adt-2025-26', '--audience', 'author');
    if (clean.counts.errors + clean.counts.warnings + clean.counts.infos === 0) assert.match(author, /<span class="badge neutral">no problems<\/span>/);
    const problems = await reportOf('ncl-screening-2024-25-with-problems');
    const text = html('ncl-screening-2024-25-with-problems', '--audience', 'author');
    assert.doesNotMatch(text, />0 (errors|warnings|infos)</);
    for (const [kind, n] of [['error', problems.counts.errors], ['warning', problems.counts.warnings]] as const) {
      if (n) assert.ok(text.includes(`<span class="badge ${kind}">${n} ${kind}${n === 1 ? '' : 's'}</span>`), kind);
    }
    assert.doesNotMatch(html('ncl-adt-2025-26'), /class="badge/, 'the board pack has no lint badges');
  });

  it('a milestone table per workstream: title, owner or lead, due, status, RAG as word and glyph, latest update', async () => {
    for (const name of ['brent-liver-case-finding-2023-24', 'ncl-adt-2025-26-with-problems', 'ncl-long-term-plan-cancer']) {
      const report = await reportOf(name);
      const page = html(name);
      const tables = between(page, '<h3>Milestones by workstream</h3>', '<h3>Milestones</h3>');
      assert.equal(all(tables, /<table class="milestones">/g).length, report.timeline.lanes.filter((l) => l.markers.length + l.undated.length > 0).length, name);
      for (const lane of report.timeline.lanes) {
        assert.ok(tables.includes(`<h4>${lane.id}: `), `${name} ${lane.id} heading`);
        for (const m of [...lane.markers, ...lane.undated]) {
          const row = new RegExp(`<tr data-id="${m.id}" data-rag="${m.rag.value ?? 'none'}">(.*?)</tr>`).exec(tables);
          assert.ok(row, `${name} ${m.id} row`);
          const cells = all(row[1], /<td>(.*?)<\/td>/g).map((c) => c[1]);
          assert.equal(cells.length, 6);
          assert.ok(cells[0].includes(`<strong>${m.id}</strong>`), 'id and title');
          const owner = m.owner ?? lane.lead;
          if (owner) assert.ok(cells[1].includes(owner.replace(/&/g, '&amp;')), `${m.id} owner`);
          if (m.rag.value) assert.ok(cells[4].includes(`${RAG_GLYPHS[m.rag.value]}</span>${RAG_WORDS[m.rag.value]}</span>`), `${m.id} RAG word and glyph`);
          else assert.ok(cells[4].includes('not rated'));
          if (m.latestUpdate) assert.ok(cells[5].includes(m.latestUpdate.text.slice(0, 20).replace(/&/g, '&amp;')), `${m.id} update`);
          else assert.ok(cells[5].includes('no update'));
        }
      }
    }
    // The Brent pilot records a workstream update and a milestone owner.
    const brent = html('brent-liver-case-finding-2023-24');
    assert.match(brent, /Latest update: 21 Feb 2024: First community fibroscan clinic held/);
  });

  it('the exception list holds exactly the red and amber items', async () => {
    for (const name of ['brent-liver-case-finding-2023-24', 'ncl-adt-2025-26-with-problems', 'ncl-long-term-plan-cancer', 'ncl-adt-2025-26']) {
      const report = await reportOf(name);
      const bad = (v: string | undefined) => v === 'red' || v === 'amber';
      const expected = [
        ...report.timeline.lanes.flatMap((l) => [...(bad(l.rag.value) ? [`Workstream ${l.id}`] : []), ...[...l.markers, ...l.undated].filter((m) => bad(m.rag.value)).map((m) => `Milestone ${m.id}`)]),
        ...report.metrics.filter((m) => bad(m.rag.value)).map((m) => `Metric ${m.id}`),
      ];
      const section = between(html(name), '<section class="exceptions">', '</section>');
      const shown = all(section, /<td class="kind">(\w+) <strong>([^<]+)<\/strong>/g).map((m) => `${m[1]} ${m[2]}`);
      assert.deepEqual(shown, expected, name);
      for (const row of all(section, /<tr data-rag="(\w+)">/g)) assert.ok(bad(row[1]), `${name}: only red and amber`);
      if (expected.length === 0) assert.match(section, /No red or amber items at the review date/);
    }
  });

  it('a chart per metric with baseline, trajectory, actuals and target written on it', async () => {
    const report = await reportOf('ncl-adt-2025-26-with-problems');
    const page = html('ncl-adt-2025-26-with-problems');
    const drawn = report.metrics.filter((m) => m.trajectory || m.actuals.length);
    assert.ok(drawn.some((m) => m.actuals.length >= 2 && m.trajectory), 'the example has a metric with actuals and a trajectory');
    assert.equal(all(page, /<figure class="chart" data-metric="/g).length, drawn.length);
    for (const m of drawn) {
      const figure = between(page, `<figure class="chart" data-metric="${m.id}">`, '</figure>');
      assert.ok(figure.includes(`<span class="metric-title">${m.id}: `), `${m.id} title`);
      assert.equal(all(figure, /<g class="actual-point"/g).length, m.actuals.length, `${m.id} actuals`);
      if (m.trajectory) {
        assert.match(figure, /<polyline class="trajectory" points="[\d.,\s-]+"\/>/);
        const svg = between(figure, '<svg', '</svg>');
        assert.match(svg, />baseline [^<]+<\/text>/, 'the baseline value is written, not only in a tooltip');
        assert.match(svg, />target [^<]+<\/text>/);
      }
      if (m.rag.value) assert.ok(figure.includes(RAG_WORDS[m.rag.value]));
    }
    // An override shows what was computed.
    const overridden = report.metrics.find((m) => m.rag.overrideReason !== undefined)!;
    assert.ok(overridden);
    assert.ok(between(page, `data-metric="${overridden.id}"`, '</figure>').includes(`(override; computed ${RAG_WORDS[overridden.rag.computed!]})`));
  });

  it('timeline: Years 2-5 milestones are bars over their years, recurring ones show their cadence', async () => {
    const report = await reportOf('ncl-long-term-plan-cancer');
    const spans = report.timeline.lanes.flatMap((l) => l.markers).filter((m) => m.due === 'Years 2-5');
    assert.ok(spans.length >= 5);
    for (const m of spans) {
      assert.equal(m.spanStart, '2020-04-01', `${m.id} starts with year 2`);
      assert.ok(m.spanX0! < m.x - 0.5, `${m.id} covers four of five years`);
    }
    const page = html('ncl-long-term-plan-cancer');
    for (const m of spans) {
      const group = between(page, `data-id="${m.id}" data-status=`, '</g>');
      const rect = /<rect class="span" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/.exec(group);
      assert.ok(rect, `${m.id} is drawn as a bar`);
      assert.ok(Number(rect[2]) > 400, `${m.id} bar is wide`);
      assert.match(group, new RegExp(`<text x="${Number((Number(rect[1]) + 5).toFixed(2))}" [^>]*>${m.id}`), 'its label is inside the bar');
    }
    // Bars that end together sit on different rows, so their labels do not overlap.
    for (const lane of report.timeline.lanes) {
      const bars = lane.markers.filter((m) => m.spanX0 !== undefined);
      for (const a of bars) for (const b of bars) {
        if (a !== b && a.row === b.row) assert.ok(a.x <= b.spanX0! || b.x <= a.spanX0!, `${a.id} and ${b.id} overlap on row ${a.row}`);
      }
    }

    const adt = await reportOf('ncl-adt-2025-26');
    const recurring = adt.timeline.lanes.flatMap((l) => l.markers).find((m) => m.recurring)!;
    assert.equal(recurring.cadence, 'biannual');
    const adtPage = html('ncl-adt-2025-26');
    assert.ok(between(adtPage, `data-id="${recurring.id}" data-status=`, '</g>').includes(`${recurring.id} ↻ biannual`));
    assert.ok(adtPage.includes(`(↻ biannual)`), 'and in the milestone table');
  });

  it('--audience: an unknown value, or one with another format, is a usage error', () => {
    const bogus = cplan(['report', 'examples/ncl-adt-2025-26.md', '--audience', 'public']);
    assert.equal(bogus.code, 2);
    assert.match(bogus.stderr, /^cplan: unknown report audience `public`; use one of board, author\n$/);
    const json = cplan(['report', 'examples/ncl-adt-2025-26.md', '--audience', 'author', '--format', 'json']);
    assert.equal(json.code, 2);
    assert.match(json.stderr, /--audience applies to --format html only, not json/);
  });

  it('the Markdown report shows RAG as glyph and word for every workstream, milestone and metric, and the same exception list', async () => {
    for (const name of ['brent-liver-case-finding-2023-24', 'ncl-adt-2025-26-with-problems', 'ncl-long-term-plan-cancer']) {
      const report = await reportOf(name);
      const run = cplan(['report', `examples/${name}.md`, '--as-of', AS_OF, '--format', 'md']);
      assert.equal(run.code, 0, run.stderr);
      const md = run.stdout;
      const rag = (r: { value?: keyof typeof RAG_WORDS }) => (r.value ? `${RAG_GLYPHS[r.value]} ${RAG_WORDS[r.value]}` : 'not rated');
      const milestones = between(md, '| Workstream | Milestone | Due | Status | Overdue | Owner | RAG | Latest update |', '###');
      for (const lane of report.timeline.lanes) {
        assert.ok(between(md, '### Workstreams', '### Milestones').includes(`| **${lane.id}** ${lane.title} | ${lane.lead ?? 'none named'} | ${rag(lane.rag)} |`), `${name} ${lane.id}`);
        for (const m of [...lane.markers, ...lane.undated]) {
          const row = milestones.split('\n').find((line) => line.startsWith(`| ${lane.id} | **${m.id}** `));
          assert.ok(row, `${name} ${m.id} row`);
          const cells = row.split(/(?<!\\)\|/).slice(1).map((c) => c.trim());
          assert.ok(cells[6].startsWith(rag(m.rag)), `${name} ${m.id} RAG: ${cells[6]}`);
          assert.ok(cells[7].startsWith(m.latestUpdate ? `${m.latestUpdate.on}: ` : 'no update'), `${name} ${m.id} update`);
        }
      }
      const metrics = between(md, '| Owner | Metric | Baseline | Target | Source | Breakdown | Latest | RAG |', '###');
      for (const m of report.metrics) {
        const row = metrics.split('\n').find((line) => line.includes(` | **${m.id}** `));
        assert.ok(row?.endsWith(` | ${rag(m.rag)}${m.rag.overrideReason !== undefined ? ` (override; computed ${rag({ value: m.rag.computed })})` : ''} |`), `${name} ${m.id} RAG: ${row}`);
      }
      const bad = (v: string | undefined) => v === 'red' || v === 'amber';
      const expected = [
        ...report.timeline.lanes.flatMap((l) => [...(bad(l.rag.value) ? [`Workstream ${l.id}`] : []), ...[...l.markers, ...l.undated].filter((m) => bad(m.rag.value)).map((m) => `Milestone ${m.id}`)]),
        ...report.metrics.filter((m) => bad(m.rag.value)).map((m) => `Metric ${m.id}`),
      ];
      const shown = all(between(md, '### Exceptions: red and amber items', '### Workstreams'), /^\| (\w+) \*\*([^*]+)\*\* \| .* \| (■ Red|▲ Amber)[^|]*: /gm).map((m) => `${m[1]} ${m[2]}`);
      assert.deepEqual(shown, expected, `${name} exceptions`);
    }
  });

  it('portfolio: --out FOLDER/ or --portfolio writes index.html and plans/*.html; other formats and a missing --out are usage errors', () => {
    const dir = tempTree({ 'a/plan.md': example('ncl-adt-2025-26.md'), 'b/plan.md': example('brent-liver-case-finding-2023-24.md'), 'site/keep.txt': 'mine\n' });
    const run = cplan(['report', 'a', 'b', '--portfolio', '--out', 'site', '--as-of', AS_OF], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'site')).sort(), ['index.html', 'keep.txt', 'plans']);
    // Two plans with one file name get a page each.
    assert.deepEqual(fs.readdirSync(path.join(dir, 'site', 'plans')).sort(), ['plan-2.html', 'plan.html']);
    const page = fs.readFileSync(path.join(dir, 'site', 'plans', 'plan.html'), 'utf8');
    assert.match(page, /<a href="\.\.\/index\.html">← Portfolio<\/a>/);
    assert.match(page, /<a href="\.\.\/\.\.\/a\/plan\.md">a\/plan\.md<\/a>/, 'the plan page links to the plan file');
    for (const [args, message] of [
      [['--format', 'md', '--out', 'site/'], /^cplan: a portfolio \(--out site\/\) is a folder of HTML pages; --format md writes one file, e.g. --out report\.md\n$/],
      [['--portfolio'], /^cplan: --portfolio writes a folder of pages: give it with --out, e.g. --out site\/\n$/],
    ] as const) {
      const bad = cplan(['report', 'a', ...args], dir);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, message);
    }
  });

  it('priorities: each delivered priority meets its deadlines exactly when priority-deadline says nothing about it', async () => {
    let missed = 0;
    for (const name of ['ncl-adt-2025-26', 'ncl-adt-2025-26-with-problems', 'ncl-primary-care-cancer', 'ncl-screening-2024-25-with-problems']) {
      const report = await reportOf(name);
      if (report.framework?.startsWith('builtin:')) assert.ok(report.priorities.length >= 17, `${name}: the framework's priorities`);
      for (const p of report.priorities) {
        const findings = report.diagnostics.filter((d) => d.ruleId === 'priority-deadline' && d.message.includes(`\`${p.id}\``) && p.workstreams.some((w) => d.message.startsWith(`Workstream \`${w}\``)));
        if (p.workstreams.length === 0) assert.equal(p.meetsDeadlines, undefined, `${name} ${p.id} is not delivered`);
        else if (p.meetsDeadlines === false) {
          missed++;
          assert.ok(findings.length > 0, `${name} ${p.id}: missed, so priority-deadline reports it`);
        } else assert.equal(findings.length, 0, `${name} ${p.id}: ${findings.map((f) => f.message).join('; ')}`);
        for (const w of p.workstreams) assert.ok(report.timeline.lanes.some((l) => l.id === w));
      }
    }
    assert.ok(missed > 0, 'an example misses a deadline');
  });

  it('portfolio: the same metric in several plans is drawn side by side on shared scales', () => {
    const draft = example('ncl-adt-2025-26-with-problems.md');
    const other = draft.replace('id: ncl-adt-2025-26-draft', 'id: ncl-adt-2025-26-other').replace('{period: May 2025, value: 75.8,', '{period: May 2025, value: 79.4,');
    assert.notEqual(other, draft);
    const dir = tempTree({ 'a.md': draft, 'b.md': other });
    const run = cplan(['report', '.', '--out', 'site/', '--as-of', AS_OF], dir);
    assert.equal(run.code, 0, run.stderr);
    const index = fs.readFileSync(path.join(dir, 'site', 'index.html'), 'utf8');
    const section = between(index, '<section aria-labelledby="trajectories-heading">', '</section>');
    const table = between(section, 'Patients told their diagnosis or ruled out within 28 days', '</table>');
    const rows = all(table, /<tr data-metric="WS1-K1" data-plan="([^"]+)">(.*?)<\/tr>/g);
    assert.deepEqual(rows.map((r) => r[1]), ['ncl-adt-2025-26-draft', 'ncl-adt-2025-26-other']);
    assert.ok(rows[0][2].includes('75.8%') && rows[1][2].includes('79.4%'), 'the latest actual of each');
    const dots = rows.map((r) => all(r[2], /<circle class="actual" cx="([\d.]+)" cy="([\d.]+)"/g).map((c) => [Number(c[1]), Number(c[2])]));
    assert.deepEqual(dots[0][0], dots[1][0], 'the same April actual sits at the same place in both pictures');
    assert.equal(dots[0][1][0], dots[1][1][0], 'May at the same x');
    assert.ok(dots[1][1][1] < dots[0][1][1], 'the higher May actual is drawn higher');
    const trajectories = rows.map((r) => /<polyline class="trajectory" points="([^"]+)"/.exec(r[2])?.[1]);
    assert.equal(trajectories[0], trajectories[1], 'one trajectory, drawn alike');
  });
});
