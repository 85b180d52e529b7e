import type { Rule } from './rule.js';
import { formatDay } from '../periods.js';
import { lastCompletePeriod, reportingOf } from '../progress.js';

export const metricStale: Rule = {
  id: 'metric-stale',
  defaultSeverity: 'warning',
  description: 'A metric that records actuals has none for the last complete reporting period (quarter or month) before the review date.',
  appliesTo: 'all',
  check({ linked, document, asOf, report, unknown }) {
    if (unknown.reviewDate) return;
    for (const metric of document.metrics) {
      // A metric without `actuals` is not tracked yet: `actuals: []` opts in.
      if (!metric.actualsKey) continue;
      const baseline = metric.baseline?.period?.result;
      const reporting = reportingOf(metric, linked.settings.progress);
      const due = lastCompletePeriod(reporting, asOf);
      if (baseline?.ok && due.start <= baseline.period.end) continue;
      const covered = metric.actuals.some((actual) => {
        const result = actual.period?.result;
        return result?.ok && result.period.end >= due.start && result.period.end <= due.end;
      });
      if (covered) continue;
      const last = metric.actuals[metric.actuals.length - 1];
      report({
        span: last ? last.span : metric.actualsKey,
        message: `Metric \`${metric.id}\` reports ${reporting} and has no actual for ${due.canonical}, the last ${reporting === 'monthly' ? 'month' : 'quarter'} that ended (${formatDay(due.end)}) before the review date ${formatDay(asOf)}. Add \`{period: ${due.canonical}, value: ...}\` to \`actuals\` once the figure is published${metric.reporting ? '' : ', or set `reporting: monthly` if it is reported each month'}.`,
        data: { period: due.canonical },
      });
    }
  },
};
