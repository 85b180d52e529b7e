/** Renders plan reports as GitHub-flavoured Markdown, the timeline as a Mermaid `gantt` chart. */
import { STATUS_STYLE, formatValue, type MetricRow, type PlanReport, type ReportUpdate } from './data.js';
import { isException, ragText } from './rag-style.js';

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
  lines.push('', ...exceptions(r), '', ...workstreams(r));
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
    lines.push('| Workstream | Milestone | Due | Status | Overdue | Owner | RAG | Latest update |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const lane of t.lanes) {
      const owner = (m: { owner?: string }) => (m.owner ? cell(m.owner) : lane.lead ? `${cell(lane.lead)} (lead)` : 'none named');
      const progress = (m: { owner?: string; rag: PlanReport['timeline']['lanes'][number]['rag']; latestUpdate?: ReportUpdate }) => `${owner(m)} | ${cell(ragText(m.rag))} | ${updateText(m.latestUpdate)}`;
      for (const m of lane.markers) lines.push(`| ${cell(lane.id)} | **${cell(m.id)}** ${cell(m.title)} | ${cell(m.due)} (${m.date}) | ${cell(STATUS_STYLE[m.status]?.text ?? m.status)} | ${m.overdue ? `**${m.overdueDays} days late**` : ''} | ${progress(m)} |`);
      for (const u of lane.undated) lines.push(`| ${cell(lane.id)} | **${cell(u.id)}** ${cell(u.title)} | ${cell(u.due)} (${u.unscheduled ? 'unscheduled' : 'no date'}) | ${cell(STATUS_STYLE[u.status]?.text ?? u.status)} | | ${progress(u)} |`);
    }
    const unscheduled = t.lanes.flatMap((lane) => lane.undated.filter((u) => u.unscheduled).map((u) => `**${cell(u.id)}**`));
    if (unscheduled.length) lines.push('', `Unscheduled (no date agreed yet, not on the chart): ${unscheduled.join(', ')}.`);
  }
  lines.push('', '### Metrics', '');
  if (r.metrics.length === 0) lines.push('The plan has no metrics.');
  else {
    lines.push('| Owner | Metric | Baseline | Target | Source | Breakdown | Latest | RAG |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    const value = (val: string | undefined, unit: string | undefined) => (val === undefined ? MISSING : cell(formatValue(val, unit)));
    for (const m of r.metrics) {
      lines.push(`| ${cell(m.owner)}${m.ownerKind === 'priority' ? ' (priority)' : ''} | **${cell(m.id)}** ${v(m.title)} | ${value(m.baselineValue, m.unit)} (${v(m.baselinePeriod)}) | → ${value(m.targetValue, m.unit)} (by ${v(m.targetDue)}) | ${v(m.source)} | ${m.breakdown.length ? cell(m.breakdown.join(', ')) : 'none'} | ${cell(latestText(m))} | ${cell(ragText(m.rag))} |`);
    }
  }
  lines.push('', '### Lint findings', '');
  if (r.diagnostics.length === 0) lines.push('No problems found.');
  else for (const d of r.diagnostics) lines.push(`- [${cell(r.path)}:${d.line}](${href}#L${d.line}) **${d.severity}** \`${d.ruleId}\`: ${d.message.replace(/[\r\n]+/g, ' ')}`);
  return lines;
}

function updateText(update: ReportUpdate | undefined): string {
  return update ? `${update.on}: ${cell(update.text)}` : 'no update';
}

function latestText(m: MetricRow): string {
  if (!m.latest) return 'no actuals yet';
  const value = (n: number) => formatValue(String(Math.round(n * 100) / 100), m.unit);
  return `${value(m.latest.value)} (${m.latest.period})${m.latest.expected !== undefined ? `; trajectory ${value(m.latest.expected)}` : ''}`;
}

/** The exception report: the red and amber workstreams, milestones and metrics, with why. */
function exceptions(r: PlanReport): string[] {
  const rows: string[] = [];
  for (const lane of r.timeline.lanes) {
    if (isException(lane.rag)) rows.push(`| Workstream **${cell(lane.id)}** | ${cell(lane.title)} | ${lane.lead ? cell(lane.lead) : 'none named'} | ${cell(ragText(lane.rag))}: ${cell(lane.rag.why)} | ${updateText(lane.latestUpdate)} |`);
    for (const m of [...lane.markers, ...lane.undated]) {
      if (!isException(m.rag)) continue;
      const risks = m.risks.map((risk) => `; risk: ${cell(risk.text)}${risk.rating ? ` (${cell(risk.rating)})` : ''}`).join('');
      rows.push(`| Milestone **${cell(m.id)}** | ${cell(m.title)} (due ${cell(m.due)}) | ${m.owner ? cell(m.owner) : lane.lead ? cell(lane.lead) : 'none named'} | ${cell(ragText(m.rag))}: ${cell(m.rag.why)} | ${updateText(m.latestUpdate)}${risks} |`);
    }
  }
  for (const m of r.metrics) {
    if (isException(m.rag)) rows.push(`| Metric **${cell(m.id)}** | ${cell(m.title ?? m.id)} (${cell(latestText(m))}) | none named | ${cell(ragText(m.rag))}: ${cell(m.rag.why)} | no update |`);
  }
  const heading = ['### Exceptions: red and amber items', ''];
  if (rows.length === 0) return [...heading, `No red or amber items at the review date ${r.reviewDate}.`];
  return [...heading, '| Item | Title | Owner or lead | RAG and why | Latest update and risks |', '| --- | --- | --- | --- | --- |', ...rows];
}

function workstreams(r: PlanReport): string[] {
  if (r.timeline.lanes.length === 0) return [];
  return ['### Workstreams', '', '| Workstream | Lead | RAG | Latest update |', '| --- | --- | --- | --- |',
    ...r.timeline.lanes.map((lane) => `| **${cell(lane.id)}** ${cell(lane.title)} | ${lane.lead ? cell(lane.lead) : 'none named'} | ${cell(ragText(lane.rag))} | ${updateText(lane.latestUpdate)} |`)];
}
