/**
 * The formatter: canonical periods and enumerated values, double quotes, and the canonical key order of
 * entities and front matter, as minimal edits inside the YAML. Prose, comments and blank lines are never
 * touched, no block is re-dumped, and nothing is invented: a value that is not read as one canonical form
 * (`TBC`, `next spring`, a date that is not one) stays as written. Pure, and idempotent.
 */
import type { PlanDocument } from '../model.js';
import type { Span } from '../text.js';
import { canonicalPeriodRewrites, canonicalWordRewrites } from './canonical-values.js';
import { applyChanges, type TextChange } from './edits.js';
import { keyReorderings } from './key-order.js';
import { scalarChanges } from './scalars.js';

export { applyChanges, type TextChange } from './edits.js';
export { KEY_ORDER } from './key-order.js';

/** The changes that format a document (or the part of it in `range`), sorted and non-overlapping. */
export function formatChanges(document: PlanDocument, range?: Span): TextChange[] {
  if (!document.kind || document.oversize) return [];
  const rewrites = [...canonicalPeriodRewrites(document, range), ...canonicalWordRewrites(document, range)];
  let changes = scalarChanges(document, rewrites, range);
  // Innermost first: an entity's entries carry its formatted milestones and metrics with them when they move.
  for (const { slots, order } of keyReorderings(document, range).sort((a, b) => b.depth - a.depth)) {
    const moved = slots.filter((_, j) => order[j] !== j);
    const inside = (change: TextChange, slot: Span) => change.start >= slot.start && change.end <= slot.end;
    const contentOf = (slot: Span) => applyChanges(document.text.slice(slot.start, slot.end), changes.filter((c) => inside(c, slot)).map((c) => ({ ...c, start: c.start - slot.start, end: c.end - slot.start })));
    const slotChanges = slots.flatMap((slot, j) => (order[j] === j ? [] : [{ start: slot.start, end: slot.end, text: contentOf(slots[order[j]]) }]));
    changes = [...changes.filter((c) => !moved.some((slot) => inside(c, slot))), ...slotChanges];
  }
  return changes.sort((a, b) => a.start - b.start);
}

/** The formatted text of a document. */
export function formatDocument(document: PlanDocument): string {
  return applyChanges(document.text, formatChanges(document));
}
