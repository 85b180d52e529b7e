import type { CodeAction } from 'vscode-languageserver';
import type { Milestone } from '../../../core/model.js';
import { isoFromDay, nextQuarter, quarterOf } from '../../../core/periods.js';
import { isBroken, quickFix, sameSpan, type Fix, type FixContext } from './fix.js';
import { insertAfterKey, replaceScalar, setValue, withPlaceholder, type Edit } from './yaml-edits.js';

/**
 * What `done_on` gets when the user has yet to say when the work was done: a snippet placeholder the editor
 * selects for them to type over, or for a client without snippet edits this literal, which is no date, so
 * that the schema reports it until they write one.
 */
const DATE_TO_WRITE = 'YYYY-MM-DD';

/**
 * overdue-milestone. None is preferred, and none claims a delivery nobody recorded: the status can be set to what
 * the team knows (at risk, off track), `done` gets a date the user writes (or the review date, only when they pick
 * it), and `due` moves to the next quarter only when that is still inside the plan's period.
 */
export const fixOverdue: Fix = (context) => {
  const span = context.diagnostic.span;
  const milestone = context.document.milestones.find((m) => (m.due && sameSpan(m.due.span, span)) || (m.doneOn && sameSpan(m.doneOn.span, span)));
  if (!milestone || isBroken(milestone.part)) return [];
  const reviewDate = isoFromDay(context.asOf);
  const recurring = !!milestone.doneOn && sameSpan(milestone.doneOn.span, span);
  if (recurring) {
    return [
      quickFix(context, `Record when \`${milestone.id}\` was last done (write the date)`, [withPlaceholder(replaceScalar(context.document, milestone.doneOn!.span, DATE_TO_WRITE), DATE_TO_WRITE)]),
      quickFix(context, `Record \`${milestone.id}\` as last done on the review date ${reviewDate}`, [replaceScalar(context.document, milestone.doneOn!.span, reviewDate)]),
    ];
  }
  const actions: CodeAction[] = [];
  for (const status of ['at-risk', 'off-track']) {
    const edits = setStatus(context, milestone, status);
    if (edits) actions.push(quickFix(context, `Set the status of \`${milestone.id}\` to ${status}`, edits));
  }
  const done = markDone(context, milestone, DATE_TO_WRITE)?.map((edit) => withPlaceholder(edit, DATE_TO_WRITE));
  if (done) actions.push(quickFix(context, `Mark \`${milestone.id}\` done (write the date it was done)`, done));
  const onReviewDate = markDone(context, milestone, reviewDate);
  if (onReviewDate) actions.push(quickFix(context, `Mark \`${milestone.id}\` done on the review date ${reviewDate}`, onReviewDate));
  const next = nextQuarter(quarterOf(context.asOf));
  const period = context.document.period;
  if (milestone.due && (!period || next.end <= period.end)) {
    actions.push(quickFix(context, `Move \`due\` to ${next.canonical}`, [replaceScalar(context.document, milestone.due.span, next.canonical)]));
  }
  return actions;
};

function setStatus(context: FixContext, milestone: Milestone, status: string): Edit[] | undefined {
  if (milestone.status?.value === status) return undefined;
  const locations = milestone.part.yaml.locations;
  const existing = locations.get(`${milestone.pointer}/status`);
  if (existing) return [setValue(context.document, existing, status)];
  const after = locations.get(`${milestone.pointer}/due`) ?? locations.get(`${milestone.pointer}/id`);
  if (!after?.key) return undefined;
  return [insertAfterKey(context.document, milestone.part, milestone.span, { ...after, key: after.key }, [['status', status]])];
}

/** `status: done` plus `done_on` right under the status, each key kept if it is already there. */
function markDone(context: FixContext, milestone: Milestone, doneOnValue: string): Edit[] | undefined {
  const { document } = context;
  const locations = milestone.part.yaml.locations;
  const status = locations.get(`${milestone.pointer}/status`);
  const doneOn = locations.get(`${milestone.pointer}/done_on`);
  const edits: Edit[] = [];
  const toAdd: Array<[string, string]> = [];
  if (status) edits.push(setValue(document, status, 'done'));
  else toAdd.push(['status', 'done']);
  if (doneOn) edits.push(setValue(document, doneOn, doneOnValue));
  else toAdd.push(['done_on', doneOnValue]);
  if (toAdd.length) {
    const after = status ?? locations.get(`${milestone.pointer}/due`) ?? locations.get(`${milestone.pointer}/id`);
    if (!after?.key) return undefined;
    edits.push(insertAfterKey(document, milestone.part, milestone.span, { ...after, key: after.key }, toAdd));
  }
  return edits;
}
