/**
 * The portfolio's coverage tables: each priority of the plans' frameworks (who delivers it, who meets its
 * deadlines) and each aim (who serves it). Lists of plans are cut short past a few, so that a dashboard of many
 * plans stays small.
 */
import type { PlanReport } from './data.js';
import { escapeHtml as e } from './pictures.js';
import type { PortfolioOptions } from './portfolio.js';

/** Links to plans' pages by id; past `max`, the rest are counted, so that a large portfolio's page stays small. */
function planLinks(options: PortfolioOptions) {
  return (plans: PlanReport[], max = 12): string => {
    if (plans.length === 0) return '<span class="muted">none</span>';
    const shown = plans.slice(0, max).map((r) => `<a href="${e(options.pageFor(r))}">${e(r.id)}</a>`).join(', ');
    return plans.length > max ? `${shown} and ${plans.length - max} more` : shown;
  };
}

/**
 * Each priority of the plans' frameworks: the plans that deliver it, those that meet its deadlines and those that
 * miss one (as `priority-deadline` says), and how many do not deliver it.
 */
export function priorityCoverage(reports: readonly PlanReport[], options: PortfolioOptions): string {
  const priorities = new Map<string, { title: string; deadlines: string; met: PlanReport[]; missed: PlanReport[]; undated: PlanReport[]; not: number }>();
  for (const r of reports) {
    for (const p of r.priorities) {
      const deadlines = p.deadlines.map((d) => `${d.title ? `${d.title}: ` : ''}${d.due}`).join('; ');
      const entry = priorities.get(p.id) ?? { title: p.title, deadlines, met: [], missed: [], undated: [], not: 0 };
      if (p.workstreams.length === 0) entry.not++;
      else if (p.meetsDeadlines === true) entry.met.push(r);
      else if (p.meetsDeadlines === false) entry.missed.push(r);
      else entry.undated.push(r);
      priorities.set(p.id, entry);
    }
  }
  if (priorities.size === 0) return '<p class="muted">The plans\' frameworks have no priorities.</p>';
  const links = planLinks(options);
  const rows = [...priorities].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true })).map(([id, p]) => {
    const delivering = p.met.length + p.missed.length + p.undated.length;
    return `<tr data-priority="${e(id)}"><td><strong>${e(id)}</strong> ${e(p.title)}</td><td>${p.deadlines ? e(p.deadlines) : '<span class="muted">none</span>'}</td><td class="num">${delivering}</td><td>${links(p.met)}</td><td${p.missed.length ? ' class="late"' : ''}>${p.missed.length ? `✗ ${links(p.missed, 50)}` : '<span class="muted">none</span>'}</td><td>${links(p.undated)}</td><td class="num">${p.not}</td></tr>`;
  });
  return `<table class="priorities">
<thead><tr><th scope="col">Priority</th><th scope="col">Deadlines</th><th scope="col" class="num">Plans delivering it</th><th scope="col">Meeting its deadlines</th><th scope="col">Missing a deadline</th><th scope="col">No deadline in the plan's period</th><th scope="col" class="num">Plans not delivering it</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** Each aim across the portfolio: the plans whose workstreams serve it, and the plans that adopt it but do not. */
export function aimCoverage(reports: readonly PlanReport[], options: PortfolioOptions): string {
  const aims = new Map<string, { title: string; served: PlanReport[]; unserved: PlanReport[] }>();
  for (const r of reports) {
    for (const row of r.matrix.rows) {
      const aim = aims.get(row.id) ?? { title: row.title, served: [], unserved: [] };
      (row.served ? aim.served : aim.unserved).push(r);
      aims.set(row.id, aim);
    }
  }
  if (aims.size === 0) return '<p class="muted">No plan adopts any aims.</p>';
  const links = planLinks(options);
  const rows = [...aims].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true })).map(([id, aim]) => `<tr data-aim="${e(id)}"><td><strong>${e(id)}</strong> ${e(aim.title)}</td><td class="num">${aim.served.length}</td><td>${links(aim.served)}</td><td>${links(aim.unserved, 50)}</td></tr>`);
  return `<table class="aims">
<thead><tr><th scope="col">Aim</th><th scope="col" class="num">Plans serving it</th><th scope="col">Served by</th><th scope="col">Adopted but not served by</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}
