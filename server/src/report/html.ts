/**
 * Renders plan reports as one self-contained HTML file: inline CSS and SVG, no scripts, nothing fetched,
 * printable on A4.
 */
import { OVERDUE_COLOUR, STATUS_STYLE, formatValue, type MarkerShape, type PlanReport, type TimelineMarker } from './data.js';

export interface HtmlOptions {
  /** The document title. */
  title?: string;
  /** The link to a plan's file (without `#L`); default: its path. */
  hrefFor?: (report: PlanReport) => string;
  /** Shown in the footer, e.g. the cplan version. */
  generator?: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const e = escapeHtml;
const MISSING = '<span class="missing">missing</span>';

// Timeline geometry (SVG user units).
const VIEW_WIDTH = 1060;
const LABEL_WIDTH = 190;
const CHART_WIDTH = 720;
const TOP = 44;
const ROW_HEIGHT = 24;
const LANE_PADDING = 8;

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
.badge.ok { background: #dff0e6; color: #00521f; }
.path { font-family: Consolas, Menlo, monospace; font-size: 13px; color: var(--grey); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid var(--border); padding: 4px 6px; text-align: left; vertical-align: top; }
thead th { background: var(--pale); }
.matrix th[scope=col] { text-align: center; vertical-align: bottom; min-width: 64px; }
.matrix .ws-id { display: block; font-weight: bold; }
.matrix .ws-title { display: block; font-weight: normal; font-size: 11px; color: var(--grey); }
.matrix td.mark { text-align: center; font-size: 16px; color: var(--green); font-weight: bold; }
.matrix tr.unserved th, .matrix tr.unserved td { background: #fbe9e7; }
.matrix tr.unserved th { border-left: 4px solid var(--red); }
.matrix .not-served { color: var(--red); font-weight: bold; white-space: nowrap; }
.matrix .aim-source { color: var(--grey); font-size: 11px; }
.flag { display: block; margin-top: 3px; color: var(--red); font-size: 11px; font-weight: bold; white-space: nowrap; }
.matrix th.no-metrics { background: #fbe9e7; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.missing { color: var(--red); font-style: italic; }
.muted { color: var(--grey); }
.timeline > svg { width: 100%; height: auto; display: block; }
.legend svg { width: 18px; height: 18px; flex: none; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 12px; margin: 6px 0 0; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: 5px; }
.undated { font-size: 13px; margin: 6px 0 0; }
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
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** One HTML document with a section per plan. */
export function renderHtml(reports: readonly PlanReport[], options: HtmlOptions = {}): string {
  const title = options.title ?? 'Commissioning plan report';
  const contents = reports.map((r, i) => `<li><a href="#plan-${i + 1}">${e(r.title)}</a> ${countBadges(r)}</li>`).join('\n');
  const reviewDates = [...new Set(reports.map((r) => r.reviewDateText))];
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header class="cover">
<h1>${e(title)}</h1>
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
  if (errors + warnings + infos === 0) return '<span class="badge ok">no problems</span>';
  const badge = (n: number, kind: string) => `<span class="badge ${kind}">${n} ${kind}${n === 1 ? '' : 's'}</span>`;
  return [badge(errors, 'error'), badge(warnings, 'warning'), infos ? badge(infos, 'info') : ''].filter(Boolean).join(' ');
}

function renderPlan(r: PlanReport, n: number, options: HtmlOptions): string {
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
<div><dt>Lint findings</dt><dd>${countBadges(r)}</dd></div>
</dl>
${renderMatrix(r)}
${renderTimeline(r, n)}
${renderMetrics(r)}
${renderDiagnostics(r, href)}
</section>`;
}

function renderMatrix(r: PlanReport): string {
  const { columns, rows } = r.matrix;
  const heading = '<h3>Aims and the workstreams that serve them</h3>';
  if (rows.length === 0) return `${heading}\n<p class="muted">The plan adopts no aims.</p>`;
  const head = columns.map((c) => `<th scope="col"${c.noMetrics ? ' class="no-metrics"' : ''} title="${e(c.title)}"><span class="ws-id">${e(c.id)}</span><span class="ws-title">${e(truncate(c.title, 40))}</span>${c.noMetrics ? '<span class="flag">no metrics</span>' : ''}</th>`).join('');
  const body = rows.map((row) => {
    const cells = row.cells.map((linked, i) => linked
      ? `<td class="mark">✓<span class="sr"> ${e(columns[i].id)} serves ${e(row.id)}</span></td>`
      : '<td></td>').join('');
    const status = row.served ? `<td>${row.cells.filter(Boolean).length}</td>` : '<td class="not-served">✗ not served</td>';
    return `<tr${row.served ? '' : ' class="unserved"'}><th scope="row"><strong>${e(row.id)}</strong> ${e(row.title)} <span class="aim-source">(${row.source})</span></th>${cells}${status}</tr>`;
  }).join('\n');
  return `${heading}
<table class="matrix">
<thead><tr><th scope="col">Aim</th>${head}<th scope="col">Workstreams</th></tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1).trimEnd() + '…';
}

export function markerSvg(shape: MarkerShape, colour: string, cx: number, cy: number, size = 7): string {
  const s = size;
  const f = (n: number) => Number(n.toFixed(2));
  switch (shape) {
    case 'circle':
      return `<circle cx="${f(cx)}" cy="${f(cy)}" r="${s}" fill="${colour}"/><path d="M${f(cx - 3.5)} ${f(cy)} l2.5 2.8 l4.5 -5.6" fill="none" stroke="#fff" stroke-width="1.8"/>`;
    case 'hollow-circle':
      return `<circle cx="${f(cx)}" cy="${f(cy)}" r="${s - 1}" fill="#fff" stroke="${colour}" stroke-width="2"/>`;
    case 'diamond':
      return `<path d="M${f(cx)} ${f(cy - s)} L${f(cx + s)} ${f(cy)} L${f(cx)} ${f(cy + s)} L${f(cx - s)} ${f(cy)} Z" fill="${colour}"/>`;
    case 'triangle':
      return `<path d="M${f(cx)} ${f(cy - s)} L${f(cx + s)} ${f(cy + s * 0.8)} L${f(cx - s)} ${f(cy + s * 0.8)} Z" fill="${colour}"/>`;
    case 'square':
      return `<rect x="${f(cx - s + 1)}" y="${f(cy - s + 1)}" width="${2 * s - 2}" height="${2 * s - 2}" fill="${colour}"/>`;
    case 'hollow-square':
      return `<rect x="${f(cx - s + 1.5)}" y="${f(cy - s + 1.5)}" width="${2 * s - 3}" height="${2 * s - 3}" fill="#fff" stroke="${colour}" stroke-width="2"/>`;
    case 'cross':
      return `<path d="M${f(cx - s + 1)} ${f(cy - s + 1)} L${f(cx + s - 1)} ${f(cy + s - 1)} M${f(cx + s - 1)} ${f(cy - s + 1)} L${f(cx - s + 1)} ${f(cy + s - 1)}" stroke="${colour}" stroke-width="2.5"/>`;
  }
}

function markerTitle(m: TimelineMarker): string {
  const status = STATUS_STYLE[m.status]?.text ?? m.status;
  const parts = [`${m.id}: ${m.title}`, `due ${m.due}${m.date ? ` (${m.date})` : ''}`, `status: ${status}`];
  if (m.overdue) parts.push(`${m.overdueDays} days late`);
  if (m.outside) parts.push(`${m.outside} the plan period`);
  return parts.join(' · ');
}

function renderTimeline(r: PlanReport, n: number): string {
  const t = r.timeline;
  const heading = '<h3>Milestones</h3>';
  if (t.quarters.length === 0) return `${heading}\n<p class="muted">The plan period does not parse, so there is no timeline.</p>`;
  if (t.lanes.length === 0) return `${heading}\n<p class="muted">The plan has no workstreams.</p>`;
  const X = (x: number) => Number((LABEL_WIDTH + x * CHART_WIDTH).toFixed(2));
  const laneTops: number[] = [];
  let y = TOP;
  for (const lane of t.lanes) {
    laneTops.push(y);
    y += lane.rows * ROW_HEIGHT + 2 * LANE_PADDING;
  }
  const bottom = y;
  const height = bottom + 22;
  const parts: string[] = [];
  // Financial years and quarters.
  const years = new Map<string, { x0: number; x1: number }>();
  for (const q of t.quarters) {
    const fy = q.label.slice(3);
    const year = years.get(fy);
    if (year) year.x1 = q.x1;
    else years.set(fy, { x0: q.x0, x1: q.x1 });
  }
  t.quarters.forEach((q, i) => {
    if (i % 2 === 1) parts.push(`<rect x="${X(q.x0)}" y="${TOP}" width="${X(q.x1) - X(q.x0)}" height="${bottom - TOP}" fill="#f4f7f8"/>`);
  });
  for (const [fy, { x0, x1 }] of years) {
    parts.push(`<text x="${(X(x0) + X(x1)) / 2}" y="14" text-anchor="middle" class="fy">FY 20${fy.slice(0, 2)}/${fy.slice(3)}</text>`);
  }
  for (const q of t.quarters) {
    parts.push(`<text x="${(X(q.x0) + X(q.x1)) / 2}" y="34" text-anchor="middle" class="q">${e(q.label.slice(0, 2))}</text>`);
    parts.push(`<line x1="${X(q.x0)}" y1="${q.yearStart ? 2 : 22}" x2="${X(q.x0)}" y2="${bottom}" stroke="${q.yearStart ? '#aeb7bd' : '#d8dde0'}" stroke-width="${q.yearStart ? 1.2 : 1}"/>`);
  }
  parts.push(`<line x1="${X(1)}" y1="2" x2="${X(1)}" y2="${bottom}" stroke="#aeb7bd" stroke-width="1.2"/>`);
  // Lanes.
  t.lanes.forEach((lane, i) => {
    const top = laneTops[i];
    parts.push(`<line x1="0" y1="${top}" x2="${VIEW_WIDTH}" y2="${top}" stroke="#d8dde0"/>`);
    parts.push(`<g class="lane-label"><title>${e(`${lane.id}: ${lane.title}`)}</title><text x="4" y="${top + LANE_PADDING + 15}" class="ws">${e(lane.id)}</text><text x="4" y="${top + LANE_PADDING + 30}" class="wst">${e(truncate(lane.title, 30))}</text></g>`);
    for (const m of lane.markers) {
      const cx = X(m.x);
      const cy = top + LANE_PADDING + m.row * ROW_HEIGHT + ROW_HEIGHT / 2;
      const label = `<text x="${Number((cx + 11).toFixed(2))}" y="${cy + 4}" class="ml${m.overdue ? ' late' : ''}">${e(m.label)}</text>`;
      parts.push(`<g class="marker" data-id="${e(m.id)}" data-status="${e(m.status)}"${m.overdue ? ' data-overdue-days="' + m.overdueDays + '"' : ''}><title>${e(markerTitle(m))}</title>${markerSvg(m.shape, m.colour, cx, cy)}${label}</g>`);
    }
  });
  parts.push(`<line x1="0" y1="${bottom}" x2="${VIEW_WIDTH}" y2="${bottom}" stroke="#d8dde0"/>`);
  if (t.reviewX !== undefined) {
    const rx = X(t.reviewX);
    parts.push(`<g class="review"><title>Review date ${e(r.reviewDateText)}</title><line x1="${rx}" y1="${TOP}" x2="${rx}" y2="${bottom + 6}" stroke="${OVERDUE_COLOUR}" stroke-width="1.5" stroke-dasharray="5 3"/><text x="${rx}" y="${bottom + 18}" text-anchor="middle" class="rv">review date ${e(r.reviewDateText)}</text></g>`);
  }
  if (t.reviewX === undefined) {
    const after = r.periodEnd !== undefined && r.reviewDate > r.periodEnd;
    parts.push(`<text x="${after ? X(1) : X(0)}" y="${bottom + 18}" text-anchor="${after ? 'end' : 'start'}" class="rv">${after ? '' : '◂ '}review date ${e(r.reviewDateText)} is ${after ? 'after' : 'before'} the plan period${after ? ' ▸' : ''}</text>`);
  }
  const aria = `Milestone timeline of ${r.title}: ${t.markerCount} milestones in ${t.lanes.length} workstreams across ${t.quarters.length} quarters from ${t.quarters[0].label} to ${t.quarters[t.quarters.length - 1].label}; ${t.overdueCount} overdue at the review date ${r.reviewDateText}.`;
  const style = `<style>.fy{font:bold 12px Arial,sans-serif;fill:#212b32}.q{font:11px Arial,sans-serif;fill:#4c6272}.ws{font:bold 13px Arial,sans-serif;fill:#212b32}.wst{font:11px Arial,sans-serif;fill:#4c6272}.ml{font:11px Arial,sans-serif;fill:#212b32}.ml.late{fill:${OVERDUE_COLOUR};font-weight:bold}.rv{font:bold 11px Arial,sans-serif;fill:${OVERDUE_COLOUR}}</style>`;
  const undated = t.lanes.flatMap((l) => l.undated.map((u) => `<li><strong>${e(u.id)}</strong> ${e(u.title)}: due <code>${e(u.due)}</code> (${e(STATUS_STYLE[u.status]?.text ?? u.status)})</li>`));
  return `${heading}
<figure class="timeline" style="margin:0">
<svg xmlns="http://www.w3.org/2000/svg" id="timeline-${n}" viewBox="0 0 ${VIEW_WIDTH} ${height}" role="img" aria-label="${e(aria)}">${style}
${parts.join('\n')}
</svg>
${legend()}
</figure>
${undated.length ? `<p class="undated">Not on the timeline (no date to place them at):</p><ul class="undated">${undated.join('')}</ul>` : ''}`;
}

function legend(): string {
  const item = (svg: string, text: string) => `<li><svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">${svg}</svg>${text}</li>`;
  const items = Object.entries(STATUS_STYLE).map(([, s]) => item(markerSvg(s.shape, s.colour, 9, 9), s.text));
  items.push(item(markerSvg('diamond', OVERDUE_COLOUR, 9, 9), '<strong style="color:#d5281b">overdue</strong> (any shape, red)'));
  items.push(item(`<line x1="9" y1="0" x2="9" y2="18" stroke="${OVERDUE_COLOUR}" stroke-width="1.5" stroke-dasharray="4 2"/>`, 'review date'));
  return `<ul class="legend" aria-label="Legend">${items.join('')}</ul>`;
}

function renderMetrics(r: PlanReport): string {
  const heading = '<h3>Metrics</h3>';
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
