import type { Rule } from './rule.js';
import { checkRefs } from './helpers.js';

export const unknownWorkstream: Rule = {
  id: 'unknown-workstream',
  defaultSeverity: 'error',
  description: 'A priority names a workstream that is not defined in the file.',
  fixable: 'an id with exactly one plausible correction, not already in its list',
  appliesTo: 'all',
  check(context) {
    for (const priority of context.document.priorities) checkRefs(context, priority.workstreams);
  },
};
