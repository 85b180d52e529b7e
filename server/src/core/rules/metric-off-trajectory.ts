import type { Rule } from './rule.js';
import { difference, trajectoryCheck, withUnit } from '../progress.js';

export const metricOffTrajectory: Rule = {
  id: 'metric-off-trajectory',
  defaultSeverity: 'warning',
  description: "A metric's latest actual is worse than its trajectory at that period by more than the tolerance.",
  appliesTo: 'all',
  check({ linked, document, asOf, report, unknown }) {
    if (unknown.reviewDate) return;
    for (const metric of document.metrics) {
      const check = trajectoryCheck(metric, asOf, linked.settings.progress);
      if (!check?.off) continue;
      const { actual, expected, behind, tolerance, direction } = check;
      const unit = metric.unit;
      const written = metric.trajectory.length ? 'its trajectory' : 'the straight line from baseline to target';
      report({
        span: actual.point.valueSpan ?? actual.point.span,
        message: `Metric \`${metric.id}\`: the latest actual, ${withUnit(actual.value, unit)} for ${actual.period.canonical}, is ${difference(behind, unit)} ${direction === 'higher' ? 'below' : 'above'} ${written}, which expected ${withUnit(expected, unit)} by ${actual.period.canonical}; the tolerance is ${difference(tolerance, unit)}. Record the recovery plan in an update, or agree a new \`trajectory\`.`,
        data: { expected, behind, tolerance },
      });
    }
  },
};
