import type { Rule } from './rule.js';
import { formatDay } from '../periods.js';

export const actualOutsidePlan: Rule = {
  id: 'actual-outside-plan',
  defaultSeverity: 'warning',
  description: "A metric's actual is for a period that ends after the review date, or ends before its baseline period starts.",
  appliesTo: 'all',
  check({ document, asOf, report, unknown }) {
    for (const metric of document.metrics) {
      const baseline = metric.baseline?.period?.result;
      for (const actual of metric.actuals) {
        const result = actual.period?.result;
        if (!actual.period || !result?.ok) continue;
        const period = result.period;
        if (!unknown.reviewDate && period.end > asOf) {
          report({
            span: actual.period.span,
            message: `Metric \`${metric.id}\`: the actual for ${period.canonical} is for a period that ends on ${formatDay(period.end)}, after the review date ${formatDay(asOf)}, so it cannot have been measured yet. Check the period, or move the review date (\`as_of\`).`,
          });
        } else if (baseline?.ok && period.end < baseline.period.start) {
          report({
            span: actual.period.span,
            message: `Metric \`${metric.id}\`: the actual for ${period.canonical} ends on ${formatDay(period.end)}, before the baseline period ${baseline.period.canonical} starts (${formatDay(baseline.period.start)}); progress is measured from the baseline. Check the period, or move the figure into the \`baseline\`.`,
          });
        }
      }
    }
  },
};
