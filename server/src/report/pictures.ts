/**
 * The report's two pictures, the aims × workstreams matrix and the milestone timeline, as HTML and inline
 * SVG fragments. The CLI's report file and VS Code's webviews draw them with these same functions.
 *
 * Colours come only from CSS classes that read `--cplan-*` custom properties (see palettes.ts): the host
 * page defines them, NHS colours on paper, theme colours in the editor. Colour is never the only signal:
 * status has a shape and text, an unserved aim says "not served", an overdue milestone says how late.
 * Every element drawn from the plan's YAML carries `data-line`/`data-column` (1-based, see SourcePosition;
 * `data-file="framework"` when the position is in the framework's file).
 */
import { STATUS_STYLE, type MarkerShape, type PlanReport, type SourcePosition, type TimelineMarker, type UndatedMilestone } from './data.js';

export interface PictureOptions {
  /**
   * The host handles clicks on `[data-line]` (VS Code's webview): then table entries are buttons and SVG
   * markers are focusable with a label, so that the keyboard reaches what the mouse does.
   */
  interactive?: boolean;
}

export interface TimelineOptions extends PictureOptions {
  /** The `id` of the SVG element. */
  id?: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const e = escapeHtml;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1).trimEnd() + '…';
}

// Timeline geometry (SVG user units).
const VIEW_WIDTH = 1060;
const LABEL_WIDTH = 190;
const CHART_WIDTH = 720;
const TOP = 44;
const ROW_HEIGHT = 24;
const LANE_PADDING = 8;

/** The class that colours a status; statuses the schema does not know are drawn as "status not set". */
function statusClass(status: string): string {
  return `st-${STATUS_STYLE[status] ? status : 'unknown'}`;
}

/** The pictures' rules; the host page adds a palette (paletteCss) and its own layout. */
export const PICTURE_CSS = `
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.muted { color: var(--cplan-muted); }
table.matrix { border-collapse: collapse; width: 100%; font-size: 13px; }
.matrix th, .matrix td { border: 1px solid var(--cplan-grid); padding: 4px 6px; text-align: left; vertical-align: top; }
.matrix thead th { background: var(--cplan-head); }
.matrix th[scope=col] { text-align: center; vertical-align: bottom; min-width: 64px; }
.matrix .ws-id { display: block; font-weight: bold; }
.matrix .ws-title { display: block; font-weight: normal; font-size: 11px; color: var(--cplan-muted); }
.matrix td.mark { text-align: center; font-size: 16px; color: var(--cplan-linked); font-weight: bold; }
.matrix tr.unserved th, .matrix tr.unserved td { background: var(--cplan-alert-bg); }
.matrix tr.unserved th { border-left: 4px solid var(--cplan-alert); }
.matrix .not-served { color: var(--cplan-alert); font-weight: bold; white-space: nowrap; }
.matrix .aim-source { color: var(--cplan-muted); font-size: 11px; }
.matrix .flag { display: block; margin-top: 3px; color: var(--cplan-alert); font-size: 11px; font-weight: bold; white-space: nowrap; }
.matrix th.no-metrics { background: var(--cplan-alert-bg); }
figure.timeline { margin: 0; }
.timeline > svg { width: 100%; height: auto; display: block; }
.timeline .band { fill: var(--cplan-band); }
.timeline .grid { stroke: var(--cplan-grid); }
.timeline .grid.year { stroke: var(--cplan-grid-strong); }
.review-line { stroke: var(--cplan-review); }
.timeline .fy { font-size: 12px; font-weight: bold; fill: var(--cplan-fg); }
.timeline .q { font-size: 11px; fill: var(--cplan-muted); }
.timeline .ws { font-size: 13px; font-weight: bold; fill: var(--cplan-fg); }
.timeline .wst { font-size: 11px; fill: var(--cplan-muted); }
.timeline .ml { font-size: 11px; fill: var(--cplan-fg); }
.timeline .ml.late { fill: var(--cplan-overdue); font-weight: bold; }
.timeline .rv { font-size: 11px; font-weight: bold; fill: var(--cplan-review); }
${Object.keys(STATUS_STYLE).map((status) => `.st-${status} { color: var(--cplan-st-${status}); }`).join('\n')}
.overdue { color: var(--cplan-overdue); }
.late-text { color: var(--cplan-overdue); }
.mk-fill { fill: currentColor; }
.timeline .span { fill: currentColor; fill-opacity: .14; stroke: currentColor; stroke-opacity: .5; }
.mk-line { fill: none; stroke: currentColor; }
.mk-hollow { fill: var(--cplan-surface); stroke: currentColor; }
.mk-tick { fill: none; stroke: var(--cplan-surface); }
.legend svg { width: 18px; height: 18px; flex: none; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 12px; margin: 6px 0 0; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: 5px; }
.undated { font-size: 13px; margin: 6px 0 0; }
button.jump { all: unset; display: block; width: 100%; box-sizing: border-box; text-align: inherit; cursor: pointer; }
[data-line][tabindex], [data-line] button.jump { cursor: pointer; }
button.jump:focus-visible { outline: 2px solid var(--cplan-focus); outline-offset: 1px; }
g[data-line][tabindex]:focus { outline: none; }
g[data-line][tabindex]:focus-visible .mk-fill, g[data-line][tabindex]:focus-visible .mk-hollow, g[data-line][tabindex]:focus-visible .mk-line { stroke: var(--cplan-focus); stroke-width: 3px; }
g[data-line][tabindex]:focus-visible text { text-decoration: underline; }
`;

/** `data-line`/`data-column` (and `data-file`) attributes of a position. */
function at(position: SourcePosition, file?: 'framework'): string {
  return ` data-line="${position.line}" data-column="${position.column}"${file ? ` data-file="${file}"` : ''}`;
}

/** HTML content that goes to a position: a button when the host handles clicks. */
function jumpable(options: PictureOptions, content: string, label: string): string {
  return options.interactive ? `<button type="button" class="jump" aria-label="${e(label)}">${content}</button>` : content;
}

/** SVG that goes to a position: focusable with a label when the host handles clicks. */
function focusable(options: PictureOptions, label: string): string {
  return options.interactive ? ` tabindex="0" role="button" aria-label="${e(label)}"` : '';
}

/** The aims × workstreams table. */
export function renderMatrix(r: PlanReport, options: PictureOptions = {}): string {
  const { columns, rows } = r.matrix;
  const heading = '<h3>Aims and the workstreams that serve them</h3>';
  if (rows.length === 0) return `${heading}\n<p class="muted">The plan adopts no aims.</p>`;
  const head = columns.map((c) => {
    const content = `<span class="ws-id">${e(c.id)}</span><span class="ws-title">${e(truncate(c.title, 40))}</span>${c.noMetrics ? '<span class="flag">no metrics</span>' : ''}`;
    const label = `Workstream ${c.id}: ${c.title}${c.noMetrics ? ', no metrics' : ''}`;
    return `<th scope="col"${c.noMetrics ? ' class="no-metrics"' : ''} title="${e(c.title)}"${at(c)}>${jumpable(options, content, label)}</th>`;
  }).join('');
  const body = rows.map((row) => {
    const cells = row.cells.map((cell, i) => cell.linked
      ? `<td class="mark"${at(cell)}>${jumpable(options, `✓<span class="sr"> ${e(columns[i].id)} serves ${e(row.id)}</span>`, `${columns[i].id} serves ${row.id}`)}</td>`
      : `<td${at(cell)}></td>`).join('');
    const status = row.served ? `<td>${row.cells.filter((c) => c.linked).length}</td>` : '<td class="not-served">✗ not served</td>';
    const content = `<strong>${e(row.id)}</strong> ${e(row.title)} <span class="aim-source">(${row.source})</span>`;
    const label = `Aim ${row.id}: ${row.title} (defined in the ${row.source})${row.served ? '' : ', not served'}`;
    const where = row.definition ? at(row.definition, 'framework') : at(row);
    return `<tr${row.served ? '' : ' class="unserved"'}><th scope="row"${where}>${jumpable(options, content, label)}</th>${cells}${status}</tr>`;
  }).join('\n');
  return `${heading}
<table class="matrix">
<thead><tr><th scope="col">Aim</th>${head}<th scope="col">Workstreams</th></tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

/** One marker shape centred on (cx, cy), in the colour of the enclosing element (`currentColor`). */
export function markerSvg(shape: MarkerShape, cx: number, cy: number, size = 7): string {
  const s = size;
  const f = (n: number) => Number(n.toFixed(2));
  switch (shape) {
    case 'circle':
      return `<circle class="mk-fill" cx="${f(cx)}" cy="${f(cy)}" r="${s}"/><path class="mk-tick" d="M${f(cx - 3.5)} ${f(cy)} l2.5 2.8 l4.5 -5.6" stroke-width="1.8"/>`;
    case 'hollow-circle':
      return `<circle class="mk-hollow" cx="${f(cx)}" cy="${f(cy)}" r="${s - 1}" stroke-width="2"/>`;
    case 'diamond':
      return `<path class="mk-fill" d="M${f(cx)} ${f(cy - s)} L${f(cx + s)} ${f(cy)} L${f(cx)} ${f(cy + s)} L${f(cx - s)} ${f(cy)} Z"/>`;
    case 'triangle':
      return `<path class="mk-fill" d="M${f(cx)} ${f(cy - s)} L${f(cx + s)} ${f(cy + s * 0.8)} L${f(cx - s)} ${f(cy + s * 0.8)} Z"/>`;
    case 'square':
      return `<rect class="mk-fill" x="${f(cx - s + 1)}" y="${f(cy - s + 1)}" width="${2 * s - 2}" height="${2 * s - 2}"/>`;
    case 'hollow-square':
      return `<rect class="mk-hollow" x="${f(cx - s + 1.5)}" y="${f(cy - s + 1.5)}" width="${2 * s - 3}" height="${2 * s - 3}" stroke-width="2"/>`;
    case 'cross':
      return `<path class="mk-line" d="M${f(cx - s + 1)} ${f(cy - s + 1)} L${f(cx + s - 1)} ${f(cy + s - 1)} M${f(cx + s - 1)} ${f(cy - s + 1)} L${f(cx - s + 1)} ${f(cy + s - 1)}" stroke-width="2.5"/>`;
  }
}

export function markerTitle(m: TimelineMarker): string {
  const status = STATUS_STYLE[m.status]?.text ?? m.status;
  const when = m.spanStart ? `due ${m.due} (${m.spanStart} to ${m.date})` : `due ${m.due}${m.date ? ` (${m.date})` : ''}`;
  const parts = [`${m.id}: ${m.title}`, when, `status: ${status}`];
  if (m.cadence) parts.push(`recurring ${m.cadence}`);
  if (m.overdue) parts.push(`${m.overdueDays} days late`);
  if (m.outside) parts.push(`${m.outside} the plan period`);
  return parts.join(' · ');
}

/** The milestone timeline: one lane per workstream across the plan's financial quarters, with its legend. */
export function renderTimeline(r: PlanReport, options: TimelineOptions = {}): string {
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
    if (i % 2 === 1) parts.push(`<rect class="band" x="${X(q.x0)}" y="${TOP}" width="${X(q.x1) - X(q.x0)}" height="${bottom - TOP}"/>`);
  });
  for (const [fy, { x0, x1 }] of years) {
    parts.push(`<text x="${(X(x0) + X(x1)) / 2}" y="14" text-anchor="middle" class="fy">FY 20${fy.slice(0, 2)}/${fy.slice(3)}</text>`);
  }
  for (const q of t.quarters) {
    parts.push(`<text x="${(X(q.x0) + X(q.x1)) / 2}" y="34" text-anchor="middle" class="q">${e(q.label.slice(0, 2))}</text>`);
    parts.push(`<line class="grid${q.yearStart ? ' year' : ''}" x1="${X(q.x0)}" y1="${q.yearStart ? 2 : 22}" x2="${X(q.x0)}" y2="${bottom}" stroke-width="${q.yearStart ? 1.2 : 1}"/>`);
  }
  parts.push(`<line class="grid year" x1="${X(1)}" y1="2" x2="${X(1)}" y2="${bottom}" stroke-width="1.2"/>`);
  // Lanes.
  t.lanes.forEach((lane, i) => {
    const top = laneTops[i];
    const title = `${lane.id}: ${lane.title}`;
    parts.push(`<line class="grid" x1="0" y1="${top}" x2="${VIEW_WIDTH}" y2="${top}"/>`);
    parts.push(`<g class="lane-label"${at(lane)}${focusable(options, `Workstream ${title}`)}><title>${e(title)}</title><text x="4" y="${top + LANE_PADDING + 15}" class="ws">${e(lane.id)}</text><text x="4" y="${top + LANE_PADDING + 30}" class="wst">${e(truncate(lane.title, 30))}</text></g>`);
    for (const m of lane.markers) {
      const cx = X(m.x);
      const cy = top + LANE_PADDING + m.row * ROW_HEIGHT + ROW_HEIGHT / 2;
      // A span's label starts inside it, so that many spans ending together stay readable.
      const sx = m.spanX0 === undefined ? undefined : X(m.spanX0);
      const span = sx === undefined ? '' : `<rect class="span" x="${sx}" y="${cy - 8}" width="${Number((cx - sx).toFixed(2))}" height="16" rx="3"/>`;
      const left = sx === undefined && m.labelSide === 'left';
      const labelX = sx !== undefined ? sx + 5 : left ? cx - 11 : cx + 11;
      const label = `<text x="${Number(labelX.toFixed(2))}" y="${cy + 4}"${left ? ' text-anchor="end"' : ''} class="ml${m.overdue ? ' late' : ''}">${e(m.label)}</text>`;
      const classes = `marker ${statusClass(m.status)}${m.overdue ? ' overdue' : ''}`;
      const data = ` data-id="${e(m.id)}" data-status="${e(m.status)}"${m.overdue ? ` data-overdue-days="${m.overdueDays}"` : ''}`;
      const title = markerTitle(m);
      parts.push(`<g class="${classes}"${data}${at(m)}${focusable(options, `Milestone ${title}`)}><title>${e(title)}</title>${span}${markerSvg(m.shape, cx, cy)}${label}</g>`);
    }
  });
  parts.push(`<line class="grid" x1="0" y1="${bottom}" x2="${VIEW_WIDTH}" y2="${bottom}"/>`);
  if (t.reviewX !== undefined) {
    const rx = X(t.reviewX);
    parts.push(`<g class="review"><title>Review date ${e(r.reviewDateText)}</title><line class="review-line" x1="${rx}" y1="${TOP}" x2="${rx}" y2="${bottom + 6}" stroke-width="1.5" stroke-dasharray="5 3"/><text x="${rx}" y="${bottom + 18}" text-anchor="middle" class="rv">review date ${e(r.reviewDateText)}</text></g>`);
  } else {
    const after = r.periodEnd !== undefined && r.reviewDate > r.periodEnd;
    parts.push(`<text x="${after ? X(1) : X(0)}" y="${bottom + 18}" text-anchor="${after ? 'end' : 'start'}" class="rv">${after ? '' : '◂ '}review date ${e(r.reviewDateText)} is ${after ? 'after' : 'before'} the plan period${after ? ' ▸' : ''}</text>`);
  }
  const aria = `Milestone timeline of ${r.title}: ${t.markerCount} milestones in ${t.lanes.length} workstreams across ${t.quarters.length} quarters from ${t.quarters[0].label} to ${t.quarters[t.quarters.length - 1].label}; ${t.overdueCount} overdue at the review date ${r.reviewDateText}${t.unscheduledCount ? `; ${t.unscheduledCount} unscheduled` : ''}.`;
  // A picture with buttons in it is a group: the children of role="img" are hidden from assistive technology.
  const role = options.interactive ? 'group' : 'img';
  const item = (u: UndatedMilestone) => {
    const content = `<strong>${e(u.id)}</strong> ${e(u.title)}: due <code>${e(u.due)}</code> (${e(STATUS_STYLE[u.status]?.text ?? u.status)})`;
    return `<li${at(u)}>${jumpable(options, content, `Milestone ${u.id}: ${u.title}, due ${u.due}`)}</li>`;
  };
  const all = t.lanes.flatMap((l) => l.undated);
  const undated = all.filter((u) => !u.unscheduled).map(item);
  const unscheduled = all.filter((u) => u.unscheduled).map(item);
  return `${heading}
<figure class="timeline">
<svg xmlns="http://www.w3.org/2000/svg"${options.id ? ` id="${e(options.id)}"` : ''} viewBox="0 0 ${VIEW_WIDTH} ${height}" role="${role}" aria-label="${e(aria)}">
${parts.join('\n')}
</svg>
${legend()}
</figure>
${[
    unscheduled.length ? `<p class="undated">Unscheduled (no date agreed yet):</p><ul class="undated unscheduled">${unscheduled.join('')}</ul>` : '',
    undated.length ? `<p class="undated">Not on the timeline (no date to place them at):</p><ul class="undated">${undated.join('')}</ul>` : '',
  ].filter(Boolean).join('\n')}`;
}

function legend(): string {
  const item = (classes: string, svg: string, text: string) => `<li><svg class="${classes}" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">${svg}</svg>${text}</li>`;
  const items = Object.entries(STATUS_STYLE).map(([status, s]) => item(`st-${status}`, markerSvg(s.shape, 9, 9), s.text));
  items.push(item('overdue', markerSvg('diamond', 9, 9), '<strong class="late-text">overdue</strong> (any shape, red)'));
  items.push(item('span', '<rect class="mk-line" x="1" y="5" width="16" height="8" rx="2" stroke-width="1.2"/>', 'bar: due within a period longer than a quarter (e.g. Years 2-5)'));
  items.push(item('recurring', '<text x="9" y="14" text-anchor="middle" font-size="14">↻</text>', '↻ recurring, with its cadence'));
  items.push(item('review', '<line class="review-line" x1="9" y1="0" x2="9" y2="18" stroke-width="1.5" stroke-dasharray="4 2"/>', 'review date'));
  return `<ul class="legend" aria-label="Legend">${items.join('')}</ul>`;
}
