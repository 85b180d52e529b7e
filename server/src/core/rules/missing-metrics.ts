import type { Rule } from './rule.js';

export const missingMetrics: Rule = {
  id: 'missing-metrics',
  defaultSeverity: 'warning',
  description: 'A workstream has no metrics.',
  appliesTo: 'plans',
  check({ document, report }) {
    for (const workstream of document.workstreams) {
      if (workstream.metrics.length > 0) continue;
      report({ span: workstream.idSpan, message: `Workstream \`${workstream.id}\` has no metrics, so its progress cannot be measured; add a \`metrics\` list with at least one metric (unit, baseline, target, source).` });
    }
  },
};
