import type { Rule } from './rule.js';
import { formatDay } from '../periods.js';

export const outsidePlanPeriod: Rule = {
  id: 'outside-plan-period',
  defaultSeverity: 'warning',
  description: "A milestone is due after the end, or before the start, of the plan's period.",
  appliesTo: 'plans',
  check({ document, report, unknown }) {
    const plan = document.period;
    if (!plan || unknown.frontMatter) return;
    for (const milestone of document.milestones) {
      const due = milestone.due;
      if (!due?.result.ok) continue;
      const end = due.result.period.end;
      const canonical = due.result.period.canonical;
      if (end > plan.end) {
        report({ span: due.span, message: `Milestone \`${milestone.id}\` is due ${canonical} (by ${formatDay(end)}), after the plan's period ${plan.canonical} ends on ${formatDay(plan.end)}; bring it inside the period or extend the plan's \`period\`.` });
      } else if (end < plan.start) {
        report({ span: due.span, message: `Milestone \`${milestone.id}\` is due ${canonical} (by ${formatDay(end)}), before the plan's period ${plan.canonical} starts on ${formatDay(plan.start)}; check the year.` });
      }
    }
  },
};
