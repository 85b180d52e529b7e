import type { Rule } from './rule.js';
import { checkRefs } from './helpers.js';

export const unknownPriority: Rule = {
  id: 'unknown-priority',
  defaultSeverity: 'error',
  description: 'A workstream, or one of its milestones, names a priority that is not defined in the plan or its framework.',
  fixable: 'an id with exactly one plausible correction, not already in its list',
  appliesTo: 'all',
  check(context) {
    for (const workstream of context.document.workstreams) {
      checkRefs(context, workstream.priorities);
      for (const milestone of workstream.milestones) checkRefs(context, milestone.priorities);
    }
  },
};
