import type { Rule } from './rule.js';
import type { Update } from '../model.js';
import { formatDay } from '../periods.js';
import { latestUpdate, progressSetting } from '../progress.js';
import { overdueness } from './overdue-milestone.js';

export const staleUpdate: Rule = {
  id: 'stale-update',
  defaultSeverity: 'warning',
  description: 'In a plan that records updates, a workstream (counting its milestones\' updates), or an at-risk, off-track or overdue milestone, has no update in the last 100 days (configurable) before the review date.',
  appliesTo: 'plans',
  check({ linked, document, asOf, report, unknown }) {
    if (unknown.reviewDate) return;
    // A plan that records no update anywhere is not yet tracked in cplan: telling every workstream so helps nobody.
    if (!document.workstreams.some((w) => w.updatesKey || w.milestones.some((m) => m.updatesKey))) return;
    const limit = progressSetting(linked.settings.progress, 'updateDays');
    const stale = (updates: readonly Update[]) => {
      const latest = latestUpdate(updates, asOf);
      return !latest || asOf - latest.on.day! > limit ? { latest } : undefined;
    };
    const since = (latest: Update | undefined) =>
      latest ? `its latest update is from ${formatDay(latest.on.day!)}, ${asOf - latest.on.day!} days before the review date ${formatDay(asOf)}` : `it has no update on or before the review date ${formatDay(asOf)}`;
    const write = `Add \`{on: YYYY-MM-DD, text: ...}\` to \`updates\` saying where it stands`;
    for (const workstream of document.workstreams) {
      if (workstream.status === 'done' || workstream.status === 'dropped') continue;
      // An update on one of its milestones is news of the workstream too: trackers give updates per milestone row.
      const found = stale([...workstream.updates, ...workstream.milestones.flatMap((m) => m.updates)]);
      if (!found) continue;
      const mine = workstream.milestones.length ? ' (its own or a milestone\'s)' : '';
      report({
        span: workstream.updatesKey ?? workstream.idSpan,
        message: `Workstream \`${workstream.id}\` has not been updated${mine} in the last ${limit} days: ${since(found.latest)}. ${write}.`,
      });
    }
    for (const milestone of document.milestones) {
      const status = milestone.status?.value;
      if (status === 'done' || status === 'dropped') continue;
      const overdue = overdueness(milestone, asOf);
      if (!overdue && status !== 'at-risk' && status !== 'off-track') continue;
      const found = stale(milestone.updates);
      if (!found) continue;
      const state = overdue ? `overdue by ${overdue.days} days` : status;
      report({
        span: milestone.updatesKey ?? milestone.status?.span ?? milestone.idSpan,
        message: `Milestone \`${milestone.id}\` is ${state} and has not been updated in the last ${limit} days: ${since(found.latest)}. ${write} and what is being done.`,
      });
    }
  },
};
