import { isUnreadable } from '../model.js';
import type { Rule } from './rule.js';

export const aimNotAdopted: Rule = {
  id: 'aim-not-adopted',
  defaultSeverity: 'warning',
  description: "A workstream links a framework aim that the plan's front matter `aims` does not list, so the plan does not adopt it.",
  appliesTo: 'plans',
  check(context) {
    const { linked, document, report, unknown } = context;
    const listed = document.frontMatter?.aims;
    // Without an `aims` list the plan adopts every aim; with an unreadable front matter, which it adopts is unknown.
    if (!listed || unknown.frontMatter) return;
    const adopted = new Set(linked.adoptedAims.map((aim) => aim.id));
    const listSpan = document.frontMatter!.part.yaml.locations.get('/aims')?.value;
    const lists = listed.length ? `lists only ${listed.map((ref) => `\`${ref.id}\``).join(', ')}` : 'lists none';
    for (const workstream of document.workstreams) {
      if (isUnreadable(workstream.part)) continue;
      for (const ref of workstream.aims ?? []) {
        const aim = context.definitions.get(ref.id)?.find((entity) => entity.kind === 'aim');
        // An id that names no aim is unknown-aim's to report.
        if (!aim || adopted.has(aim.id)) continue;
        report({
          span: ref.span,
          message:
            `Workstream \`${workstream.id}\` links aim \`${aim.id}\`${aim.title ? ` (${aim.title})` : ''}, which this plan does not adopt: its front matter \`aims\` ${lists}, ` +
            `so the report's coverage matrix leaves it out. Add \`${aim.id}\` to the front matter \`aims\`, or take it out of this workstream's \`aims\`.`,
          related: listSpan ? [{ document, span: listSpan, message: 'the aims this plan adopts' }] : undefined,
          data: { aim: aim.id },
        });
      }
    }
  },
};
