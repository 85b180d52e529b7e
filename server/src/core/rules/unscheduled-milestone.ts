import type { Rule } from './rule.js';
import { isUnscheduled } from '../model.js';
import { quarterOf } from '../periods.js';

export const unscheduledMilestone: Rule = {
  id: 'unscheduled-milestone',
  defaultSeverity: 'info',
  description: "A milestone's `due` is `TBC` (or `TBD`, `to be confirmed`): it has no date yet, so it is never overdue and is listed apart as unscheduled.",
  appliesTo: 'plans',
  check({ document, report }) {
    const example = document.period ? quarterOf(document.period.end).canonical : 'Q4 2025/26';
    for (const milestone of document.milestones) {
      if (!isUnscheduled(milestone)) continue;
      const due = milestone.due!;
      report({
        span: due.span,
        message: `Milestone \`${milestone.id}\` is unscheduled (\`due: ${due.text}\`): it cannot be overdue and is not on the timeline. Once the date is agreed, write its period, e.g. \`${example}\`.`,
      });
    }
  },
};
