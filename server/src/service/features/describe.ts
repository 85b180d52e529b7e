import path from 'node:path';
import { isUnscheduled, type Aim, type Entity, type Metric, type Milestone, type PlanDocument, type Priority, type Ref, type Workstream } from '../../core/model.js';
import type { LineIndex, Span } from '../../core/text.js';
import { financialYearOf, formatDay, formatRange, fyLabel, type Day, type Period, type PeriodResult } from '../../core/periods.js';
import { overdueness } from '../../core/rules/overdue-milestone.js';
import { missingMetricParts, type Linked } from '../../core/link.js';

import { isInequalitiesAim } from '../../core/rules/helpers.js';
import { ragOf } from '../../core/rag.js';
import { latestActual, latestUpdate, trajectoryAt, withUnit } from '../../core/progress.js';
import type { Update } from '../../core/model.js';
import { BUILTIN_PREFIX } from '../../core/builtin/index.js';
import { uriOfPath } from '../uris.js';
import type { LinkedFile, WorkspaceQuery } from './linked-file.js';
import { entityKey, linesOf, workstreamsIn, type FileFacts, type WorkstreamFact } from '../file-facts.js';

/** Shared wording for hovers, inlay hints and code lenses, so that they say the same things the same way. */

export const KIND_NAMES: Record<Entity['kind'], string> = { aim: 'Aim', priority: 'Priority', workstream: 'Workstream', milestone: 'Milestone', metric: 'Metric' };
const LIST_LIMIT = 15;

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Author text shown as Markdown: characters that would start formatting, links or HTML are escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[\\`*_[\]<>|~#]/g, (c) => `\\${c}`);
}

export function fileName(document: Pick<PlanDocument, 'path'>): string {
  return document.path.startsWith(BUILTIN_PREFIX) ? document.path : path.basename(document.path);
}

/** A link to a place in a document; built-in frameworks are named as such since they have no file. */
export function linkTo(document: { path: string; lines: LineIndex }, span: Span, text?: string): string {
  const line = document.lines.positionAt(span.start).line + 1;
  const target = `${uriOfPath(document.path)}#L${line}`;
  if (document.path.startsWith(BUILTIN_PREFIX)) return `built-in framework ${code(document.path)}, [line ${line}](${target})`;
  return `[${text ?? `${fileName(document)}, line ${line}`}](${target})`;
}

/** `Q4 2024/25 = 1 Jan - 31 Mar 2025`; relative years also name the financial years they stand for. */
export function periodRange(period: Period): string {
  const range = formatRange(period);
  if (period.kind !== 'relative-years') return `${period.canonical} = ${range}`;
  const first = fyLabel(financialYearOf(period.start));
  const last = fyLabel(financialYearOf(period.end));
  return `${period.canonical} = ${first === last ? first : `${first}-${last}`} = ${range}`;
}

/** Where a day falls against the review date, e.g. `due in 45 days` or `ended 91 days before the review date (30 Jun 2025)`. */
export function relativeToReview(end: Day, asOf: Day, due: boolean): string {
  const review = `the review date (${formatDay(asOf)})`;
  if (end === asOf) return `${due ? 'due' : 'ends'} on ${review}`;
  if (end > asOf) return `${due ? 'due' : 'ends'} in ${plural(end - asOf, 'day')} from ${review}`;
  return `ended ${plural(asOf - end, 'day')} before ${review}`;
}

export interface Served {
  file: FileFacts;
  workstream: WorkstreamFact;
}

/** Workstreams of every document that sees an aim or priority and links it (from either side, for priorities). */
export function workstreamsServing(entity: Aim | Priority, workspace: WorkspaceQuery, seeing: readonly FileFacts[] = workspace.seeing(entity.document)): Served[] {
  const served: Served[] = [];
  const key = entityKey(entity);
  for (const file of seeing) for (const workstream of workstreamsIn(file, key)) served.push({ file, workstream });
  return served;
}

export interface Progress {
  done: number;
  total: number;
  overdue: number;
  /** Due `TBC`: no date yet. */
  unscheduled: number;
}

export function milestoneProgress(workstream: Workstream, asOf: Day): Progress {
  const milestones = workstream.milestones;
  return {
    done: milestones.filter((m) => m.status?.value === 'done').length,
    total: milestones.length,
    overdue: milestones.filter((m) => overdueness(m, asOf)).length,
    unscheduled: milestones.filter(isUnscheduled).length,
  };
}

/** `4/6 milestones done · 1 overdue · 1 unscheduled`; each count only when there is one. */
export function progressText(progress: Progress): string {
  const parts = [`${progress.done}/${progress.total} milestones done`];
  if (progress.overdue > 0) parts.push(`${progress.overdue} overdue`);
  if (progress.unscheduled > 0) parts.push(`${progress.unscheduled} unscheduled`);
  return parts.join(' · ');
}

/** The linked state of the document that defines an entity: the asking one, or another the workspace holds. */
export function linkedOf(document: PlanDocument, file: LinkedFile, workspace: WorkspaceQuery): Linked | undefined {
  return document === file.document ? file.linked : workspace.fileOf(document)?.linked;
}

/** `77.1%`, `5 providers`; a value given as a phrase is shown as written. */
export function metricValue(value: unknown, unit: string | undefined): string {
  if (value === undefined || value === null) return 'no value';
  if (typeof value !== 'number' || !unit) return escapeMarkdown(String(value));
  return unit.startsWith('%') ? `${value}${escapeMarkdown(unit)}` : `${value} ${escapeMarkdown(unit)}`;
}

function heading(entity: Entity): string {
  return `**${KIND_NAMES[entity.kind]}** ${code(entity.id)}${entity.title ? `: ${escapeMarkdown(entity.title)}` : ''}`;
}

function refList(refs: Ref[], linked: Linked | undefined): string {
  return refs.map((ref) => {
    const found = linked?.resolve(ref);
    return found ? `${code(ref.id)} ${escapeMarkdown(found.title ?? '')}`.trim() : `${code(ref.id)} (not defined)`;
  }).join('; ');
}

/** The first lines of a list of `total` (all of them when there are few). */
function bounded(lines: string[], total = lines.length): string[] {
  return total <= LIST_LIMIT ? lines : [...lines.slice(0, LIST_LIMIT), `- … and ${total - LIST_LIMIT} more`];
}

function servedLines(served: Served[]): string[] {
  const plans = new Set(served.map((s) => s.file.uri)).size;
  const milestones = served.reduce((n, s) => n + s.workstream.milestones, 0);
  const metrics = served.reduce((n, s) => n + s.workstream.metrics, 0);
  if (served.length === 0) return ['No workstream links it.'];
  const head = `Served by ${plural(served.length, 'workstream')} in ${plural(plans, 'plan')}, with ${plural(milestones, 'milestone')} and ${plural(metrics, 'metric')}:`;
  // Only the listed ones are written out: an aim of a framework used by 10,000 plans is served by more.
  const lines = new Map<FileFacts, LineIndex>();
  const at = (file: FileFacts) => ({ path: file.path, lines: lines.get(file) ?? lines.set(file, linesOf(file)).get(file)! });
  const items = served.slice(0, LIST_LIMIT + 1).map(({ file, workstream: w }) =>
    `- ${linkTo(at(file), w.idSpan, code(w.id))} ${escapeMarkdown(w.title ?? '')} (${fileName(file)}): ${plural(w.milestones, 'milestone')}, ${plural(w.metrics, 'metric')}`);
  return [`${head}\n\n${bounded(items, served.length).join('\n')}`];
}

function describeAim(aim: Aim, workspace: WorkspaceQuery): string[] {
  const lines: string[] = [];
  if (aim.description) lines.push(escapeMarkdown(aim.description));
  if (aim.focus || isInequalitiesAim(aim)) lines.push(`Focus: ${escapeMarkdown(aim.focus ?? 'inequalities')}${isInequalitiesAim(aim) ? ' (an inequalities aim: its workstreams need a metric with a `breakdown`)' : ''}`);
  return [...lines, ...servedLines(workstreamsServing(aim, workspace))];
}

function describePriority(priority: Priority, workspace: WorkspaceQuery): string[] {
  const lines: string[] = [];
  if (priority.intent) lines.push(escapeMarkdown(priority.intent));
  const due = priority.due?.result.ok ? `Due: ${periodRange(priority.due.result.period)}` : undefined;
  const timing = [due, priority.cadence ? `recurs ${priority.cadence}` : undefined].filter(Boolean);
  if (timing.length) lines.push(timing.join(' · '));
  for (const deadline of priority.deadlines) {
    if (deadline.due.result.ok) lines.push(`${deadline.title ? `${escapeMarkdown(deadline.title)}: due` : 'Due'} ${periodRange(deadline.due.result.period)}`);
  }
  if (priority.metrics.length) lines.push(`Metrics: ${priority.metrics.map((m) => code(m.id)).join(', ')}`);
  return [...lines, ...servedLines(workstreamsServing(priority, workspace))];
}

/** `RAG: **amber** (status at-risk)`; an override shows with its reason and the computed rating beside it. */
export function ragLine(item: Workstream | Milestone | Metric, own: Linked | undefined): string | undefined {
  if (!own || own.document.kind !== 'plan') return undefined;
  const rag = ragOf(own, item);
  // `why` is cplan's own wording, with ids already in code spans.
  const computed = rag.computed ? `**${rag.computed}** (${rag.why})` : `not rated (${rag.why})`;
  if (!rag.override) return `RAG: ${computed}`;
  return `RAG: **${rag.override.value}**, overridden: ${escapeMarkdown(rag.override.reason ?? 'no reason given')}; computed ${computed}`;
}

function updateLine(updates: readonly Update[], asOf: Day): string | undefined {
  const latest = latestUpdate(updates, asOf);
  if (!latest) return updates.length ? `No update on or before the review date (${formatDay(asOf)})` : undefined;
  return `Latest update, ${formatDay(latest.on.day!)}: ${escapeMarkdown(latest.text ?? '')}`;
}

function describeWorkstream(workstream: Workstream, own: Linked | undefined, asOf: Day): string[] {
  const fromPriorities = workstream.document.priorities.filter((p) => p.workstreams.some((r) => r.id === workstream.id) && !workstream.priorities.some((r) => r.id === p.id));
  const lines = [[workstream.lead ? `Lead: ${escapeMarkdown(workstream.lead)}` : '', workstream.status ? `status ${code(workstream.status)}` : ''].filter(Boolean).join(' · ')];
  lines.push(`Aims: ${workstream.aims?.length ? refList(workstream.aims, own) : 'none'}`);
  const priorities = [workstream.priorities.length ? refList(workstream.priorities, own) : '', ...fromPriorities.map((p) => `${code(p.id)} ${escapeMarkdown(p.title ?? '')} (listed by the priority)`)].filter(Boolean);
  lines.push(`Priorities: ${priorities.length ? priorities.join('; ') : 'none'}`);
  const progress = milestoneProgress(workstream, asOf);
  const overdue = progress.overdue ? ` · ${progress.overdue} overdue at the review date (${formatDay(asOf)})` : '';
  const unscheduled = progress.unscheduled ? ` · ${progress.unscheduled} unscheduled` : '';
  lines.push(`Milestones: ${progress.total ? `${progress.done}/${progress.total} done${overdue}${unscheduled}` : 'none'}`);
  lines.push(`Metrics: ${workstream.metrics.length ? workstream.metrics.map((m) => code(m.id)).join(', ') : 'none'}`);
  lines.push(ragLine(workstream, own) ?? '', updateLine(workstream.updates, asOf) ?? '');
  return lines.filter(Boolean);
}

function describeMilestone(milestone: Milestone, own: Linked | undefined, asOf: Day): string[] {
  const lines = [`Workstream ${code(milestone.owner.id)}${milestone.owner.title ? ` ${escapeMarkdown(milestone.owner.title)}` : ''}`];
  const due = milestone.due;
  const dueText = !due ? 'no due period' : due.result.ok ? periodRange(due.result.period) : isUnscheduled(milestone) ? `${code(due.text)} (unscheduled: no date yet)` : `${code(due.text)} (not a valid period)`;
  lines.push(`Due: ${dueText} · status ${milestone.status ? code(milestone.status.value) : 'not set'}`);
  if (milestone.doneOn?.day !== undefined) lines.push(`Done on ${formatDay(milestone.doneOn.day)}${milestone.cadence ? `, recurs ${milestone.cadence.value}` : ''}`);
  const overdue = overdueness(milestone, asOf);
  if (overdue) lines.push(`**Overdue**: ${plural(overdue.days, 'day')} at the review date (${formatDay(asOf)}); it was ${overdue.recurring ? 'next ' : ''}due by ${formatDay(overdue.dueBy)}.`);
  else if (due?.result.ok && milestone.status?.value !== 'done' && milestone.status?.value !== 'dropped') lines.push(capitalise(relativeToReview(due.result.period.end, asOf, true)) + '.');
  if (milestone.ownedBy) lines.push(`Owner: ${escapeMarkdown(milestone.ownedBy.value)}`);
  const rag = ragLine(milestone, own);
  if (rag) lines.push(rag);
  const update = updateLine(milestone.updates, asOf);
  if (update) lines.push(update);
  if (milestone.risks.length) lines.push(`Risks: ${milestone.risks.map((r) => escapeMarkdown(r.text ?? '') + (r.rating !== undefined ? ` (${escapeMarkdown(r.rating)})` : '')).join('; ')}`);
  if (milestone.dependsOn.length) lines.push(`Depends on: ${milestone.dependsOn.map((r) => code(r.id)).join(', ')}`);
  return lines;
}

function describeMetric(metric: Metric, own: Linked | undefined, asOf: Day): string[] {
  const lines = [`${KIND_NAMES[metric.owner.kind]} ${code(metric.owner.id)}${metric.owner.title ? ` ${escapeMarkdown(metric.owner.title)}` : ''}`];
  const baseline = metric.baseline ? `${metricValue(metric.baseline.value, metric.unit)}${metric.baseline.period ? ` in ${periodText(metric.baseline.period.result, metric.baseline.period.text, false)}` : ''}` : 'no baseline';
  const target = metric.target ? `${metricValue(metric.target.value, metric.unit)}${metric.target.due ? ` by ${periodText(metric.target.due.result, metric.target.due.text, true)}` : ''}` : 'no target';
  lines.push(`${baseline} → ${target}`);
  if (metric.unit) lines.push(`Unit: ${escapeMarkdown(metric.unit)}`);
  if (metric.source) lines.push(`Source: ${escapeMarkdown(metric.source)}`);
  if (metric.breakdown.length) lines.push(`Breakdown: ${metric.breakdown.map(escapeMarkdown).join(', ')}`);
  const missing = own?.metricGaps(metric) ?? missingMetricParts(metric);
  if (missing.length) lines.push(`Missing: ${missing.map(code).join(', ')}`);
    const latest = latestActual(metric, asOf);
  if (latest) {
    const expected = trajectoryAt(metric, latest.day);
    const trajectory = expected === undefined ? '' : ` · trajectory ${escapeMarkdown(withUnit(expected, metric.unit))} by then`;
    lines.push(`Latest actual: ${escapeMarkdown(withUnit(latest.value, metric.unit))} for ${latest.period.canonical}${latest.point.note ? ` (${escapeMarkdown(latest.point.note)})` : ''}${trajectory}`);
  } else if (metric.actualsKey) lines.push(`No actual on or before the review date (${formatDay(asOf)})`);
  const rag = ragLine(metric, own);
  if (rag) lines.push(rag);
  return lines;
}

/** `Q4 2024/25 (1 Jan - 31 Mar 2025)`, or for a due period only its end: `March 2026 (31 Mar 2026)`. */
function periodText(result: PeriodResult, text: string, due: boolean): string {
  if (!result.ok) return `${code(String(text))} (not a valid period)`;
  return `${result.period.canonical} (${due ? formatDay(result.period.end) : formatRange(result.period)})`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The Markdown summary of an entity, as seen from `file`: what it is, where it is defined and what links it.
 * Workstreams, milestones and metrics are judged by their own document's linked state (its review date).
 */
export function describeEntity(entity: Entity, file: LinkedFile, workspace: WorkspaceQuery): string {
  const own = () => linkedOf(entity.document, file, workspace);
  const asOf = () => own()?.reviewDate ?? file.linked.reviewDate;
  const details =
    entity.kind === 'aim' ? describeAim(entity, workspace)
      : entity.kind === 'priority' ? describePriority(entity, workspace)
        : entity.kind === 'workstream' ? describeWorkstream(entity, own(), asOf())
          : entity.kind === 'milestone' ? describeMilestone(entity, own(), asOf())
            : describeMetric(entity, own(), asOf());
  return [heading(entity), `Defined in ${linkTo(entity.document, entity.idSpan)}`, ...details].join('\n\n');
}
