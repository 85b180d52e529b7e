/**
 * The board pack's parts (issue 16): RAG badges, the exception list, a milestone table per workstream and a
 * chart per metric. Everything a reader needs is printed text: titles, values and ratings are written on the
 * page and in the SVG, never only in a tooltip; a RAG rating always has a word and a shape, never colour alone.
 */
import { formatValue, type MetricRow, type PlanReport, type ReportRag, type ReportUpdate, type TimelineLane, STATUS_STYLE } from './data.js';
import { escapeHtml } from './pictures.js';
import { dayFromIso, formatDay } from '../core/periods.js';
import { RAG_STYLE, isException } from './rag-style.js';

const e = escapeHtml;

export const BOARD_CSS = `
.rag { display: inline-flex; align-items: center; gap: 4px; padding: 1px 7px; border-radius: 3px; font-weight: bold; font-size: 12px; white-space: nowrap; border: 1px solid currentColor; }
.rag .glyph { font-size: 11px; }
.rag-red { color: #8a1a10; background: #f9e0de; }
.rag-amber { color: #6b4700; background: #fff1cf; }
.rag-green { color: #00521f; background: #dff0e6; }
.rag-blue { color: #003d78; background: #e3eef8; }
.rag-none { color: var(--grey); background: #fff; font-weight: normal; }
.why { display: block; font-size: 11px; color: var(--grey); margin-top: 2px; }
.update-on { display: block; font-size: 11px; color: var(--grey); }
table.milestones td:nth-child(5) { min-width: 120px; }
.ws-head { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: baseline; margin: 16px 0 6px; }
.ws-head h4 { margin: 0; font-size: 15px; }
.ws-update { font-size: 13px; margin: 0 0 6px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 12px 20px; }
figure.chart { margin: 0; border: 1px solid var(--border); padding: 8px 10px; break-inside: avoid; }
figure.chart figcaption { font-size: 13px; }
figure.chart figcaption .metric-title { font-weight: bold; display: block; }
figure.chart svg { width: 100%; height: auto; display: block; margin-top: 4px; }
.chart .axis { stroke: var(--cplan-grid-strong); }
.chart .tick { font-size: 10px; fill: var(--cplan-muted); }
.chart .trajectory { fill: none; stroke: var(--cplan-muted); stroke-width: 1.5; stroke-dasharray: 6 4; }
.chart .actual-line { fill: none; stroke: var(--blue); stroke-width: 2; }
.chart .actual { fill: var(--blue); }
.chart .actual.outside { fill: #fff; stroke: var(--blue); }
.chart .baseline { fill: var(--cplan-fg); }
.chart .target { fill: none; stroke: var(--cplan-fg); stroke-width: 2; }
.chart .val { font-size: 10px; fill: var(--cplan-fg); }
.chart .val.strong { font-weight: bold; }
.chart-key { font-size: 11px; color: var(--grey); margin: 2px 0 0; }
section.exceptions { margin: 8px 0 16px; }
table.exceptions .kind { white-space: nowrap; }
@media print {
  section.exceptions { break-after: page; }
  .charts { grid-template-columns: 1fr 1fr; }
  figure.chart { padding: 4px 6px; }
}
`;

/** A rating as a badge: glyph and word; "not rated" (and why) when there is none. */
export function ragBadge(rag: ReportRag): string {
  if (!rag.value) return '<span class="rag rag-none" data-rag="none">not rated</span>';
  const style = RAG_STYLE[rag.value];
  const override = rag.overrideReason !== undefined ? ` <span class="muted">(override; computed ${e(rag.computed ? RAG_STYLE[rag.computed].text : 'none')})</span>` : '';
  return `<span class="rag rag-${rag.value}" data-rag="${rag.value}"><span class="glyph" aria-hidden="true">${style.glyph}</span>${style.text}</span>${override}`;
}

function ragCell(rag: ReportRag): string {
  const reason = rag.overrideReason !== undefined ? `${rag.why}; override: ${rag.overrideReason}` : rag.why;
  return `${ragBadge(rag)}<span class="why">${codeSpans(reason)}</span>`;
}

/** Escapes a phrase and shows its `backtick` spans as code. */
export function codeSpans(text: string): string {
  return e(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function dateText(iso: string): string {
  const day = dayFromIso(iso);
  return day === undefined ? iso : formatDay(day);
}

function updateCell(update: ReportUpdate | undefined): string {
  return update ? `<span class="update-on">${e(dateText(update.on))}</span>${e(update.text)}` : '<span class="muted">no update</span>';
}

const statusText = (status: string | undefined) => (status === undefined ? 'status not set' : STATUS_STYLE[status]?.text ?? status);

/** The exception report: every red and amber workstream, milestone and metric, with why and the latest update. */
export function renderExceptions(r: PlanReport, n: number): string {
  const rows: string[] = [];
  for (const lane of r.timeline.lanes) {
    if (isException(lane.rag)) rows.push(exceptionRow('Workstream', lane.id, lane.title, lane.lead, lane.rag, lane.latestUpdate, ''));
    for (const m of [...lane.markers, ...lane.undated]) {
      if (!isException(m.rag)) continue;
      const risks = m.risks.length ? `<ul class="risks">${m.risks.map((risk) => `<li>${e(risk.text)}${risk.rating ? ` <span class="muted">(${e(risk.rating)})</span>` : ''}</li>`).join('')}</ul>` : '';
      rows.push(exceptionRow('Milestone', m.id, m.title, m.owner ?? lane.lead, m.rag, m.latestUpdate, risks, `due ${m.due}`));
    }
  }
  for (const m of r.metrics) {
    if (isException(m.rag)) rows.push(exceptionRow('Metric', m.id, m.title ?? m.id, undefined, m.rag, undefined, '', latestText(m)));
  }
  const heading = `<h3 id="exceptions-${n}">Exceptions: red and amber items</h3>`;
  if (rows.length === 0) return `<section class="exceptions">${heading}\n<p>No red or amber items at the review date ${e(r.reviewDateText)}.</p></section>`;
  return `<section class="exceptions">${heading}
<table class="exceptions">
<thead><tr><th scope="col">Item</th><th scope="col">Title</th><th scope="col">Owner or lead</th><th scope="col">RAG and why</th><th scope="col">Latest update and risks</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></section>`;
}

function exceptionRow(kind: string, id: string, title: string, owner: string | undefined, rag: ReportRag, update: ReportUpdate | undefined, risks: string, detail = ''): string {
  return `<tr data-rag="${rag.value}"><td class="kind">${kind} <strong>${e(id)}</strong></td><td>${e(title)}${detail ? `<span class="why">${e(detail)}</span>` : ''}</td><td>${owner ? e(owner) : '<span class="muted">none named</span>'}</td><td>${ragCell(rag)}</td><td>${updateCell(update)}${risks}</td></tr>`;
}

/** Per workstream: its lead, RAG and latest update, then a table of its milestones. */
export function renderMilestoneTables(r: PlanReport): string {
  const heading = '<h3>Milestones by workstream</h3>';
  if (r.timeline.lanes.length === 0) return `${heading}\n<p class="muted">The plan has no workstreams.</p>`;
  return `${heading}\n${r.timeline.lanes.map(workstreamTable).join('\n')}`;
}

function workstreamTable(lane: TimelineLane): string {
  const milestones = [...lane.markers, ...lane.undated].sort((a, b) => (('date' in a && a.date) || '9999').localeCompare(('date' in b && b.date) || '9999') || a.id.localeCompare(b.id));
  const head = `<div class="ws-head"><h4>${e(lane.id)}: ${e(lane.title)}</h4><span>Lead: ${lane.lead ? e(lane.lead) : '<span class="muted">none named</span>'}</span>${ragBadge(lane.rag)}</div>
<p class="ws-update">Latest update: ${lane.latestUpdate ? `${e(dateText(lane.latestUpdate.on))}: ${e(lane.latestUpdate.text)}` : '<span class="muted">none</span>'}</p>`;
  if (milestones.length === 0) return `${head}\n<p class="muted">No milestones.</p>`;
  const rows = milestones.map((m) => {
    const owner = m.owner ? e(m.owner) : lane.lead ? `${e(lane.lead)} <span class="muted">(lead)</span>` : '<span class="muted">none named</span>';
    const late = 'overdue' in m && m.overdue ? `<span class="why late-text">${m.overdueDays} day${m.overdueDays === 1 ? '' : 's'} late</span>` : '';
    const recurring = 'cadence' in m && m.cadence ? ` <span class="muted">(↻ ${e(m.cadence)})</span>` : '';
    return `<tr data-id="${e(m.id)}" data-rag="${m.rag.value ?? 'none'}"><td><strong>${e(m.id)}</strong> ${e(m.title)}</td><td>${owner}</td><td>${e(m.due)}${recurring}${late}</td><td>${e(statusText(m.status))}</td><td>${ragCell(m.rag)}</td><td>${updateCell(m.latestUpdate)}</td></tr>`;
  }).join('\n');
  return `${head}
<table class="milestones">
<thead><tr><th scope="col">Milestone</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">RAG</th><th scope="col">Latest update</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function num(value: number, unit: string | undefined): string {
  const text = String(Math.round(value * 100) / 100);
  return formatValue(text, unit);
}

function latestText(m: MetricRow): string {
  if (!m.latest) return 'no actuals yet';
  const expected = m.latest.expected !== undefined ? `; trajectory ${num(m.latest.expected, m.unit)}` : '';
  return `latest ${num(m.latest.value, m.unit)} (${m.latest.period})${expected}`;
}

/** The metrics: a chart each where there is something to draw, and the table of definitions. */
export function renderMetricCharts(r: PlanReport, n?: number): string {
  const heading = `<h3${n === undefined ? '' : ` id="charts-${n}"`}>Metrics: progress against trajectory</h3>`;
  const drawable = r.metrics.filter((m) => m.trajectory || m.actuals.length > 0);
  if (drawable.length === 0) return `${heading}\n<p class="muted">No metric has a numeric baseline and target or any actuals to draw.</p>`;
  return `${heading}\n<div class="charts">\n${drawable.map(metricChart).join('\n')}\n</div>`;
}

// Chart geometry (SVG user units).
const W = 460;
const H = 190;
const LEFT = 46;
const RIGHT = 14;
const TOPM = 16;
const BOTTOM = 34;

/**
 * A label beside a point, on the side with more room (right of a point in the chart's left half, else left of
 * it), so that no label runs out of the picture and is cut off.
 */
function sideLabel(x: number, y: number, gap: number, cls: string, text: string): string {
  const right = x < W / 2;
  return `<text class="${cls}" x="${right ? x + gap : x - gap}" y="${y}"${right ? '' : ' text-anchor="end"'}>${e(text)}</text>`;
}

/** A label under a point: centred, but held inside the picture near its edges. */
function edgeLabel(x: number, y: number, text: string): string {
  const half = text.length * 3;
  const anchor = x - half < 2 ? 'start' : x + half > W - 2 ? 'end' : 'middle';
  const at = anchor === 'start' ? Math.max(x - 4, 2) : anchor === 'end' ? Math.min(x + 4, W - 2) : x;
  return `<text class="val" x="${at}" y="${y}" text-anchor="${anchor}">${e(text)}</text>`;
}

function metricChart(m: MetricRow): string {
  const points = [...(m.trajectory ?? []), ...m.actuals.map((a) => ({ date: a.date, value: a.value }))];
  const days = points.map((p) => dayFromIso(p.date)!).filter((d) => d !== undefined);
  const d0 = Math.min(...days);
  const d1 = Math.max(...days, d0 + 1);
  const values = points.map((p) => p.value);
  let v0 = Math.min(...values);
  let v1 = Math.max(...values);
  const pad = (v1 - v0) * 0.12 || Math.abs(v1) * 0.1 || 1;
  v0 -= pad;
  v1 += pad;
  const f = (x: number) => Number(x.toFixed(2));
  const X = (iso: string) => f(LEFT + ((dayFromIso(iso)! - d0) / (d1 - d0)) * (W - LEFT - RIGHT));
  const Y = (v: number) => f(TOPM + (1 - (v - v0) / (v1 - v0)) * (H - TOPM - BOTTOM));
  const parts: string[] = [];
  parts.push(`<line class="axis" x1="${LEFT}" y1="${H - BOTTOM}" x2="${W - RIGHT}" y2="${H - BOTTOM}"/><line class="axis" x1="${LEFT}" y1="${TOPM}" x2="${LEFT}" y2="${H - BOTTOM}"/>`);
  // The axis says numbers only (a unit such as "% of funded posts" does not fit beside it); the unit is written once, above.
  const tickUnit = m.unit === '%' ? '%' : undefined;
  for (const v of [v0 + pad, v1 - pad]) parts.push(`<text class="tick" x="${LEFT - 4}" y="${Y(v) + 3}" text-anchor="end">${e(num(v, tickUnit))}</text>`);
  if (m.unit && !tickUnit) parts.push(`<text class="tick axis-unit" x="${LEFT + 4}" y="${TOPM - 5}">${e(m.unit)}</text>`);
  const startIso = points.find((p) => dayFromIso(p.date) === d0)!.date;
  const endIso = points.find((p) => dayFromIso(p.date) === d1)?.date ?? startIso;
  parts.push(`<text class="tick" x="${LEFT}" y="${H - BOTTOM + 14}">${e(dateText(startIso))}</text><text class="tick" x="${W - RIGHT}" y="${H - BOTTOM + 14}" text-anchor="end">${e(dateText(endIso))}</text>`);
  const key: string[] = [];
  if (m.trajectory) {
    const t = m.trajectory;
    parts.push(`<polyline class="trajectory" points="${t.map((p) => `${X(p.date)},${Y(p.value)}`).join(' ')}"/>`);
    const base = t[0];
    const target = t[t.length - 1];
    parts.push(`<g class="baseline-point"><circle class="baseline" cx="${X(base.date)}" cy="${Y(base.value)}" r="4"/>${sideLabel(X(base.date), Y(base.value) - 6, 6, 'val', `baseline ${num(base.value, m.unit)}`)}</g>`);
    parts.push(`<g class="target-point"><rect class="target" x="${X(target.date) - 5}" y="${Y(target.value) - 5}" width="10" height="10"/>${sideLabel(X(target.date), Y(target.value) - 8, 8, 'val strong', `target ${num(target.value, m.unit)}`)}</g>`);
    key.push('dashed line: trajectory', '● baseline', '□ target');
  }
  const shown = m.actuals;
  if (shown.length) {
    const inside = shown.filter((a) => !a.outside);
    if (inside.length > 1) parts.push(`<polyline class="actual-line" points="${inside.map((a) => `${X(a.date)},${Y(a.value)}`).join(' ')}"/>`);
    // Label every actual when few, else the first and the last, so that labels stay legible.
    shown.forEach((a, i) => {
      const labelled = shown.length <= 6 || i === 0 || i === shown.length - 1;
      parts.push(`<g class="actual-point" data-period="${e(a.period)}"><circle class="actual${a.outside ? ' outside' : ''}" cx="${X(a.date)}" cy="${Y(a.value)}" r="3.5"/>${labelled ? edgeLabel(X(a.date), Y(a.value) + 14, num(a.value, m.unit)) : ''}</g>`);
    });
    key.push('solid line and dots: actuals');
  }
  const caption = `<span class="metric-title">${e(m.id)}: ${e(m.title ?? m.id)}</span>${ragBadge(m.rag)} <span>${e(latestText(m))}</span><span class="why">${codeSpans(m.rag.why)}</span>`;
  const baseline = m.baselineValue !== undefined ? `baseline ${formatValue(m.baselineValue, m.unit)} (${m.baselinePeriod ?? 'period not given'})` : 'no baseline';
  const target = m.targetValue !== undefined ? `target ${formatValue(m.targetValue, m.unit)} by ${m.targetDue ?? 'no date'}` : 'no target';
  const actualsText = m.actuals.length ? `actuals ${m.actuals.map((a) => `${a.period} ${num(a.value, m.unit)}`).join(', ')}` : 'no actuals';
  const label = `Chart of ${m.id}: ${baseline}, ${target}, ${actualsText}.`;
  return `<figure class="chart" data-metric="${e(m.id)}">
<figcaption>${caption}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${e(label)}">
${parts.join('\n')}
</svg>
<p class="chart-key">${e([baseline, target].join(' → '))}${key.length ? ` · ${e(key.join(', '))}` : ''}</p>
</figure>`;
}
