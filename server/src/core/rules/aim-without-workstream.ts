import { isUnreadable } from '../model.js';
import type { Rule } from './rule.js';

export const aimWithoutWorkstream: Rule = {
  id: 'aim-without-workstream',
  defaultSeverity: 'warning',
  description: 'An aim the plan adopts is linked by none of its workstreams.',
  appliesTo: 'plans',
  check(context) {
    const { linked, document, report, unknown } = context;
    // Which aims are adopted, or which a workstream that is not valid YAML serves, cannot be known.
    if (unknown.frontMatter || unknown.kinds.has('workstream')) return;
    for (const aim of linked.adoptedAims) {
      // An aim read from a part that is not valid YAML is partial data: it may not be what was written.
      if (isUnreadable(aim.part) || linked.servedBy(aim.id).length > 0) continue;
      const inFramework = aim.document !== document;
      // Adopted by name: at that name in the front matter `aims`; adopted with the whole framework: at `framework:`.
      const listed = inFramework ? document.frontMatter?.aims?.find((ref) => ref.id === aim.id) : undefined;
      const span = inFramework ? (listed?.span ?? document.frontMatter?.framework?.span) : aim.idSpan;
      if (!span) continue;
      const title = aim.title ? ` (${aim.title})` : '';
      const or = !inFramework ? '' : listed ? ', or leave it out of the front matter `aims` list' : ', or list in the front matter `aims` only the aims this plan adopts';
      report({
        span,
        message: `Aim \`${aim.id}\`${title} is adopted by this plan but no workstream links it; add \`${aim.id}\` to the \`aims\` of the workstream that serves it${or}.`,
        related: inFramework ? [{ document: aim.document, span: aim.idSpan, message: `\`${aim.id}\` is defined here` }] : undefined,
        data: { aim: aim.id },
      });
    }
  },
};
