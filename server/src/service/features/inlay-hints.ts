import type { InlayHint, Range } from 'vscode-languageserver';
import type { Period } from '../../core/periods.js';
import { formatDay } from '../../core/periods.js';
import { overdueness } from '../../core/rules/overdue-milestone.js';
import type { Span } from '../../core/text.js';
import type { LinkedFile } from './linked-file.js';
import { periodRange, plural } from './describe.js';

interface Placed {
  offset: number;
  hint: InlayHint;
}

/** The end date after each period (when it is not a single day) and the days overdue after overdue milestones. */
export function inlayHints(file: LinkedFile, range: Range): InlayHint[] {
  const document = file.document;
  if (!document.kind || document.oversize) return [];
  const from = document.lines.offsetAt(range.start);
  const to = document.lines.offsetAt(range.end);
  const placed: Placed[] = [];
  const place = (span: Span, label: string, tooltip: string) => {
    if (span.end < from || span.end > to) return;
    placed.push({ offset: span.end, hint: { position: document.lines.positionAt(span.end), label, tooltip, paddingLeft: true } });
  };
  const endOf = (span: Span, period: Period) => {
    if (period.start !== period.end) place(span, `→ ${formatDay(period.end)}`, periodRange(period));
  };

  const planPeriod = document.frontMatter?.period;
  if (planPeriod && document.period) endOf(planPeriod.span, document.period);
  for (const field of document.periods) if (field.result.ok) endOf(field.span, field.result.period);

  const asOf = file.linked.reviewDate;
  for (const milestone of document.milestones) {
    const overdue = overdueness(milestone, asOf);
    if (!overdue) continue;
    const span = overdue.recurring ? milestone.doneOn!.span : milestone.due!.span;
    place(span, `overdue ${plural(overdue.days, 'day')}`, `Milestone ${milestone.id} was ${overdue.recurring ? 'next ' : ''}due by ${formatDay(overdue.dueBy)}; the review date is ${formatDay(asOf)}.`);
  }
  // Stable sort: at one position the end date stays before the overdue note.
  return placed.sort((a, b) => a.offset - b.offset).map((p) => p.hint);
}
