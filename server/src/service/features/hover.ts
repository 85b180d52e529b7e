import type { Hover, Position } from 'vscode-languageserver';
import type { DateField, Milestone, PeriodField, PlanDocument, Ref } from '../../core/model.js';
import { overdueness } from '../../core/rules/overdue-milestone.js';
import type { Span } from '../../core/text.js';
import { addCadence, formatDay, fyLabel, parsePlanPeriod, type Day } from '../../core/periods.js';
import { ruleDocUrl } from '../../core/rules/index.js';
import { plausibleIds } from '../../core/suggest.js';
import { toRange } from '../convert.js';
import { targetAt, type Target } from '../locate.js';
import type { LinkedFile, WorkspaceQuery } from './linked-file.js';
import { markup } from './plaintext.js';
import { capitalise, code, describeEntity, escapeMarkdown, fileName, KIND_NAMES, linkTo, periodRange, plural, relativeToReview } from './describe.js';

interface Answer {
  markdown: string;
  span: Span;
}

export interface HoverOptions {
  /** Whether the client shows Markdown; without it the hover is plain text. */
  markdown?: boolean;
}

/** What the cursor is on, explained: an entity and what links it, a period's dates, the framework, or the diagnostics there. */
export function hover(file: LinkedFile, position: Position, workspace: WorkspaceQuery, options: HoverOptions = {}): Hover | null {
  const document = file.document;
  if (!document.kind) return null;
  const offset = document.lines.offsetAt(position);
  const target = targetAt(document, offset);
  const answer = (target && describeTarget(target, file, workspace)) ?? planPeriodAt(file, offset) ?? diagnosticsAt(file, offset);
  if (!answer) return null;
  return { contents: markup(answer.markdown, options.markdown ?? true), range: toRange(document.lines, answer.span) };
}

function describeTarget(target: Target, file: LinkedFile, workspace: WorkspaceQuery): Answer | undefined {
  switch (target.kind) {
    case 'definition':
      return { markdown: describeEntity(target.entity, file, workspace), span: target.span };
    case 'reference': {
      const entity = file.linked.resolve(target.ref);
      return { markdown: entity ? describeEntity(entity, file, workspace) : unknownReference(target.ref, file, workspace), span: target.span };
    }
    case 'period':
      return { markdown: describePeriod(target.field, file.document, file.linked.reviewDate), span: target.span };
    case 'date':
      return { markdown: describeDate(target.field, file), span: target.span };
    case 'framework':
      return describeFramework(file, target.span);
  }
}

function unknownReference(ref: Ref, file: LinkedFile, workspace: WorkspaceQuery): string {
  const definitions = file.linked.definitions;
  const other = definitions.get(ref.id)?.[0];
  if (other) {
    return `${code(ref.id)} is ${article(other.kind)} (${escapeMarkdown(other.title ?? 'untitled')}), not ${article(ref.expects)}: name ${article(ref.expects)} here.\n\n${describeEntity(other, file, workspace)}`;
  }
  const resolution = file.linked.frameworkResolution;
  // A framework has no workstreams: only the plan itself can define one.
  const where = ref.expects === 'workstream' || ref.expects === 'milestone' ? (file.document.kind === 'plan' ? 'this plan' : 'this file') : resolution?.ok ? `this plan or its framework ${code(resolution.document.frontMatter?.id?.value ?? fileName(resolution.document))}` : 'this file';
  const lines = [`No ${ref.expects} ${code(ref.id)} is defined in ${where}.`];
  if (resolution && !resolution.ok) lines.push(`The framework could not be read, so its ids are not known: ${resolution.message}`);
  const ids = [...definitions].filter(([, entities]) => entities.some((e) => e.kind === ref.expects)).map(([id]) => id);
  const closest = plausibleIds(ref.id, ids);
  if (closest.length) lines.push(`Closest ${ref.expects} ids: ${closest.map(code).join(', ')}`);
  else if (ids.length) lines.push(`Defined ${KIND_NAMES[ref.expects].toLowerCase()} ids: ${ids.slice(0, 20).map(code).join(', ')}${ids.length > 20 ? ', …' : ''}`);
  return lines.join('\n\n');
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

/** What a period field is for, so that a due period reads "due in…" and a baseline "ended…". */
function roleOf(field: PeriodField, document: PlanDocument): { label: string; due: boolean; milestone?: Milestone } | undefined {
  for (const m of document.milestones) if (m.due === field) return { label: `Due period of milestone ${code(m.id)}`, due: true, milestone: m };
  for (const p of document.priorities) {
    if (p.due === field) return { label: `Due period of priority ${code(p.id)}`, due: true };
    const deadline = p.deadlines.find((d) => d.due === field);
    if (deadline) return { label: `Deadline of priority ${code(p.id)}${deadline.title ? `: ${escapeMarkdown(deadline.title)}` : ''}`, due: true };
  }
  for (const m of document.metrics) {
    if (m.target?.due === field) return { label: `Target period of metric ${code(m.id)}`, due: true };
    if (m.baseline?.period === field) return { label: `Baseline period of metric ${code(m.id)}`, due: false };
  }
  return undefined;
}

function describePeriod(field: PeriodField, document: PlanDocument, asOf: Day): string {
  const role = roleOf(field, document);
  if (!field.result.ok && field.result.unscheduled && role?.milestone) {
    return `**Unscheduled**: milestone ${code(role.milestone.id)} has no date yet (${code(String(field.text).trim())}), so it cannot be overdue and is listed apart from the timeline. Write its period once it is agreed.`;
  }
  if (!field.result.ok) return `**Invalid period**: ${field.result.message}`;
  const period = field.result.period;
  const written = String(field.text).trim() === period.canonical ? '' : ` (written ${code(String(field.text).trim())})`;
  const lines = [`${periodRange(period)}${written}`];
  if (role) lines.push(role.label);
  lines.push(`${capitalise(relativeToReview(period.end, asOf, role?.due ?? false))}.`);
  const overdue = role?.milestone && overdueness(role.milestone, asOf);
  if (overdue && !overdue.recurring) {
    lines.push(`**Overdue**: milestone ${code(role.milestone!.id)} is ${plural(overdue.days, 'day')} overdue at the review date (${formatDay(asOf)}), and its status is ${role.milestone!.status ? code(role.milestone!.status.value) : 'not set'}.`);
  }
  return lines.join('\n\n');
}

function planPeriodAt(file: LinkedFile, offset: number): Answer | undefined {
  const field = file.document.frontMatter?.period;
  if (!field || offset < field.span.start || offset > field.span.end) return undefined;
  const result = parsePlanPeriod(field.value);
  if (!result.ok) return { markdown: `**Invalid plan period**: ${result.message}`, span: field.span };
  const first = file.document.firstFinancialYear;
  const lines = [periodRange(result.period), `The ${file.document.kind}'s period${first !== undefined ? `: \`Year 1\` is ${fyLabel(first)}` : ''}`];
  lines.push(`${capitalise(relativeToReview(result.period.end, file.linked.reviewDate, false))}.`);
  return { markdown: lines.join('\n\n'), span: field.span };
}

function describeDate(field: DateField, file: LinkedFile): string {
  if (field.day === undefined) return `**Invalid date**: ${code(field.text)} is not a date; write it as \`YYYY-MM-DD\`, e.g. \`2025-03-31\`.`;
  const lines = [`**${formatDay(field.day)}**`];
  const asOf = file.linked.reviewDate;
  if (file.document.frontMatter?.asOf === field) {
    lines.push(`The review date of this ${file.document.kind}: overdue milestones are judged against it.`);
    if (asOf !== field.day) lines.push(`The editor setting \`cplan.asOf\` overrides it with ${formatDay(asOf)}.`);
  }
  const milestone = file.document.milestones.find((m) => m.doneOn === field);
  if (milestone) {
    lines.push(`Milestone ${code(milestone.id)} was done on this day.`);
    const cadence = milestone.cadence?.value;
    if (cadence) {
      const next = addCadence(field.day, cadence);
      lines.push(`Recurring (${cadence}): next due by ${formatDay(next)}, ${relativeToReview(next, asOf, true)}.`);
      const overdue = overdueness(milestone, asOf);
      if (overdue?.recurring) lines.push(`**Overdue**: ${plural(overdue.days, 'day')} at the review date (${formatDay(asOf)}).`);
    }
  }
  return lines.join('\n\n');
}

function describeFramework(file: LinkedFile, span: Span): Answer | undefined {
  const resolution = file.linked.frameworkResolution;
  if (!resolution) return undefined;
  if (!resolution.ok) return { markdown: `**Framework not found**: ${resolution.message}`, span };
  const framework = resolution.document;
  const id = framework.frontMatter?.id?.value;
  const lines = [`**Framework** ${id ? code(id) : ''}${framework.frontMatter?.title ? `: ${escapeMarkdown(framework.frontMatter.title.value)}` : ''}`];
  lines.push(`Defined in ${linkTo(framework, { start: 0, end: 0 }, fileName(framework))}`);
  lines.push(`${plural(framework.aims.length, 'aim')}, ${plural(framework.priorities.length, 'priority', 'priorities')}`);
  const adopted = file.document.frontMatter?.aims;
  lines.push(adopted ? `This plan adopts ${adopted.length ? adopted.map((r) => code(r.id)).join(', ') : 'none of its aims'}.` : 'This plan adopts all of its aims.');
  return { markdown: lines.join('\n\n'), span };
}

function diagnosticsAt(file: LinkedFile, offset: number): Answer | undefined {
  const found = file.diagnostics.filter((d) => d.span.start <= offset && offset <= d.span.end);
  if (found.length === 0) return undefined;
  const narrowest = found.reduce((a, b) => (b.span.end - b.span.start < a.span.end - a.span.start ? b : a));
  const markdown = found.map((d) => `**${d.ruleId}** (${d.severity}): ${d.message}\n\n[About ${code(d.ruleId)}](${ruleDocUrl(d.ruleId)})`).join('\n\n---\n\n');
  return { markdown, span: narrowest.span };
}
