import type { Rule } from './rule.js';
import { checkRefs } from './helpers.js';

export const unknownAim: Rule = {
  id: 'unknown-aim',
  defaultSeverity: 'error',
  description: 'A reference names an aim that is not defined in the plan or its framework.',
  fixable: 'an id with exactly one plausible correction, not already in its list',
  appliesTo: 'all',
  check(context) {
    checkRefs(context, context.document.frontMatter?.aims ?? []);
    for (const workstream of context.document.workstreams) checkRefs(context, workstream.aims ?? []);
  },
};
