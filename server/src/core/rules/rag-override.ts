import type { Rule } from './rule.js';
import { ragOf, ragSteps } from '../rag.js';

export const ragOverride: Rule = {
  id: 'rag-override',
  defaultSeverity: 'warning',
  description: 'A typed `rag` override is two or more steps from the computed RAG (red - amber - green - blue), such as green for an overdue milestone.',
  appliesTo: 'plans',
  check({ linked, document, report, unknown }) {
    if (unknown.reviewDate) return;
    const items = [...document.workstreams, ...document.milestones, ...document.metrics.filter((m) => m.owner.kind === 'workstream')];
    for (const item of items) {
      const override = item.rag;
      if (!override?.value) continue;
      const rag = ragOf(linked, item);
      if (!rag.computed || ragSteps(rag.computed, override.value) < 2) continue;
      report({
        span: override.valueSpan,
        message: `${item.kind === 'workstream' ? 'Workstream' : item.kind === 'milestone' ? 'Milestone' : 'Metric'} \`${item.id}\` is overridden to ${override.value}, but its RAG computes as ${rag.computed} (${rag.why}): two steps or more apart. Correct the status, dates or actuals it is computed from, or remove the override.`,
        data: { computed: rag.computed },
      });
    }
  },
};
