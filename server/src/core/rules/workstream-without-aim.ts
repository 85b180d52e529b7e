import type { Rule } from './rule.js';

export const workstreamWithoutAim: Rule = {
  id: 'workstream-without-aim',
  defaultSeverity: 'warning',
  description: 'A workstream links no aim.',
  appliesTo: 'plans',
  check({ document, report }) {
    for (const workstream of document.workstreams) {
      if (workstream.aims && workstream.aims.length > 0) continue;
      report({ span: workstream.idSpan, message: `Workstream \`${workstream.id}\` links no aim; add \`aims: [...]\` with the aims it serves.` });
    }
  },
};
