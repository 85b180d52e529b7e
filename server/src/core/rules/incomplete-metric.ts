import type { Rule } from './rule.js';

export const incompleteMetric: Rule = {
  id: 'incomplete-metric',
  defaultSeverity: 'warning',
  description: 'A metric lacks a unit, baseline, target or source.',
  appliesTo: 'all',
  check({ linked, document, report }) {
    for (const metric of document.metrics) {
      const missing = linked.metricGaps(metric);
      if (missing.length === 0) continue;
      const list = missing.map((m) => `\`${m}\``).join(', ');
      report({
        span: metric.idSpan,
        message: `Metric \`${metric.id}\` has no ${list}; without ${missing.length > 1 ? 'them' : 'it'} progress against the target cannot be judged. Add ${missing.length > 1 ? 'them' : 'it'}.`,
        data: { missing: [...missing] },
      });
    }
  },
};
