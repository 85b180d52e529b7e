import { BREAKDOWNS, CADENCES } from '../document.js';
import { isUnreadable, MILESTONE_STATUSES, periodContextOf, PLAN_STATUSES, type PlanDocument, type YamlPart } from '../model.js';
import { unescapePointer } from '../parse/yaml.js';
import { isCanonical, parsePeriod, parsePlanPeriod, type PeriodKind } from '../periods.js';
import type { Span } from '../text.js';
import { canonicalWord } from '../vocabulary.js';

/** A value written another way than its canonical form, which it is already read as: rewriting it changes no meaning. */
export interface CanonicalRewrite {
  /** The scalar, quotes included. */
  span: Span;
  canonical: string;
}

export interface PeriodValue {
  text: string;
  span: Span;
  /** What the value may become: a date stays a date, a plan's period a financial year or a range of them. */
  kinds?: readonly PeriodKind[];
}

/** Every period and date value of a document, the front matter `period` included. */
export function periodValues(document: PlanDocument): PeriodValue[] {
  const values: PeriodValue[] = document.periods.map((p) => ({ text: p.text, span: p.span }));
  for (const date of document.dates) values.push({ text: date.text, span: date.span, kinds: ['day'] });
  const plan = document.frontMatter?.period;
  if (plan) values.push({ text: plan.value, span: plan.span, kinds: ['financial-year', 'financial-years'] });
  return values;
}

/** The front matter or block that holds an offset. */
export function partAt(document: PlanDocument, offset: number): YamlPart | undefined {
  const parts = document.frontMatter ? [document.frontMatter.part, ...document.blocks] : document.blocks;
  return parts.find((p) => p.region.span.start <= offset && offset <= p.region.span.end);
}

const overlaps = (span: Span, range?: Span) => !range || (span.start <= range.end && span.end >= range.start);

/**
 * Periods that parse but are not written the canonical way (`Q4 24/25` is `Q4 2024/25`). A date field is left
 * to invalid-period: one that is not ISO is an error, and its fix a choice the lint makes, not the formatter.
 */
export function canonicalPeriodRewrites(document: PlanDocument, range?: Span): CanonicalRewrite[] {
  const context = periodContextOf(document);
  const rewrites: CanonicalRewrite[] = [];
  for (const value of periodValues(document)) {
    if (!overlaps(value.span, range) || value.kinds?.includes('day')) continue;
    const part = partAt(document, value.span.start);
    if (!part || isUnreadable(part)) continue;
    const result = value.kinds ? parsePlanPeriod(value.text) : parsePeriod(value.text, context);
    if (!result.ok || isCanonical(value.text, context)) continue;
    rewrites.push({ span: value.span, canonical: result.period.canonical });
  }
  return rewrites;
}

/** The values an enumerated key takes, by where it sits: a status, a cadence, an item of a breakdown. */
function allowedAt(part: YamlPart, pointer: string): readonly string[] | undefined {
  if (/\/cadence$/.test(pointer)) return CADENCES;
  if (/\/breakdown\/\d+$/.test(pointer)) return BREAKDOWNS;
  if (part.region.kind === 'frontmatter') return pointer === '/status' ? PLAN_STATUSES : undefined;
  return /\/status$/.test(pointer) ? MILESTONE_STATUSES : undefined;
}

function valueAt(part: YamlPart, pointer: string): unknown {
  let value: unknown = part.yaml.data;
  for (const raw of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[unescapePointer(raw)];
  }
  return value;
}

/** Enumerated values read as their canonical form but not written so (`At risk`, `completed`, `half-yearly`). */
export function canonicalWordRewrites(document: PlanDocument, range?: Span): CanonicalRewrite[] {
  const parts = document.frontMatter ? [document.frontMatter.part, ...document.blocks] : document.blocks;
  const rewrites: CanonicalRewrite[] = [];
  for (const part of parts) {
    if (!overlaps(part.region.span, range) || isUnreadable(part)) continue;
    for (const [pointer, location] of part.yaml.locations) {
      if (!overlaps(location.value, range)) continue;
      const allowed = allowedAt(part, pointer);
      const written = allowed ? valueAt(part, pointer) : undefined;
      if (typeof written !== 'string') continue;
      const canonical = canonicalWord(written, allowed!);
      if (canonical && canonical !== written) rewrites.push({ span: location.value, canonical });
    }
  }
  return rewrites;
}
