/** The portfolio's metric trajectories, side by side: the same metric across plans on shared scales. */
import { formatValue, type MetricRow, type PlanReport } from './data.js';
import { escapeHtml as e } from './pictures.js';
import { ragBadge } from './board.js';
import type { PortfolioOptions } from './portfolio.js';

// A trajectory picture, small (SVG user units); every picture of one metric shares its scales.
const SPARK_W = 180;
const SPARK_H = 44;
const SPARK_PAD = 4;
/** Rows drawn per metric, and in all: a large portfolio's page stays small, each plan's page has every chart. */
const MAX_TRAJECTORY_ROWS = 200;

type Drawn = { r: PlanReport; m: MetricRow };

/** A metric is the same across plans when its title and unit are (ids are each plan's own). */
const metricKey = (m: MetricRow) => `${(m.title ?? m.id).trim().toLowerCase()}\u0000${m.unit ?? ''}`;

function sparkline(m: MetricRow, scale: { d0: number; d1: number; v0: number; v1: number }): string {
  const X = (iso: string) => Number((SPARK_PAD + ((Date.parse(iso) - scale.d0) / (scale.d1 - scale.d0 || 1)) * (SPARK_W - 2 * SPARK_PAD)).toFixed(1));
  const Y = (v: number) => Number((SPARK_PAD + (1 - (v - scale.v0) / (scale.v1 - scale.v0 || 1)) * (SPARK_H - 2 * SPARK_PAD)).toFixed(1));
  const parts: string[] = [];
  if (m.trajectory) parts.push(`<polyline class="trajectory" points="${m.trajectory.map((p) => `${X(p.date)},${Y(p.value)}`).join(' ')}"/>`);
  const inside = m.actuals.filter((a) => !a.outside);
  if (inside.length > 1) parts.push(`<polyline class="actual-line" points="${inside.map((a) => `${X(a.date)},${Y(a.value)}`).join(' ')}"/>`);
  for (const a of m.actuals) parts.push(`<circle class="actual${a.outside ? ' outside' : ''}" cx="${X(a.date)}" cy="${Y(a.value)}" r="2.5"/>`);
  const label = `${m.id}: actuals ${m.actuals.map((a) => `${a.period} ${a.value}`).join(', ')}${m.latest?.expected !== undefined ? `; trajectory ${m.latest.expected} at ${m.latest.period}` : ''}`;
  return `<svg class="chart spark" viewBox="0 0 ${SPARK_W} ${SPARK_H}" width="${SPARK_W}" height="${SPARK_H}" role="img" aria-label="${e(label)}">${parts.join('')}</svg>`;
}

const numberText = (v: number | undefined, unit: string | undefined) => (v === undefined ? '<span class="muted">none</span>' : e(formatValue(String(Math.round(v * 100) / 100), unit)));

/**
 * The metrics with actuals, side by side: one table per metric (the same title and unit across plans), a row per
 * plan with its latest actual, what the trajectory expected then, the target and the RAG, and a picture of its
 * trajectory and actuals on scales shared by the whole table, so that plans compare at a glance.
 */
export function metricTrajectories(reports: readonly PlanReport[], options: PortfolioOptions): string {
  const groups = new Map<string, Drawn[]>();
  for (const r of reports) for (const m of r.metrics) if (m.actuals.length) groups.set(metricKey(m), [...(groups.get(metricKey(m)) ?? []), { r, m }]);
  if (groups.size === 0) return '<p class="muted">No plan records actuals yet.</p>';
  let budget = MAX_TRAJECTORY_ROWS;
  let left = 0;
  const tables: string[] = [];
  for (const rows of [...groups.values()].sort((a, b) => b.length - a.length)) {
    const shown = rows.slice(0, Math.max(0, budget));
    budget -= shown.length;
    left += rows.length - shown.length;
    if (shown.length === 0) continue;
    const points = shown.flatMap(({ m }) => [...(m.trajectory ?? []), ...m.actuals]);
    const days = points.map((p) => Date.parse(p.date));
    const values = points.map((p) => p.value);
    const scale = { d0: Math.min(...days), d1: Math.max(...days), v0: Math.min(...values), v1: Math.max(...values) };
    const first = shown[0].m;
    const body = shown.map(({ r, m }) => `<tr data-metric="${e(m.id)}" data-plan="${e(r.id)}"><td><a href="${e(options.pageFor(r))}">${e(r.id)}</a> <span class="muted">${e(m.id)}</span></td><td class="num">${numberText(m.latest?.value, m.unit)}${m.latest ? ` <span class="muted">(${e(m.latest.period)})</span>` : ''}</td><td class="num">${numberText(m.latest?.expected, m.unit)}</td><td class="num">${m.targetValue !== undefined ? e(formatValue(m.targetValue, m.unit)) : '<span class="muted">none</span>'}${m.targetDue ? ` <span class="muted">by ${e(m.targetDue)}</span>` : ''}</td><td>${ragBadge(m.rag)}</td><td>${sparkline(m, scale)}</td></tr>`);
    tables.push(`<h3>${e(first.title ?? first.id)}${first.unit ? ` <span class="muted">(${e(first.unit)})</span>` : ''}</h3>
<table class="trajectories">
<thead><tr><th scope="col">Plan</th><th scope="col" class="num">Latest actual</th><th scope="col" class="num">Trajectory then</th><th scope="col" class="num">Target</th><th scope="col">RAG</th><th scope="col">Trajectory (dashed) and actuals</th></tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>`);
  }
  if (left) tables.push(`<p class="muted">And ${left} more metric${left === 1 ? '' : 's'} with actuals: each plan's page has its charts.</p>`);
  return tables.join('\n');
}
