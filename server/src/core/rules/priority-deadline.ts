import type { Rule, RuleContext } from './rule.js';
import { formatDay } from '../periods.js';
import { isUnreadable, priorityDeadlines, type Deadline, type Milestone, type Priority, type Ref, type Workstream } from '../model.js';
import { resolveRef } from '../link.js';

/**
 * The milestones that deliver the priority and have a date to meet (scheduled, not dropped): those that name it
 * under `priorities`, else, when none does, all of the workstream's; `named` says which.
 */
export function milestonesFor(workstream: Workstream, priority: Priority): { milestones: Milestone[]; named: boolean } {
  const dated = workstream.milestones.filter((m) => m.due?.result.ok && m.status?.value !== 'dropped');
  const named = dated.filter((m) => m.priorities.some((ref) => ref.id === priority.id));
  return named.length ? { milestones: named, named: true } : { milestones: dated, named: false };
}

const dueEnd = (milestone: Milestone) => (milestone.due!.result.ok ? milestone.due!.result.period.end : 0);

function describeDeadline(priority: Priority, deadline: Deadline): string {
  const period = deadline.due.result.ok ? deadline.due.result.period : undefined;
  const what = deadline.title ? ` (${deadline.title})` : '';
  return `\`${priority.id}\`${what}, due ${period ? `by ${formatDay(period.end)} (${period.canonical})` : deadline.due.text}`;
}

/** Why a workstream misses one of a priority's deadlines: no milestone due by it, or its latest one for it due after the last. */
export type DeadlineMiss =
  | { deadline: Deadline; kind: 'none-by-then'; named: boolean }
  | { deadline: Deadline; kind: 'latest-after'; latest: Milestone };

/**
 * The deadlines of `priority` that `workstream` misses, among those that end in or after the plan's period (one that
 * passed before it began is another plan's to meet: this one cannot schedule before it starts).
 */
export function deadlineMisses(workstream: Workstream, priority: Priority, planStart: number | undefined): DeadlineMiss[] {
  const deadlines = priorityDeadlines(priority).filter((d) => d.due.result.ok && (planStart === undefined || d.due.result.period.end >= planStart));
  const lastEnd = Math.max(...deadlines.map((d) => (d.due.result.ok ? d.due.result.period.end : 0)));
  const misses: DeadlineMiss[] = [];
  const { milestones, named } = milestonesFor(workstream, priority);
  for (const deadline of deadlines) {
    if (!deadline.due.result.ok) continue;
    const by = deadline.due.result.period.end;
    if (!milestones.some((m) => dueEnd(m) <= by)) {
      misses.push({ deadline, kind: 'none-by-then', named });
      continue;
    }
    // Without milestones that name the priority, a late one may deliver another of the workstream's priorities.
    if (by !== lastEnd || !named) continue;
    const latest = milestones.reduce((a, b) => (dueEnd(b) > dueEnd(a) ? b : a));
    if (dueEnd(latest) > by) misses.push({ deadline, kind: 'latest-after', latest });
  }
  return misses;
}

function report(context: RuleContext, workstream: Workstream, ref: Ref, priority: Priority, miss: DeadlineMiss): void {
  const { deadline } = miss;
  if (!deadline.due.result.ok) return;
  const by = deadline.due.result.period.end;
  const related = [{ document: priority.document, span: deadline.due.span, message: `The deadline of \`${priority.id}\`` }];
  if (miss.kind === 'none-by-then') {
    context.report({
      span: ref.span,
      message: `Workstream \`${workstream.id}\` delivers ${describeDeadline(priority, deadline)}, but none of its milestones${miss.named ? ` for \`${priority.id}\`` : ''} is due by then. Add a milestone due by ${deadline.due.result.period.canonical} (with \`priorities: [${priority.id}]\`), or stop listing \`${priority.id}\` under \`priorities\`.`,
      related,
      data: { priority: priority.id, dueBy: by },
    });
    return;
  }
  const { latest } = miss;
  context.report({
    span: ref.span,
    message: `Workstream \`${workstream.id}\` delivers ${describeDeadline(priority, deadline)}, but its latest milestone for it, \`${latest.id}\`, is due by ${formatDay(dueEnd(latest))} (${latest.due!.result.ok ? latest.due!.result.period.canonical : latest.due!.text}), after the deadline. Bring \`${latest.id}\` forward, or move it to a workstream that does not deliver \`${priority.id}\`.`,
    related: [...related, { document: workstream.document, span: latest.due!.span, message: `The late milestone \`${latest.id}\`` }],
    data: { priority: priority.id, dueBy: by, milestone: latest.id },
  });
}

export const priorityDeadline: Rule = {
  id: 'priority-deadline',
  defaultSeverity: 'warning',
  description: "A workstream delivers a priority with a deadline (`due` or `deadlines`), but none of its milestones is due by the deadline, or its latest milestone for that priority (one that names it under `priorities`) is due after the last one.",
  appliesTo: 'plans',
  check(context) {
    for (const workstream of context.document.workstreams) {
      // A part that is not valid YAML was read in part: its milestones may be missing.
      if (isUnreadable(workstream.part)) continue;
      for (const ref of workstream.priorities) {
        const priority = resolveRef(context.definitions, ref);
        if (priority?.kind !== 'priority') continue;
        for (const miss of deadlineMisses(workstream, priority, context.document.period?.start)) report(context, workstream, ref, priority, miss);
      }
    }
  },
};
