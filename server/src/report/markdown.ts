/** Renders plan reports as GitHub-flavoured Markdown, the timeline as a Mermaid `gantt` chart. */
import { STATUS_STYLE, formatValue, type PlanReport } from './data.js';

export interface MarkdownOptions {
  title?: string;
  /** The link to a plan's file (without `#L`); default: its path. */
  hrefFor?: (report: PlanReport) => string;
}

/** Text safe inside a GFM table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;');
}

/** Text safe in a Mermaid gantt task or section name (`:` and `#` have meanings there). */
function mermaid(text: string): string {
  return text.replace(/[:#;]/g, ' ').replace(/[\r\n]+/g, ' ').replace(/\s+/g, ' ').trim();
}

const MISSING = '*missing*';

export function renderMarkdown(reports: readonly PlanReport[], options: MarkdownOptions = {}): string {
  const out: string[] = [`# ${cell(options.title ?? 'Commissioning plan report')}`, ''];
  for (const r of reports) out.push(...renderPlan(r, options), '');
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function renderPlan(r: PlanReport, options: MarkdownOptions): string[] {
  const href = options.hrefFor ? options.hrefFor(r) : encodeURI(r.path);
  const v = (text: string | undefined) => (text === undefined ? MISSING : cell(text));
  const { errors, warnings, infos } = r.counts;
  const lines = [
    `## ${cell(r.title)}`,
    '',
    `[${cell(r.path)}](${href})`,
    '',
    '| Organisation | Period | Status | Review date | Lint findings |',
    '| --- | --- | --- | --- | --- |',
    `| ${v(r.organisation)} | ${v(r.period)} | ${v(r.status)} | ${r.reviewDate} | ${errors} errors, ${warnings} warnings${infos ? `, ${infos} infos` : ''} |`,
    '',
    '### Aims and the workstreams that serve them',
    '',
  ];
  const { columns, rows } = r.matrix;
  if (rows.length === 0) lines.push('The plan adopts no aims.');
  else {
    lines.push(`| Aim | ${columns.map((c) => `${cell(c.id)}${c.noMetrics ? ' ⚠ no metrics' : ''}`).join(' | ')} | Workstreams |`);
    lines.push(`| --- | ${columns.map(() => ':---:').join(' | ')} | --- |`);
    for (const row of rows) {
      const served = row.served ? String(row.cells.filter((c) => c.linked).length) : '**✗ not served**';
      lines.push(`| ${row.served ? '' : '🔴 '}**${cell(row.id)}** ${cell(row.title)} | ${row.cells.map((c) => (c.linked ? '✓' : '')).join(' | ')} | ${served} |`);
    }
    lines.push('', columns.map((c) => `${cell(c.id)}: ${cell(c.title)}${c.noMetrics ? ' (**no metrics**)' : ''}`).join(' · '));
  }
  lines.push('', '### Milestones', '');
  const t = r.timeline;
  if (t.quarters.length === 0) lines.push('The plan period does not parse, so there is no timeline.');
  else {
    lines.push('```mermaid', 'gantt', `  title ${mermaid(r.title)}`, '  dateFormat YYYY-MM-DD', '  axisFormat %b %Y', '  todayMarker off');
    lines.push('  section Plan period', `  ${mermaid(r.period ?? 'period')} : ${r.periodStart}, ${r.periodEnd}`);
    if (t.reviewX !== undefined) lines.push(`  Review date : milestone, ${r.reviewDate}, 0d`);
    for (const lane of t.lanes) {
      if (lane.markers.length === 0) continue;
      lines.push(`  section ${mermaid(`${lane.id} ${lane.title}`)}`);
      for (const m of lane.markers) {
        const tags = ['milestone', ...(m.overdue ? ['crit'] : []), ...(m.status === 'done' ? ['done'] : [])].join(', ');
        const status = STATUS_STYLE[m.status]?.text ?? m.status;
        lines.push(`  ${mermaid(`${m.id} ${status}${m.overdue ? ` ${m.overdueDays} days late` : ''}`)} : ${tags}, ${m.date}, 0d`);
      }
    }
    lines.push('```', '');
    lines.push('| Workstream | Milestone | Due | Status | Overdue |', '| --- | --- | --- | --- | --- |');
    for (const lane of t.lanes) {
      for (const m of lane.markers) lines.push(`| ${cell(lane.id)} | **${cell(m.id)}** ${cell(m.title)} | ${cell(m.due)} (${m.date}) | ${cell(STATUS_STYLE[m.status]?.text ?? m.status)} | ${m.overdue ? `**${m.overdueDays} days late**` : ''} |`);
      for (const u of lane.undated) lines.push(`| ${cell(lane.id)} | **${cell(u.id)}** ${cell(u.title)} | ${cell(u.due)} (${u.unscheduled ? 'unscheduled' : 'no date'}) | ${cell(STATUS_STYLE[u.status]?.text ?? u.status)} | |`);
    }
    const unscheduled = t.lanes.flatMap((lane) => lane.undated.filter((u) => u.unscheduled).map((u) => `**${cell(u.id)}**`));
    if (unscheduled.length) lines.push('', `Unscheduled (no date agreed yet, not on the chart): ${unscheduled.join(', ')}.`);
  }
  lines.push('', '### Metrics', '');
  if (r.metrics.length === 0) lines.push('The plan has no metrics.');
  else {
    lines.push('| Owner | Metric | Baseline | Target | Source | Breakdown |', '| --- | --- | --- | --- | --- | --- |');
    const value = (val: string | undefined, unit: string | undefined) => (val === undefined ? MISSING : cell(formatValue(val, unit)));
    for (const m of r.metrics) {
      lines.push(`| ${cell(m.owner)}${m.ownerKind === 'priority' ? ' (priority)' : ''} | **${cell(m.id)}** ${v(m.title)} | ${value(m.baselineValue, m.unit)} (${v(m.baselinePeriod)}) | → ${value(m.targetValue, m.unit)} (by ${v(m.targetDue)}) | ${v(m.source)} | ${m.breakdown.length ? cell(m.breakdown.join(', ')) : 'none'} |`);
    }
  }
  lines.push('', '### Lint findings', '');
  if (r.diagnostics.length === 0) lines.push('No problems found.');
  else for (const d of r.diagnostics) lines.push(`- [${cell(r.path)}:${d.line}](${href}#L${d.line}) **${d.severity}** \`${d.ruleId}\`: ${d.message.replace(/[\r\n]+/g, ' ')}`);
  return lines;
}
