/**
 * The formatter: canonical periods and enumerated values, double quotes, two-space indentation, and the
 * canonical key order of entities and front matter, as minimal edits inside the YAML. Prose, comments and blank lines are never
 * touched, no block is re-dumped, and nothing is invented: a value that is not read as one canonical form
 * (`TBC`, `next spring`, a date that is not one) stays as written. Pure, and idempotent.
 */
import type { PlanDocument } from '../model.js';
import type { Span } from '../text.js';
import { canonicalPeriodRewrites, canonicalWordRewrites } from './canonical-values.js';
import { applyChanges, type TextChange } from './edits.js';
import { keyReorderings } from './key-order.js';
import { scalarChanges } from './scalars.js';
import { indentationChanges } from './indentation.js';

export { applyChanges, type TextChange } from './edits.js';
export { KEY_ORDER } from './key-order.js';

/** The changes that format a document (or the part of it in `range`), sorted and non-overlapping. */
export function formatChanges(document: PlanDocument, range?: Span): TextChange[] {
  if (!document.kind || document.oversize) return [];
  const rewrites = [...canonicalPeriodRewrites(document, range), ...canonicalWordRewrites(document, range)];
  // Sorted and disjoint throughout, so that the changes inside a slot are one run, found by binary search.
  const scalars = scalarChanges(document, rewrites, range);
  // A value spread over several lines holds its continuation's indentation: the value's change wins there.
  const indents = indentationChanges(document, range).filter((i) => !scalars.some((c) => c.start < i.end && i.start < c.end));
  const changes = [...scalars, ...indents].sort((a, b) => a.start - b.start);
  const firstFrom = (offset: number) => {
    let low = 0;
    let high = changes.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (changes[mid].start < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  const runIn = (slot: Span) => {
    const from = firstFrom(slot.start);
    let to = from;
    while (to < changes.length && changes[to].end <= slot.end) to++;
    return { from, to };
  };
  // Innermost first: an entity's entries carry its formatted milestones and metrics with them when they move.
  for (const { slots, order } of keyReorderings(document, range).sort((a, b) => b.depth - a.depth)) {
    const contentOf = (slot: Span) => {
      const { from, to } = runIn(slot);
      return applyChanges(document.text.slice(slot.start, slot.end), changes.slice(from, to).map((c) => ({ ...c, start: c.start - slot.start, end: c.end - slot.start })));
    };
    const replacements = slots.map((slot, j) => (order[j] === j ? undefined : { start: slot.start, end: slot.end, text: contentOf(slots[order[j]]) }));
    for (const replacement of replacements) {
      if (!replacement) continue;
      const { from, to } = runIn(replacement);
      changes.splice(from, to - from, replacement);
    }
  }
  return changes;
}

/** The formatted text of a document. */
export function formatDocument(document: PlanDocument): string {
  return applyChanges(document.text, formatChanges(document));
}
