/**
 * The fixes that need no choice, which `cplan lint --fix` and the editor's "fix all" apply unasked: an id with
 * exactly one plausible correction, `[SA1]` for a lone `SA1`, `1500` for a `1,500` split by a flow mapping's
 * comma, a period or date written in a notation the format reads (`31/03/2025` in a date field), and every
 * non-canonical period and value (`Q4 24/25`, `At risk`). None states a fact the text does not already state.
 */
import type { Diagnostic } from '../lint.js';
import { isUnreadable, periodContextOf, type PlanDocument, type Ref } from '../model.js';
import { parsePeriod, parsePlanPeriod } from '../periods.js';
import type { Span } from '../text.js';
import { canonicalPeriodRewrites, canonicalWordRewrites, partAt, periodValues } from './canonical-values.js';
import { replaceScalar, type TextChange } from './edits.js';

const REFERENCE_RULES = new Set(['unknown-aim', 'unknown-priority', 'unknown-workstream', 'dependency-late']);

/** The rules some of whose findings have a fix here; each says which in its `fixable` (a test holds the two together). */
export const FIXABLE_RULES = [...REFERENCE_RULES, 'block-schema', 'frontmatter-schema'];
const same = (a: Span, b: Span) => a.start === b.start && a.end === b.end;

/** The list of references a reference sits in. */
export function refListOf(document: PlanDocument, span: Span): Ref[] | undefined {
  const lists = [document.frontMatter?.aims, ...document.workstreams.flatMap((w) => [w.aims, w.priorities]), ...document.milestones.flatMap((m) => [m.priorities, m.dependsOn]), ...document.priorities.map((p) => p.workstreams)];
  return lists.find((list) => list?.some((ref) => same(ref.span, span)));
}

/** The fix of a diagnostic when it needs no choice; undefined when it has none or the author must choose. */
export function safeFixOf(document: PlanDocument, diagnostic: Diagnostic): TextChange[] | undefined {
  const part = partAt(document, diagnostic.span.start);
  if (!part || isUnreadable(part)) return undefined;
  const data = diagnostic.data;
  if (REFERENCE_RULES.has(diagnostic.ruleId)) {
    const suggestions = data?.suggestions;
    if (!Array.isArray(suggestions) || suggestions.length !== 1 || typeof suggestions[0] !== 'string') return undefined;
    // Renaming onto an id the list already names would only make a duplicate.
    if (refListOf(document, diagnostic.span)?.some((ref) => ref.id === suggestions[0])) return undefined;
    return [replaceScalar(document, diagnostic.span, suggestions[0])];
  }
  if (diagnostic.ruleId === 'block-schema' || diagnostic.ruleId === 'frontmatter-schema') {
    if (typeof data?.number === 'string') return [{ ...diagnostic.span, text: data.number }];
    if (typeof data?.list === 'string') return [{ ...diagnostic.span, text: data.list }];
    // The schema is what reports a date field that is not ISO (`done_on: 31/03/2025`).
    return periodFix(document, diagnostic.span);
  }
  return undefined;
}

/**
 * A date field the format reads as one day (`31/03/2025`); a guess at a slip is a choice, and invalid-period's
 * values (`June 24`, which could be 24 June) are never fixed unasked.
 */
function periodFix(document: PlanDocument, span: Span): TextChange[] | undefined {
  const value = periodValues(document).find((v) => same(v.span, span));
  if (!value) return undefined;
  const result = value.kinds?.some((k) => k !== 'day') ? parsePlanPeriod(value.text) : parsePeriod(value.text, periodContextOf(document));
  if (!result.ok || (value.kinds && !value.kinds.includes(result.period.kind))) return undefined;
  return [replaceScalar(document, value.span, result.period.canonical)];
}

/** Every change `--fix` makes in one pass: the safe fixes of the diagnostics and the canonical rewrites, none overlapping another. */
export function safeFixChanges(document: PlanDocument, diagnostics: readonly Diagnostic[]): TextChange[] {
  if (!document.kind || document.oversize) return [];
  const candidates: TextChange[] = [];
  for (const diagnostic of diagnostics) candidates.push(...(safeFixOf(document, diagnostic) ?? []));
  for (const { span, canonical } of [...canonicalPeriodRewrites(document), ...canonicalWordRewrites(document)]) candidates.push(replaceScalar(document, span, canonical));
  const chosen: TextChange[] = [];
  for (const change of candidates) {
    // One change per place: another pass after the re-lint picks up whatever was left out.
    if (chosen.some((c) => c.start < change.end && change.start < c.end || (c.start === change.start && c.end === change.end))) continue;
    chosen.push(change);
  }
  return chosen.sort((a, b) => a.start - b.start);
}
