import type { Rule } from './rule.js';
import { isInequalitiesAim } from './helpers.js';
import { resolveRef } from '../link.js';

export const missingInequalityBreakdown: Rule = {
  id: 'missing-inequality-breakdown',
  defaultSeverity: 'warning',
  description: 'A workstream links an inequalities aim and none of its metrics has a `breakdown`.',
  appliesTo: 'plans',
  check(context) {
    for (const workstream of context.document.workstreams) {
      const aim = (workstream.aims ?? []).map((ref) => resolveRef(context.definitions, ref)).find((a) => a?.kind === 'aim' && isInequalitiesAim(a));
      if (!aim || workstream.metrics.some((m) => m.breakdown.length > 0)) continue;
      context.report({
        span: workstream.idSpan,
        message: `Workstream \`${workstream.id}\` serves the inequalities aim \`${aim.id}\` but none of its metrics has a \`breakdown\`, so gaps between groups cannot be seen; add e.g. \`breakdown: [deprivation, ethnicity]\` to a metric.`,
      });
    }
  },
};
