import type { CodeAction } from 'vscode-languageserver';
import type { Milestone } from '../../../core/model.js';
import { isoFromDay, nextQuarter, quarterOf } from '../../../core/periods.js';
import { isBroken, quickFix, sameSpan, type Fix, type FixContext } from './fix.js';
import { insertAfterKey, replaceScalar, setValue, type Edit } from './yaml-edits.js';

/** overdue-milestone: mark it done at the review date, or move its due date past the review date. */
export const fixOverdue: Fix = (context) => {
  const span = context.diagnostic.span;
  const milestone = context.document.milestones.find((m) => (m.due && sameSpan(m.due.span, span)) || (m.doneOn && sameSpan(m.doneOn.span, span)));
  if (!milestone || isBroken(milestone.part)) return [];
  const reviewDate = isoFromDay(context.asOf);
  const recurring = !!milestone.doneOn && sameSpan(milestone.doneOn.span, span);
  if (recurring) {
    return [quickFix(context, `Record done on ${reviewDate}`, [replaceScalar(context.document, milestone.doneOn!.span, reviewDate)], true)];
  }
  const actions: CodeAction[] = [];
  const done = markDone(context, milestone, reviewDate);
  if (done) actions.push(quickFix(context, `Mark \`${milestone.id}\` done on ${reviewDate}`, done, true));
  if (milestone.due) {
    const next = nextQuarter(quarterOf(context.asOf)).canonical;
    actions.push(quickFix(context, `Move \`due\` to ${next}`, [replaceScalar(context.document, milestone.due.span, next)]));
  }
  return actions;
};

/** `status: done` plus `done_on` right under the status, each key kept if it is already there. */
function markDone(context: FixContext, milestone: Milestone, reviewDate: string): Edit[] | undefined {
  const { document } = context;
  const locations = milestone.part.yaml.locations;
  const status = locations.get(`${milestone.pointer}/status`);
  const doneOn = locations.get(`${milestone.pointer}/done_on`);
  const edits: Edit[] = [];
  const toAdd: Array<[string, string]> = [];
  if (status) edits.push(setValue(document, status, 'done'));
  else toAdd.push(['status', 'done']);
  if (doneOn) edits.push(setValue(document, doneOn, reviewDate));
  else toAdd.push(['done_on', reviewDate]);
  if (toAdd.length) {
    const after = status ?? locations.get(`${milestone.pointer}/due`) ?? locations.get(`${milestone.pointer}/id`);
    if (!after?.key) return undefined;
    edits.push(insertAfterKey(document, milestone.part, milestone.span, { ...after, key: after.key }, toAdd));
  }
  return edits;
}
