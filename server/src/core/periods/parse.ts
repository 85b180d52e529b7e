/**
 * Parsing a period as written: one parser for every field, which reads the notations commissioners write or
 * explains in a sentence what is wrong and what to write instead. Pure.
 */
import { financialYearOf, fyLabel, type Period } from './financial.js';
import { parseNormalized } from './notations.js';
import { PeriodError } from './readers.js';

/** What a period may lean on besides its own text: the plan it is in, and the field it is written in. */
export interface PeriodContext {
  /** e.g. 2024 for a plan whose period is 2024/25 or 2024/25-2028/29: `Year 1` is that year */
  firstFinancialYear?: number;
  /** Set only when the plan's period is exactly one financial year: a bare `Q2` is a quarter of it. */
  planFinancialYear?: number;
  /** The field is a milestone's `due`, which may be `TBC` (unscheduled). */
  allowUnscheduled?: boolean;
}
/** `unscheduled`: the text is `TBC` or the like where that is allowed; there is no period, but nothing is wrong. */
export type PeriodResult = { ok: true; period: Period } | { ok: false; message: string; unscheduled?: boolean };
export type PlanPeriodResult =
  | { ok: true; period: Period; firstFinancialYear: number; lastFinancialYear: number }
  | { ok: false; message: string };

export const MAX_PERIOD_LENGTH = 64;
export const PERIOD_EXAMPLES = 'Write e.g. `Q4 2024/25`, `March 2025`, `2025-03-31`, `2025/26` or `Year 1`.';

/** `FY` before or after a written financial year: `FY24/25`, `FY 2024/25`, `2024/25 FY` */
const FY_MARK_BEFORE = /(^|[ -])fy ?(?=(?:\d{4}|\d{2})[/-](?:\d{4}|\d{2})(?:[ -]|$))/g;
const FY_MARK_AFTER = /(\d[/-](?:\d{4}|\d{2})) fy$/;
/** Words that do not change the date: `by Q4 2024/25`, `end of March 2025` */
const PREFIX = /^(?:by (?:the )?(?:end (?:of )?)?|(?:the )?end (?:of )?)/;
const UNSCHEDULED = /^(?:tbc|tbd|to be confirmed)$/;

function quote(text: string): string {
  return text.length > MAX_PERIOD_LENGTH ? `${text.slice(0, 20)}…` : text;
}

/** Lower case, one space, nothing around `/` and `-`, en and em dashes as hyphens. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/ ?([/-]) ?/g, '$1');
}

/** Drops the `FY` marks around a written financial year. */
function withoutFyMarks(s: string): string {
  return s.replace(FY_MARK_BEFORE, '$1').replace(FY_MARK_AFTER, '$1');
}

interface ParseMode {
  /** A plan's own `period`: only the year notations, no `by` and no `TBC`. */
  plan?: boolean;
}

type Parsed = Period | { message: string; unscheduled?: boolean };

/** Parses, or explains in a sentence what is wrong with the text and what to write instead. */
function parseOrExplain(text: string, context: PeriodContext, mode: ParseMode = {}): Parsed {
  // YAML hands over numbers for values like `2023`; accept them as text
  const trimmed = String(text ?? '').trim();
  if (trimmed === '') return { message: `A period is required. ${PERIOD_EXAMPLES}` };
  const problem = (reason?: string, advice = false) =>
    `\`${quote(trimmed)}\` is not a valid period${reason ? `: ${reason}` : ''}.${advice ? '' : ` ${PERIOD_EXAMPLES}`}`;
  if (trimmed.length > MAX_PERIOD_LENGTH) return { message: problem(`it is longer than ${MAX_PERIOD_LENGTH} characters`) };
  let normalized = normalise(trimmed);
  if (!mode.plan && UNSCHEDULED.test(normalized)) {
    if (context.allowUnscheduled) return { message: `\`${trimmed}\`: the milestone is not scheduled yet.`, unscheduled: true };
    return { message: problem(`a date is needed here; \`${trimmed}\` is accepted only as a milestone's \`due\`: write the period, e.g. \`Q4 ${fyLabel(context.planFinancialYear ?? context.firstFinancialYear ?? 2024)}\``, true) };
  }
  if (!mode.plan) normalized = normalized.replace(PREFIX, '');
  try {
    return parseNormalized(withoutFyMarks(normalized), mode.plan ? {} : context) ?? { message: problem() };
  } catch (error) {
    if (error instanceof PeriodError) return { message: problem(error.message, error.advice) };
    throw error;
  }
}

const isPeriod = (parsed: Parsed): parsed is Period => 'canonical' in parsed;

export function parsePeriod(text: string, context: PeriodContext = {}): PeriodResult {
  const parsed = parseOrExplain(text, context);
  if (isPeriod(parsed)) return { ok: true, period: parsed };
  return parsed.unscheduled ? { ok: false, message: parsed.message, unscheduled: true } : { ok: false, message: parsed.message };
}

export function isCanonical(text: string, context?: PeriodContext): boolean {
  const result = parsePeriod(text, context);
  return result.ok && String(text).trim() === result.period.canonical;
}

const PLAN_PERIOD_FORMS = 'A plan `period` is a financial year such as `2024/25` or a range such as `2023/24-2027/28`.';

export function parsePlanPeriod(text: string): PlanPeriodResult {
  const parsed = parseOrExplain(text, {}, { plan: true });
  if (!isPeriod(parsed)) return { ok: false, message: `${parsed.message.replace(` ${PERIOD_EXAMPLES}`, '')} ${PLAN_PERIOD_FORMS}` };
  if (parsed.kind !== 'financial-year' && parsed.kind !== 'financial-years') {
    return { ok: false, message: `\`${parsed.canonical}\` is not a financial year. ${PLAN_PERIOD_FORMS}` };
  }
  return {
    ok: true,
    period: parsed,
    firstFinancialYear: financialYearOf(parsed.start),
    lastFinancialYear: financialYearOf(parsed.end),
  };
}

