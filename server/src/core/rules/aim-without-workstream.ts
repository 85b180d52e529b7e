import type { Aim } from '../model.js';
import type { Rule } from './rule.js';
import { resolveRef } from './helpers.js';

export const aimWithoutWorkstream: Rule = {
  id: 'aim-without-workstream',
  defaultSeverity: 'warning',
  description: 'An aim the plan adopts is linked by none of its workstreams.',
  appliesTo: 'plans',
  check(context) {
    const { document, framework, report, unknown } = context;
    // Which aims are adopted, or which a workstream that is not valid YAML serves, cannot be known.
    if (unknown.frontMatter || unknown.kinds.has('workstream')) return;
    const adopted = new Set<Aim>(document.aims);
    const chosen = document.frontMatter?.aims;
    if (chosen) {
      for (const ref of chosen) {
        const aim = resolveRef(context, ref);
        if (aim?.kind === 'aim') adopted.add(aim);
      }
    } else if (framework) {
      for (const aim of framework.aims) adopted.add(aim);
    }
    const served = new Set<string>();
    for (const workstream of document.workstreams) for (const ref of workstream.aims ?? []) served.add(ref.id);
    for (const aim of adopted) {
      if (served.has(aim.id)) continue;
      const inFramework = aim.document !== document;
      const span = inFramework ? document.frontMatter?.framework?.span : aim.idSpan;
      if (!span) continue;
      const title = aim.title ? ` (${aim.title})` : '';
      report({
        span,
        message: `Aim \`${aim.id}\`${title} is adopted by this plan but no workstream links it; add \`${aim.id}\` to the \`aims\` of the workstream that serves it${inFramework ? ', or leave it out of the front matter `aims` list' : ''}.`,
        related: inFramework ? [{ document: aim.document, span: aim.idSpan, message: `\`${aim.id}\` is defined here` }] : undefined,
        data: { aim: aim.id },
      });
    }
  },
};
