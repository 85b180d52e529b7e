import type { Rule } from './rule.js';
import { inferredDirection, numberOf } from '../progress.js';

export const metricDirection: Rule = {
  id: 'metric-direction',
  defaultSeverity: 'warning',
  description: "A metric's `direction` contradicts its baseline and target (`higher` for a target below the baseline, or `lower` for one above it).",
  appliesTo: 'all',
  check({ document, report }) {
    for (const metric of document.metrics) {
      const written = metric.direction;
      const inferred = inferredDirection(metric);
      if (!written || !inferred || written.value === inferred) continue;
      report({
        span: written.span,
        message: `Metric \`${metric.id}\` says \`direction: ${written.value}\`, but its target ${numberOf(metric.target)} is ${inferred === 'higher' ? 'above' : 'below'} its baseline ${numberOf(metric.baseline)}, so ${inferred} is better. Fix the direction (or remove it: it is inferred), or the baseline or target.`,
        data: { inferred },
      });
    }
  },
};
