import type { Rule } from './rule.js';
import { formatDay } from '../periods.js';
import { plausibleIds } from '../suggest.js';

export const dependencyLate: Rule = {
  id: 'dependency-late',
  defaultSeverity: 'warning',
  description: 'A milestone depends on a milestone due after it, on itself, or on an id no milestone has.',
  fixable: 'an unknown id with exactly one plausible correction, not already in its list',
  appliesTo: 'plans',
  check({ document, definitions, report, unknown }) {
    const milestoneIds = document.milestones.map((m) => m.id);
    for (const milestone of document.milestones) {
      for (const ref of milestone.dependsOn) {
        const dependency = definitions.get(ref.id)?.find((e) => e.kind === 'milestone');
        if (!dependency || dependency.kind !== 'milestone') {
          // A workstream block that is not valid YAML may define it.
          if (unknown.kinds.has('workstream')) continue;
          const other = definitions.get(ref.id)?.[0];
          const suggestions = plausibleIds(ref.id, milestoneIds.filter((id) => id !== milestone.id));
          const message = other
            ? `Milestone \`${milestone.id}\` depends on \`${ref.id}\`, which is a ${other.kind}, not a milestone; name a milestone here.`
            : `Milestone \`${milestone.id}\` depends on \`${ref.id}\`, but no milestone has this id.${suggestions.length ? ` Did you mean ${suggestions.map((s) => `\`${s}\``).join(' or ')}?` : ' Fix the id, or remove it from `depends_on`.'}`;
          report({ span: ref.span, message, data: { suggestions } });
          continue;
        }
        if (dependency === milestone) {
          report({ span: ref.span, message: `Milestone \`${milestone.id}\` depends on itself; remove \`${ref.id}\` from its \`depends_on\`.` });
          continue;
        }
        const mine = milestone.due?.result;
        const theirs = dependency.due?.result;
        if (!mine?.ok || !theirs?.ok || dependency.status?.value === 'done') continue;
        if (theirs.period.end > mine.period.end) {
          const days = theirs.period.end - mine.period.end;
          report({
            span: ref.span,
            message: `Milestone \`${milestone.id}\` is due by ${formatDay(mine.period.end)} (${mine.period.canonical}) but depends on \`${dependency.id}\`, due ${days} days later, by ${formatDay(theirs.period.end)} (${theirs.period.canonical}). Bring \`${dependency.id}\` forward, or move this milestone's \`due\` to ${theirs.period.canonical} or later.`,
            related: [{ document, span: dependency.due!.span, message: `\`${dependency.id}\` is due ${theirs.period.canonical}` }],
            data: { days },
          });
        }
      }
    }
  },
};
