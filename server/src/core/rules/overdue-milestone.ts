import type { Rule } from './rule.js';
import { addCadence, formatDay, type Day } from '../periods.js';
import { isUnscheduled, type Milestone } from '../model.js';

export interface Overdue {
  dueBy: Day;
  days: number;
  recurring: boolean;
}

/** When a milestone is overdue at the review date, and by how much; shared with hovers and lenses. */
export function overdueness(milestone: Milestone, asOf: Day): Overdue | undefined {
  const status = milestone.status?.value;
  if (status === 'dropped' || isUnscheduled(milestone)) return undefined;
  const cadence = milestone.cadence?.value;
  if (cadence && milestone.doneOn?.day !== undefined) {
    const dueBy = addCadence(milestone.doneOn.day, cadence);
    return dueBy < asOf ? { dueBy, days: asOf - dueBy, recurring: true } : undefined;
  }
  if (status === 'done' || !milestone.due?.result.ok) return undefined;
  const dueBy = milestone.due.result.period.end;
  return dueBy < asOf ? { dueBy, days: asOf - dueBy, recurring: false } : undefined;
}

export const overdueMilestone: Rule = {
  id: 'overdue-milestone',
  defaultSeverity: 'warning',
  description: "A milestone's due period ended before the review date and it is not done or dropped; a recurring milestone is overdue when its last `done_on` plus its cadence has passed.",
  appliesTo: 'plans',
  check({ document, asOf, report, unknown }) {
    // The plan's own `as_of` may be in the front matter that is not valid YAML.
    if (unknown.reviewDate) return;
    for (const milestone of document.milestones) {
      if (unknown.frontMatter && milestone.due?.result.ok && milestone.due.result.period.kind === 'relative-years') continue;
      const overdue = overdueness(milestone, asOf);
      if (!overdue) continue;
      const days = `${overdue.days} day${overdue.days === 1 ? '' : 's'}`;
      if (overdue.recurring) {
        report({
          span: milestone.doneOn!.span,
          message: `Recurring milestone \`${milestone.id}\` (${milestone.cadence!.value}) was last done on ${formatDay(milestone.doneOn!.day!)}, so it was next due by ${formatDay(overdue.dueBy)}: ${days} overdue at the review date ${formatDay(asOf)}. Record the latest \`done_on\`, or set \`status: dropped\`.`,
          data: { days: overdue.days, dueBy: overdue.dueBy },
        });
      } else {
        const due = milestone.due!;
        const canonical = due.result.ok ? due.result.period.canonical : due.text;
        report({
          span: due.span,
          message: `Milestone \`${milestone.id}\` was due by ${formatDay(overdue.dueBy)} (${canonical}) and is ${days} overdue at the review date ${formatDay(asOf)}, but its status is \`${milestone.status?.value ?? 'not set'}\`. Mark it \`done\` with \`done_on\`, or move \`due\` to a later quarter.`,
          data: { days: overdue.days, dueBy: overdue.dueBy },
        });
      }
    }
  },
};
