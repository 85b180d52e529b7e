import type { Rule, RuleContext } from './rule.js';
import { formatDay } from '../periods.js';
import { isUnreadable, priorityDeadlines, type Deadline, type Milestone, type Priority, type Ref, type Workstream } from '../model.js';
import { resolveRef } from '../link.js';

/**
 * The milestones that deliver the priority and have a date to meet (scheduled, not dropped): those that name it
 * under `priorities`, else, when none does, all of the workstream's; `named` says which.
 */
function milestonesFor(workstream: Workstream, priority: Priority): { milestones: Milestone[]; named: boolean } {
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

function checkDeadline(context: RuleContext, workstream: Workstream, ref: Ref, priority: Priority, deadline: Deadline, last: boolean): void {
  if (!deadline.due.result.ok) return;
  const by = deadline.due.result.period.end;
  const { milestones, named } = milestonesFor(workstream, priority);
  const related = [{ document: priority.document, span: deadline.due.span, message: `The deadline of \`${priority.id}\`` }];
  if (!milestones.some((m) => dueEnd(m) <= by)) {
    context.report({
      span: ref.span,
      message: `Workstream \`${workstream.id}\` delivers ${describeDeadline(priority, deadline)}, but none of its milestones${named ? ` for \`${priority.id}\`` : ''} is due by then. Add a milestone due by ${deadline.due.result.period.canonical} (with \`priorities: [${priority.id}]\`), or stop listing \`${priority.id}\` under \`priorities\`.`,
      related,
      data: { priority: priority.id, dueBy: by },
    });
    return;
  }
  // Without milestones that name the priority, a late one may deliver another of the workstream's priorities.
  if (!last || !named) return;
  const latest = milestones.reduce((a, b) => (dueEnd(b) > dueEnd(a) ? b : a));
  if (dueEnd(latest) <= by) return;
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
        // A deadline that passed before the plan's period began is another plan's to meet: this one cannot schedule before it starts.
        const start = context.document.period?.start;
        const deadlines = priorityDeadlines(priority).filter((d) => d.due.result.ok && (start === undefined || d.due.result.period.end >= start));
        const lastEnd = Math.max(...deadlines.map((d) => (d.due.result.ok ? d.due.result.period.end : 0)));
        for (const deadline of deadlines) {
          checkDeadline(context, workstream, ref, priority, deadline, deadline.due.result.ok && deadline.due.result.period.end === lastEnd);
        }
      }
    }
  },
};
