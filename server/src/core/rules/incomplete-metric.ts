import type { Rule } from './rule.js';
import type { Metric, MetricValue } from '../model.js';
import { isPercentUnit } from '../values.js';

export const incompleteMetric: Rule = {
  id: 'incomplete-metric',
  defaultSeverity: 'warning',
  description: 'A metric lacks a unit, baseline, target or source, or its value says something its unit or period does not.',
  appliesTo: 'all',
  check({ linked, document, report }) {
    for (const metric of document.metrics) {
      const missing = linked.metricGaps(metric);
      if (missing.length > 0) {
        const list = missing.map((m) => `\`${m}\``).join(', ');
        const percent = missing.includes('unit') && valuesOf(metric).some(([, v]) => v.written?.unit === '%') ? ' The value is a percentage: add `unit: "%"`.' : '';
        report({
          span: metric.idSpan,
          message: `Metric \`${metric.id}\` has no ${list}; without ${missing.length > 1 ? 'them' : 'it'} progress against the target cannot be judged. Add ${missing.length > 1 ? 'them' : 'it'}.${percent}`,
          data: { missing: [...missing] },
        });
      }
      for (const [name, value] of valuesOf(metric)) {
        const span = value.valueSpan ?? value.span;
        const written = value.written;
        if (written?.unit === '%' && metric.unit !== undefined && !isPercentUnit(metric.unit)) {
          report({ span, message: `Metric \`${metric.id}\`: \`${name}.value\` is a percentage (${value.value}%), but \`unit\` is \`${metric.unit}\`; write the value in ${metric.unit}, or set \`unit: "%"\`.` });
        }
        if (written?.period) {
          const key = name === 'baseline' ? 'period' : 'due';
          const has = name === 'baseline' ? metric.baseline?.period : metric.target?.due;
          const where = has ? `keep the period in \`${name}.${key}\` only` : `put \`${written.period}\` in \`${name}.${key}\``;
          report({ span, message: `Metric \`${metric.id}\`: \`${name}.value\` holds the year \`${written.period}\`; write \`value: ${value.value}${written.unit ?? ''}\` and ${where}.` });
        }
      }
    }
  },
};

function valuesOf(metric: Metric): Array<['baseline' | 'target', MetricValue]> {
  const values: Array<['baseline' | 'target', MetricValue]> = [];
  if (metric.baseline) values.push(['baseline', metric.baseline]);
  if (metric.target) values.push(['target', metric.target]);
  return values;
}
