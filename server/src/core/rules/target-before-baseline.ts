import type { Rule } from './rule.js';
import { formatDay } from '../periods.js';

export const targetBeforeBaseline: Rule = {
  id: 'target-before-baseline',
  defaultSeverity: 'warning',
  description: "A metric's target is due before its baseline period ends.",
  appliesTo: 'all',
  check({ document, report }) {
    for (const metric of document.metrics) {
      const baseline = metric.baseline?.period?.result;
      const target = metric.target?.due;
      if (!baseline?.ok || !target?.result.ok) continue;
      if (target.result.period.end < baseline.period.end) {
        report({
          span: target.span,
          message: `Metric \`${metric.id}\`: the target is due ${target.result.period.canonical} (by ${formatDay(target.result.period.end)}), before the baseline period ${baseline.period.canonical} ends (${formatDay(baseline.period.end)}); a target must come after its baseline. Check both years.`,
        });
      }
    }
  },
};
