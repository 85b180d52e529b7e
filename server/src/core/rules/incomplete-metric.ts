import type { Metric } from '../model.js';
import type { Rule } from './rule.js';

export function missingMetricParts(metric: Metric): string[] {
  const missing: string[] = [];
  if (!metric.unit) missing.push('unit');
  if (!metric.baseline) missing.push('baseline');
  else {
    if (metric.baseline.value === undefined || metric.baseline.value === null) missing.push('baseline.value');
    if (!metric.baseline.period) missing.push('baseline.period');
  }
  if (!metric.target) missing.push('target');
  else {
    if (metric.target.value === undefined || metric.target.value === null) missing.push('target.value');
    if (!metric.target.due) missing.push('target.due');
  }
  if (!metric.source) missing.push('source');
  return missing;
}

export const incompleteMetric: Rule = {
  id: 'incomplete-metric',
  defaultSeverity: 'warning',
  description: 'A metric lacks a unit, baseline, target or source.',
  appliesTo: 'all',
  check({ document, report }) {
    for (const metric of document.metrics) {
      const missing = missingMetricParts(metric);
      if (missing.length === 0) continue;
      const list = missing.map((m) => `\`${m}\``).join(', ');
      report({
        span: metric.idSpan,
        message: `Metric \`${metric.id}\` has no ${list}; without ${missing.length > 1 ? 'them' : 'it'} progress against the target cannot be judged. Add ${missing.length > 1 ? 'them' : 'it'}.`,
        data: { missing },
      });
    }
  },
};
