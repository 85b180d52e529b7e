import type { Rule } from './rule.js';
import { formatDay } from '../periods.js';
import { difference, toleranceOf, trendOf, withUnit } from '../progress.js';

export const targetAtRisk: Rule = {
  id: 'target-at-risk',
  defaultSeverity: 'warning',
  description: "The least-squares line through a metric's latest actuals (at least 2) reaches the target's due date short of the target by more than the tolerance.",
  appliesTo: 'all',
  check({ linked, document, asOf, report, unknown }) {
    if (unknown.reviewDate) return;
    const settings = linked.settings.progress;
    for (const metric of document.metrics) {
      const trend = trendOf(metric, asOf, settings);
      const tolerance = toleranceOf(metric, settings);
      if (!trend || tolerance === undefined || trend.short <= tolerance + 1e-9) continue;
      // A target already due is judged by its latest actual (RAG red), not by a line carried into the past.
      if (trend.ends.target.day < asOf) continue;
      const { ends, used, projected, perYear } = trend;
      const unit = metric.unit;
      const span = metric.target?.valueSpan ?? metric.target!.span;
      const periods = used.map((r) => r.period.canonical).join(', ');
      report({
        span,
        message: `Metric \`${metric.id}\`: at the trend of its last ${used.length} actuals (${periods}; ${perYear >= 0 ? '+' : '-'}${difference(Math.abs(perYear), unit)} a year) it reaches ${withUnit(projected, unit)} by ${formatDay(ends.target.day)} (${ends.target.period.canonical}), ${difference(trend.short, unit)} short of the target ${withUnit(ends.target.value, unit)}. Record what will change the trend in an update, or agree a revised target.`,
        related: used.map((r) => ({ document, span: r.point.span, message: `actual ${withUnit(r.value, unit)} for ${r.period.canonical}` })),
        data: { projected, short: trend.short },
      });
    }
  },
};
