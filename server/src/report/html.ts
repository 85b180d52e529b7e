/**
 * Renders plan reports as one self-contained HTML file: inline CSS and SVG, no scripts, nothing fetched,
 * printable on A4. The matrix and the timeline are pictures.ts's, painted in NHS colours.
 */
import { formatValue, type PlanReport } from './data.js';
import { PICTURE_CSS, escapeHtml, renderMatrix, renderTimeline } from './pictures.js';
import { pageHead } from './page-head.js';
import { BOARD_CSS, renderExceptions, renderMetricCharts, renderMilestoneTables } from './board.js';

export { escapeHtml } from './pictures.js';

export interface HtmlOptions {
  /** The document title. */
  title?: string;
  /** The link to a plan's file (without `#L`); default: its path. */
  hrefFor?: (report: PlanReport) => string;
  /** Shown in the footer, e.g. the cplan version. */
  generator?: string;
  /**
   * `board` (default): the board pack, progress and exceptions without lint findings; `author`: the same
   * with the lint counts and findings, for whoever edits the plan.
   */
  audience?: Audience;
  /** A link shown on the cover, e.g. from a plan's page back to the portfolio. */
  backLink?: { href: string; text: string };
}

export const AUDIENCES = ['board', 'author'] as const;
export type Audience = (typeof AUDIENCES)[number];

const e = escapeHtml;
const MISSING = '<span class="missing">missing</span>';

const CSS = `
:root { --blue: #005eb8; --dark: #212b32; --grey: #4c6272; --pale: #f0f4f5; --border: #d8dde0; --red: #d5281b; --green: #007f3b; }
* { box-sizing: border-box; }
body { font: 15px/1.45 Arial, "Helvetica Neue", Helvetica, sans-serif; color: var(--dark); margin: 0; background: #f0f4f5; }
main { max-width: 1120px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 22px; margin: 0 0 8px; line-height: 1.25; }
h3 { font-size: 17px; margin: 24px 0 8px; color: var(--dark); border-bottom: 2px solid var(--blue); padding-bottom: 3px; }
a { color: var(--blue); }
.cover { background: var(--blue); color: #fff; padding: 20px 24px; margin-bottom: 20px; }
.cover p { margin: 4px 0 0; }
.cover a { color: #fff; }
.contents { margin: 8px 0 0; padding-left: 20px; }
section.plan { background: #fff; border: 1px solid var(--border); padding: 20px 24px 24px; margin-bottom: 24px; }
.meta { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 4px 16px; margin: 8px 0 0; }
.meta div { padding: 4px 0; border-top: 1px solid var(--border); }
.meta dt { font-size: 12px; color: var(--grey); text-transform: uppercase; letter-spacing: .03em; }
.meta dd { margin: 0; font-weight: bold; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; font-weight: bold; white-space: nowrap; }
.badge.error { background: #f9e0de; color: #8a1a10; }
.badge.warning { background: #fff1cf; color: #6b4700; }
.badge.info { background: #e3eef8; color: #003d78; }
.badge.neutral { background: var(--pale); color: var(--grey); font-weight: normal; }
.path { font-family: Consolas, Menlo, monospace; font-size: 13px; color: var(--grey); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid var(--border); padding: 4px 6px; text-align: left; vertical-align: top; }
thead th { background: var(--pale); }
.missing { color: var(--red); font-style: italic; }
.metrics td.value { white-space: nowrap; }
ol.diagnostics { padding-left: 0; list-style: none; margin: 0; font-size: 13px; }
ol.diagnostics li { padding: 5px 0; border-bottom: 1px solid var(--border); }
ol.diagnostics .where { font-family: Consolas, Menlo, monospace; font-size: 12px; margin-right: 6px; }
ol.diagnostics .message { display: block; margin-top: 2px; }
ol.diagnostics .rule { font-family: Consolas, Menlo, monospace; font-size: 12px; color: var(--grey); }
code { font-family: Consolas, Menlo, monospace; font-size: .92em; background: var(--pale); padding: 0 3px; }
footer { color: var(--grey); font-size: 12px; text-align: center; padding: 8px; }
@page { size: A4 portrait; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  .cover { background: #fff; color: var(--dark); border-bottom: 3px solid var(--blue); padding: 0 0 8px; }
  .cover a { color: var(--dark); }
  section.plan { border: 0; padding: 0; margin: 0; break-before: page; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr, .timeline, li { break-inside: avoid; }
  /* A heading stays with what it heads: no heading, workstream head or latest update alone at a page's foot. */
  h2, h3, h4, .ws-head, .ws-update, .path, dl.meta { break-after: avoid; }
  .ws-head, .ws-update { break-inside: avoid; }
  /* Aims keep a readable width beside many workstream columns. */
  table.matrix { font-size: 7.5pt; }
  table.matrix th, table.matrix td { padding: 2px 3px; }
  table.matrix th[scope=row] { width: 30%; }
  table.matrix th[scope=col] { min-width: 0; }
  table.matrix .ws-title { font-size: 6.5pt; overflow-wrap: anywhere; }
  table.matrix .not-served { white-space: normal; }
  .metrics td.value { white-space: normal; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** One HTML document with a section per plan. */
export function renderHtml(reports: readonly PlanReport[], options: HtmlOptions = {}): string {
  const title = options.title ?? 'Commissioning plan report';
  const author = options.audience === 'author';
  const contents = reports.map((r, i) => `<li><a href="#plan-${i + 1}">${e(r.title)}</a>${author ? ` ${countBadges(r)}` : ''}</li>`).join('\n');
  const reviewDates = [...new Set(reports.map((r) => r.reviewDateText))];
  return `${pageHead(title, `${CSS}${PICTURE_CSS}${BOARD_CSS}`)}<body data-audience="${author ? 'author' : 'board'}">
<main>
<header class="cover">
${options.backLink ? `<p class="back"><a href="${e(options.backLink.href)}">← ${e(options.backLink.text)}</a></p>
` : ''}<h1>${e(title)}</h1>
<p>${reports.length} plan${reports.length === 1 ? '' : 's'} · review date ${e(reviewDates.join(', ') || 'none')}</p>
${reports.length > 1 ? `<ol class="contents">\n${contents}\n</ol>` : ''}
</header>
${reports.map((r, i) => renderPlan(r, i + 1, options)).join('\n')}
<footer>Generated by ${e(options.generator ?? 'cplan')} · the review date decides which milestones are overdue.</footer>
</main>
</body>
</html>
`;
}

function countBadges(r: PlanReport): string {
  const { errors, warnings, infos } = r.counts;
  // Nothing wrong is said in grey: a coloured "0 errors" reads as an alarm.
  if (errors + warnings + infos === 0) return '<span class="badge neutral">no problems</span>';
  const badge = (n: number, kind: string) => (n ? `<span class="badge ${kind}">${n} ${kind}${n === 1 ? '' : 's'}</span>` : '');
  return [badge(errors, 'error'), badge(warnings, 'warning'), badge(infos, 'info')].filter(Boolean).join(' ');
}

function renderPlan(r: PlanReport, n: number, options: HtmlOptions): string {
  const author = options.audience === 'author';
  const href = options.hrefFor ? options.hrefFor(r) : encodeURI(r.path);
  const meta = (label: string, value: string | undefined) => `<div><dt>${label}</dt><dd>${value === undefined ? MISSING : e(value)}</dd></div>`;
  const dateRange = r.periodStart && r.periodEnd ? ` (${r.periodStart} to ${r.periodEnd})` : '';
  return `<section class="plan" id="plan-${n}" aria-labelledby="plan-${n}-title">
<h2 id="plan-${n}-title">${e(r.title)}</h2>
<div class="path"><a href="${e(href)}">${e(r.path)}</a></div>
<dl class="meta">
${meta('Organisation', r.organisation)}
${meta('Period', r.period === undefined ? undefined : r.period + dateRange)}
${meta('Status', r.status)}
${meta('Review date', r.reviewDateText)}
${author ? `<div><dt>Lint findings</dt><dd>${countBadges(r)}</dd></div>` : ''}
</dl>
${renderExceptions(r, n)}
${renderMilestoneTables(r)}
${renderTimeline(r, { id: `timeline-${n}` })}
${renderMetricCharts(r, n)}
${renderMetrics(r)}
${renderMatrix(r)}
${author ? renderDiagnostics(r, href) : ''}
</section>`;
}

function renderMetrics(r: PlanReport): string {
  const heading = '<h3>Metric definitions</h3>';
  if (r.metrics.length === 0) return `${heading}\n<p class="muted">The plan has no metrics.</p>`;
  const v = (text: string | undefined) => (text === undefined ? MISSING : e(text));
  const value = (val: string | undefined, unit: string | undefined) => (val === undefined ? MISSING : e(formatValue(val, unit)));
  const rows = r.metrics.map((m) => `<tr>
<td>${e(m.owner)}${m.ownerKind === 'priority' ? ' <span class="muted">(priority)</span>' : ''}</td>
<td><strong>${e(m.id)}</strong> ${v(m.title)}</td>
<td class="value">${value(m.baselineValue, m.unit)} <span class="muted">(${v(m.baselinePeriod)})</span></td>
<td class="value">→ ${value(m.targetValue, m.unit)} <span class="muted">(by ${v(m.targetDue)})</span></td>
<td>${v(m.source)}</td>
<td>${m.breakdown.length ? e(m.breakdown.join(', ')) : '<span class="muted">none</span>'}</td>
</tr>`).join('\n');
  return `${heading}
<table class="metrics">
<thead><tr><th scope="col">Owner</th><th scope="col">Metric</th><th scope="col">Baseline</th><th scope="col">Target</th><th scope="col">Source</th><th scope="col">Breakdown</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function renderDiagnostics(r: PlanReport, href: string): string {
  const heading = `<h3>Lint findings</h3>`;
  if (r.diagnostics.length === 0) return `${heading}\n<p class="muted">No problems found.</p>`;
  const items = r.diagnostics.map((d) => `<li><a class="where" href="${e(href)}#L${d.line}">${e(r.path)}:${d.line}:${d.column}</a> <span class="badge ${d.severity}">${d.severity}</span> <span class="rule">${e(d.ruleId)}</span><span class="message">${inlineCode(d.message)}</span></li>`).join('\n');
  return `${heading}\n<ol class="diagnostics">\n${items}\n</ol>`;
}

/** Escapes a message and shows its `backtick` spans as code. */
function inlineCode(text: string): string {
  return e(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}
