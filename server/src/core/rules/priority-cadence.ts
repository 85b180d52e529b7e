import type { Rule } from './rule.js';
import type { Cadence } from '../periods.js';
import { isUnreadable, type Priority, type Ref, type Workstream } from '../model.js';
import { resolveRef } from '../link.js';

const MONTHS: Record<Cadence, number> = { quarterly: 3, biannual: 6, annual: 12 };

function recursOften(workstream: Workstream, cadence: Cadence): boolean {
  return workstream.milestones.some((m) => m.cadence && m.status?.value !== 'dropped' && MONTHS[m.cadence.value] <= MONTHS[cadence]);
}

export const priorityCadence: Rule = {
  id: 'priority-cadence',
  defaultSeverity: 'warning',
  description: 'A priority has a `cadence`, but no workstream that delivers it has a recurring milestone with that cadence or a shorter one.',
  appliesTo: 'plans',
  check(context) {
    const delivering = new Map<Priority, Array<{ workstream: Workstream; ref: Ref }>>();
    for (const workstream of context.document.workstreams) {
      // A part that is not valid YAML was read in part: its milestones may be missing.
      if (isUnreadable(workstream.part)) continue;
      for (const ref of workstream.priorities) {
        const priority = resolveRef(context.definitions, ref);
        if (priority?.kind !== 'priority' || !priority.cadence) continue;
        delivering.set(priority, [...(delivering.get(priority) ?? []), { workstream, ref }]);
      }
    }
    for (const [priority, deliveries] of delivering) {
      const cadence = priority.cadence!;
      if (deliveries.some(({ workstream }) => recursOften(workstream, cadence))) continue;
      for (const { workstream, ref } of deliveries) {
        context.report({
          span: ref.span,
          message: `Priority \`${priority.id}\` recurs ${cadence} (every ${MONTHS[cadence]} months), but no workstream that delivers it has a recurring milestone that often. Add a milestone to \`${workstream.id}\` with \`cadence: ${cadence}\` (or shorter) and the \`done_on\` of its last round.`,
          related: [{ document: priority.document, span: priority.idSpan, message: `\`${priority.id}\` is defined here with \`cadence: ${cadence}\`` }],
          data: { priority: priority.id, cadence },
        });
      }
    }
  },
};
