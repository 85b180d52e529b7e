/**
 * The portfolio dashboard (`cplan report plans/ --out site/`): an index page over many plans, each row linking to
 * the plan's own board pack. One self-contained page: inline CSS, nothing fetched. A small inline script (allowed
 * by its hash alone) lets the reader re-sort the overdue table; without it the page reads and prints the same,
 * grouped by organisation and most overdue first.
 */
import { createHash } from 'node:crypto';
import type { PlanReport, ReportRag, TimelineMarker } from './data.js';
import { aimCoverage, priorityCoverage } from './coverage.js';
import { metricTrajectories } from './trajectories.js';
import { escapeHtml } from './pictures.js';
import { pageHead } from './page-head.js';
import { BOARD_CSS, ragBadge } from './board.js';
import { RAG_STYLE } from './rag-style.js';
import type { RagValue } from '../core/model.js';

const e = escapeHtml;

export interface PortfolioOptions {
  title?: string;
  /** The link from the index to a plan's page. */
  pageFor: (report: PlanReport) => string;
  generator?: string;
}

const RAGS: RagValue[] = ['red', 'amber', 'green', 'blue'];

const CSS = `
:root { --blue: #005eb8; --dark: #212b32; --grey: #4c6272; --pale: #f0f4f5; --border: #d8dde0; }
* { box-sizing: border-box; }
body { font: 15px/1.45 Arial, "Helvetica Neue", Helvetica, sans-serif; color: var(--dark); margin: 0; background: #f0f4f5; }
main { max-width: 1180px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 28px 0 8px; border-bottom: 2px solid var(--blue); padding-bottom: 3px; }
a { color: var(--blue); }
.cover { background: var(--blue); color: #fff; padding: 20px 24px; margin-bottom: 8px; }
.cover p { margin: 4px 0 0; }
section { background: #fff; border: 1px solid var(--border); padding: 8px 20px 20px; margin-bottom: 16px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid var(--border); padding: 4px 6px; text-align: left; vertical-align: top; }
thead th { background: var(--pale); }
td.num, th.num { text-align: right; white-space: nowrap; }
.counts { display: flex; flex-wrap: wrap; gap: 3px; }
.counts i { font-style: normal; font-size: 11px; }
td.late { color: #8a1a10; font-weight: bold; }
h3 { font-size: 15px; margin: 14px 0 6px; }
svg.spark { display: block; }
.muted { color: var(--grey); }
tr.group th { background: #e8edee; font-size: 13px; }
.sorter { margin: 0 0 6px; font-size: 13px; }
.sorter button { font: inherit; margin-left: 4px; }
.path { font-family: Consolas, Menlo, monospace; font-size: 12px; color: var(--grey); display: block; }
footer { color: var(--grey); font-size: 12px; text-align: center; padding: 8px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  .cover { background: #fff; color: var(--dark); border-bottom: 3px solid var(--blue); padding: 0 0 8px; }
  section { border: 0; padding: 0; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .sorter { display: none; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

// Re-sorts the overdue table: by organisation (as written) or by days overdue across all plans.
const SCRIPT = `(() => {
  const box = document.querySelector('.sorter');
  const table = document.getElementById('overdue-table');
  if (!box || !table) return;
  box.hidden = false;
  const body = table.tBodies[0];
  const original = [...body.rows];
  box.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-sort]');
    if (!button) return;
    const byDays = button.dataset.sort === 'days';
    const rows = byDays ? original.filter((r) => !r.classList.contains('group')).sort((a, b) => Number(b.dataset.days) - Number(a.dataset.days)) : original;
    for (const r of original) r.hidden = byDays && r.classList.contains('group');
    body.append(...rows);
    for (const b of box.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === button));
  });
})();`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

/** How many items have each rating: only the ratings there are, so that no "0" badge is drawn. */
function ragCounts(rags: ReportRag[]): string {
  const counts = RAGS.map((value) => [value, rags.filter((r) => r.value === value).length] as const).filter(([, n]) => n > 0);
  const unrated = rags.filter((r) => !r.value).length;
  if (rags.length === 0) return '<span class="muted">none</span>';
  // Short markup: a dashboard of 1,000 plans draws several thousand of these.
  const badges = counts.map(([value, n]) => `<b class="rag rag-${value}"><i aria-hidden="true">${RAG_STYLE[value].glyph}</i>${n} ${RAG_STYLE[value].text}</b>`);
  if (unrated) badges.push(`<b class="rag rag-none">${unrated} not rated</b>`);
  return `<span class="counts">${badges.join('')}</span>`;
}

const milestonesOf = (r: PlanReport) => r.timeline.lanes.flatMap((lane) => [...lane.markers, ...lane.undated]);

/** Metrics whose latest actual is behind the trajectory beyond the tolerance. */
export const offTrajectory = (r: PlanReport) => r.metrics.filter((m) => m.offTrajectory === true);

function planRow(r: PlanReport, options: PortfolioOptions): string {
  const overdue = r.timeline.overdueCount;
  const off = offTrajectory(r);
  const measured = r.metrics.filter((m) => m.offTrajectory !== undefined).length;
  return `<tr data-plan="${e(r.id)}">
<td><a href="${e(options.pageFor(r))}">${e(r.title)}</a><span class="path">${e(r.path)}</span></td>
<td>${r.organisation ? e(r.organisation) : '<span class="muted">not given</span>'}</td>
<td>${r.period ? e(r.period) : '<span class="muted">not given</span>'}</td>
<td>${e(r.reviewDateText)}</td>
<td>${ragCounts(r.timeline.lanes.map((l) => l.rag))}</td>
<td>${ragCounts(milestonesOf(r).map((m) => m.rag))}</td>
<td class="num" data-overdue="${overdue}">${overdue ? `<strong>${overdue}</strong>` : '<span class="muted">none</span>'}</td>
<td>${ragCounts(r.metrics.map((m) => m.rag))}</td>
<td class="num" data-off-trajectory="${off.length}">${off.length ? `<strong>${off.length}</strong> of ${measured}` : measured ? `<span class="muted">none of ${measured}</span>` : '<span class="muted">no actuals</span>'}</td>
</tr>`;
}

function overdueTable(reports: readonly PlanReport[], options: PortfolioOptions): string {
  const rows = reports.flatMap((r) => r.timeline.lanes.flatMap((lane) => lane.markers.filter((m) => m.overdue).map((m) => ({ r, lane, m }))));
  if (rows.length === 0) return '<p>No milestone is overdue at the review dates.</p>';
  const organisation = (r: PlanReport) => r.organisation ?? 'Organisation not given';
  const groups = [...new Set(rows.map((x) => organisation(x.r)))].sort((a, b) => a.localeCompare(b));
  const line = ({ r, lane, m }: { r: PlanReport; lane: PlanReport['timeline']['lanes'][number]; m: TimelineMarker }) => `<tr data-days="${m.overdueDays}">
<td><a href="${e(options.pageFor(r))}" title="${e(r.title)}">${e(r.id)}</a></td>
<td><strong>${e(m.id)}</strong> ${e(m.title)}</td>
<td>${m.owner ? e(m.owner) : lane.lead ? `${e(lane.lead)} <span class="muted">(lead)</span>` : '<span class="muted">none named</span>'}</td>
<td>${e(m.due)}</td>
<td class="num">${m.overdueDays}</td>
<td>${ragBadge(m.rag)}</td>
<td>${m.latestUpdate ? `${e(m.latestUpdate.on)}: ${e(m.latestUpdate.text)}` : '<span class="muted">no update</span>'}</td>
</tr>`;
  const body = groups.map((group) => {
    const inGroup = rows.filter((x) => organisation(x.r) === group).sort((a, b) => b.m.overdueDays! - a.m.overdueDays! || a.m.id.localeCompare(b.m.id));
    return `<tr class="group"><th colspan="7" scope="colgroup">${e(group)}: ${inGroup.length} overdue</th></tr>\n${inGroup.map(line).join('\n')}`;
  }).join('\n');
  return `<p class="sorter" hidden>Order: <button type="button" data-sort="group" aria-pressed="true">by organisation</button><button type="button" data-sort="days" aria-pressed="false">by days overdue</button></p>
<table id="overdue-table" class="overdue">
<thead><tr><th scope="col">Plan</th><th scope="col">Milestone</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col" class="num">Days overdue</th><th scope="col">RAG</th><th scope="col">Latest update</th></tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

/** The index page. */
export function renderPortfolio(reports: readonly PlanReport[], options: PortfolioOptions): string {
  const title = options.title ?? 'Commissioning plans portfolio';
  const reviewDates = [...new Set(reports.map((r) => r.reviewDateText))];
  const overdue = reports.reduce((n, r) => n + r.timeline.overdueCount, 0);
  const off = reports.reduce((n, r) => n + offTrajectory(r).length, 0);
  return `${pageHead(title, `${CSS}${BOARD_CSS}`, SCRIPT_HASH)}<body>
<main>
<header class="cover">
<h1>${e(title)}</h1>
<p>${reports.length} plan${reports.length === 1 ? '' : 's'} · ${overdue} overdue milestone${overdue === 1 ? '' : 's'} · ${off} metric${off === 1 ? '' : 's'} off trajectory · review date ${e(reviewDates.join(', ') || 'none')}</p>
</header>
<section aria-labelledby="plans-heading">
<h2 id="plans-heading">Plans</h2>
<table id="plans-table" class="plans">
<thead><tr><th scope="col">Plan</th><th scope="col">Organisation</th><th scope="col">Period</th><th scope="col">Review date</th><th scope="col">Workstreams</th><th scope="col">Milestones</th><th scope="col" class="num">Overdue</th><th scope="col">Metrics</th><th scope="col" class="num">Off trajectory</th></tr></thead>
<tbody>
${reports.map((r) => planRow(r, options)).join('\n')}
</tbody>
</table>
<p class="muted">RAG counts by rating (■ red, ▲ amber, ● green, ✔ blue: complete); each plan's page has the why of every rating.</p>
</section>
<section aria-labelledby="overdue-heading">
<h2 id="overdue-heading">Overdue milestones</h2>
${overdueTable(reports, options)}
</section>
<section aria-labelledby="trajectories-heading">
<h2 id="trajectories-heading">Metric trajectories side by side</h2>
${metricTrajectories(reports, options)}
</section>
<section aria-labelledby="priorities-heading">
<h2 id="priorities-heading">Priorities across the portfolio</h2>
${priorityCoverage(reports, options)}
</section>
<section aria-labelledby="aims-heading">
<h2 id="aims-heading">Aims across the portfolio</h2>
${aimCoverage(reports, options)}
</section>
<footer>Generated by ${e(options.generator ?? 'cplan')} · the review date decides which milestones are overdue.</footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
