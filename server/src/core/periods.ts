/**
 * NHS period parsing, formatting and arithmetic.
 *
 * The NHS financial year (FY) runs 1 April - 31 March; FY 2024/25 starts on
 * 1 Apr 2024. Quarters count from April, so Q4 2024/25 is Jan-Mar 2025.
 * A period is due at its end. Pure module: no I/O, and the clock is only read
 * by `todayDay()`.
 */

/** A calendar day: whole days since 1970-01-01 (UTC). */
export type Day = number;
export type Cadence = 'quarterly' | 'biannual' | 'annual';
export type PeriodKind =
  'day' | 'month' | 'quarter' | 'financial-year' | 'financial-years' | 'calendar-year' | 'relative-years';
export interface Period {
  kind: PeriodKind;
  start: Day; // first day, inclusive
  end: Day; // last day, inclusive (the due date)
  canonical: string; // canonical text, see formatPeriod
  /** for relative-years: the year numbers as written, e.g. {from: 2, to: 5} */
  relative?: { from: number; to: number };
}
/** firstFinancialYear: e.g. 2024 for a plan whose period is 2024/25 or 2024/25-2028/29 */
export interface PeriodContext { firstFinancialYear?: number }
export type PeriodResult = { ok: true; period: Period } | { ok: false; message: string };
export type PlanPeriodResult =
  | { ok: true; period: Period; firstFinancialYear: number; lastFinancialYear: number }
  | { ok: false; message: string };

export const MAX_PERIOD_LENGTH = 64;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;
export const PERIOD_EXAMPLES = 'Write e.g. `Q4 2024/25`, `March 2025`, `2025-03-31`, `2025/26` or `Year 1`.';

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** full and three-letter month names, plus the common `sept` */
const MONTH_NUMBERS = new Map<string, number>([
  ...MONTHS.flatMap((name, i): Array<[string, number]> => [[name.toLowerCase(), i + 1], [name.slice(0, 3).toLowerCase(), i + 1]]),
  ['sept', 9],
]);

// ---- calendar arithmetic (proleptic Gregorian, days-from-civil) ----

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1];
}

/** Day number of y-m-d (month 1-12). Integer-only, valid for any year. */
export function dayFromYmd(y: number, m: number, d: number): Day {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function ymdFromDay(day: Day): { y: number; m: number; d: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

/** Adds months to (y, m), carrying into years. */
function shiftMonth(y: number, m: number, months: number): { y: number; m: number } {
  const index = y * 12 + (m - 1) + months;
  return { y: Math.floor(index / 12), m: (index % 12) + 1 };
}

export function dayFromIso(text: string): Day | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return dayFromYmd(y, m, d);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function isoFromDay(day: Day): string {
  const { y, m, d } = ymdFromDay(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

export function formatDay(day: Day): string {
  const { y, m, d } = ymdFromDay(day);
  return `${d} ${MONTHS[m - 1].slice(0, 3)} ${y}`;
}

export function formatRange(period: Period): string {
  if (period.start === period.end) return formatDay(period.end);
  const start = ymdFromDay(period.start);
  const sameYear = start.y === ymdFromDay(period.end).y;
  const from = sameYear ? `${start.d} ${MONTHS[start.m - 1].slice(0, 3)}` : formatDay(period.start);
  return `${from} - ${formatDay(period.end)}`;
}

export function daysBetween(from: Day, to: Day): number {
  return to - from;
}

export function todayDay(): Day {
  return Math.floor(Date.now() / 86_400_000);
}

export function addCadence(day: Day, cadence: Cadence): Day {
  const months = cadence === 'quarterly' ? 3 : cadence === 'biannual' ? 6 : 12;
  const { y, m, d } = ymdFromDay(day);
  const target = shiftMonth(y, m, months);
  return dayFromYmd(target.y, target.m, Math.min(d, daysInMonth(target.y, target.m)));
}

// ---- period constructors ----

/** `2024/25` for 2024; the century wraps, so 2099 gives `2099/00`. */
export function fyLabel(fy: number): string {
  return `${fy}/${pad((fy + 1) % 100, 2)}`;
}

function make(kind: PeriodKind, start: Day, end: Day, relative?: { from: number; to: number }): Period {
  const period: Period = { kind, start, end, canonical: '' };
  if (relative) period.relative = relative;
  period.canonical = formatPeriod(period);
  return period;
}

/** One financial year, or with `last` a range of them (kept as a range even when last === first). */
export function financialYearPeriod(first: number, last?: number): Period {
  const kind = last === undefined ? 'financial-year' : 'financial-years';
  return make(kind, dayFromYmd(first, 4, 1), dayFromYmd((last ?? first) + 1, 3, 31));
}

export function quarterPeriod(fy: number, q: number): Period {
  const start = shiftMonth(fy, 4, (q - 1) * 3);
  const next = shiftMonth(start.y, start.m, 3);
  return make('quarter', dayFromYmd(start.y, start.m, 1), dayFromYmd(next.y, next.m, 1) - 1);
}

export function financialYearOf(day: Day): number {
  const { y, m } = ymdFromDay(day);
  return m >= 4 ? y : y - 1;
}

export function quarterOf(day: Day): Period {
  return quarterPeriod(financialYearOf(day), quarterIndex(ymdFromDay(day).m));
}

export function nextQuarter(period: Period): Period {
  return quarterOf(quarterOf(period.end).end + 1);
}

export function quartersOverlapping(start: Day, end: Day): Period[] {
  const quarters: Period[] = [];
  for (let q = quarterOf(start); start <= end && q.start <= end; q = quarterOf(q.end + 1)) quarters.push(q);
  return quarters;
}

export function comparePeriods(a: Period, b: Period): number {
  return a.end - b.end || a.start - b.start;
}

export function formatPeriod(period: Period): string {
  const { y, m } = ymdFromDay(period.start);
  const fy = financialYearOf(period.start);
  const relative = period.kind === 'relative-years' ? period.relative : undefined;
  if (relative) return relative.from === relative.to ? `Year ${relative.from}` : `Years ${relative.from}-${relative.to}`;
  switch (period.kind) {
    case 'day':
      return isoFromDay(period.start);
    case 'month':
      return `${MONTHS[m - 1]} ${y}`;
    case 'quarter':
      return `Q${quarterIndex(m)} ${fyLabel(fy)}`;
    case 'financial-year':
      return fyLabel(fy);
    case 'calendar-year':
      return String(y);
    case 'relative-years': // without its year numbers, shown as the financial years it covers
    case 'financial-years':
      return `${fyLabel(fy)}-${fyLabel(financialYearOf(period.end))}`;
  }
}

function quarterIndex(month: number): number {
  return month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4;
}

// ---- parsing ----

// Every pattern is anchored and built from bounded quantifiers over disjoint
// pieces, so matching is linear (no ReDoS); input length is capped as well.
const FY = String.raw`(\d{4}|\d{2})[/-](\d{4}|\d{2})`;
const QUARTER_FIRST = new RegExp(`^q(\\d{1,2}) ${FY}$`);
const QUARTER_LAST = new RegExp(`^${FY} q(\\d{1,2})$`);
const FY_ONLY = new RegExp(`^${FY}$`);
const FY_RANGE = new RegExp(`^${FY}(?:-| to )${FY}$`);
const MONTH_YEAR = /^([a-z]{3,9})\.? (\d{1,4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR = /^\d{4}$/;
const RELATIVE = /^years? (\d{1,3})(?:-(\d{1,3}))?$/;
const QUARTER_NO_FY = /^(?:q\d{1,2}(?: \d{4})?|\d{4} q\d{1,2})$/;

class PeriodError extends Error {}

function fail(reason: string): never {
  throw new PeriodError(reason);
}

function checkYear(y: number): number {
  if (y < MIN_YEAR || y > MAX_YEAR) fail(`years must be between ${MIN_YEAR} and ${MAX_YEAR}`);
  return y;
}

/** First year of a written financial year such as `2024/25`, `24-25` or `2024/2025`. */
function financialYear(first: string, second: string): number {
  const fy = checkYear(first.length === 2 ? 2000 + Number(first) : Number(first));
  const follows = second.length === 2 ? Number(second) === (fy + 1) % 100 : Number(second) === fy + 1;
  if (!follows) fail(`the second year of a financial year must follow the first, e.g. \`${fyLabel(fy)}\``);
  return fy;
}

function quarter(q: string): number {
  const n = Number(q);
  if (n < 1 || n > 4) fail('quarters are Q1-Q4');
  return n;
}

function ordered(first: number, last: number): void {
  if (last < first) fail('the range ends before it starts');
}

function parseNormalized(s: string, context: PeriodContext | undefined): Period | undefined {
  let match: RegExpExecArray | null;
  if ((match = QUARTER_FIRST.exec(s))) return quarterPeriod(financialYear(match[2], match[3]), quarter(match[1]));
  if ((match = QUARTER_LAST.exec(s))) return quarterPeriod(financialYear(match[1], match[2]), quarter(match[3]));
  if (QUARTER_NO_FY.test(s)) fail('a quarter needs a financial year, e.g. `Q4 2024/25`');
  if ((match = ISO.exec(s))) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (m < 1 || m > 12) fail('months are 01-12');
    if (d < 1 || d > daysInMonth(y, m)) fail(`there is no such day: ${MONTHS[m - 1]} ${y} has ${daysInMonth(y, m)} days`);
    const day = dayFromYmd(checkYear(y), m, d);
    return make('day', day, day);
  }
  if ((match = FY_ONLY.exec(s))) return financialYearPeriod(financialYear(match[1], match[2]));
  if ((match = FY_RANGE.exec(s))) {
    const first = financialYear(match[1], match[2]);
    const last = financialYear(match[3], match[4]);
    ordered(first, last);
    return financialYearPeriod(first, last);
  }
  const m = (match = MONTH_YEAR.exec(s)) ? MONTH_NUMBERS.get(match[1]) : undefined;
  if (match && m !== undefined) {
    const year = match[2].length === 2 ? `20${match[2]}` : '2025';
    if (match[2].length !== 4) fail(`write the year in full, e.g. \`${MONTHS[m - 1]} ${year}\``);
    const y = checkYear(Number(match[2]));
    return make('month', dayFromYmd(y, m, 1), dayFromYmd(y, m, daysInMonth(y, m)));
  }
  if (YEAR.test(s)) {
    const y = checkYear(Number(s));
    return make('calendar-year', dayFromYmd(y, 1, 1), dayFromYmd(y, 12, 31));
  }
  if ((match = RELATIVE.exec(s))) {
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (from < 1) fail('plan years start at `Year 1`');
    ordered(from, to);
    const base = context?.firstFinancialYear;
    if (base === undefined) fail("relative years need the plan's `period` (e.g. `2024/25-2028/29`) to say which year is Year 1");
    return make('relative-years', dayFromYmd(base + from - 1, 4, 1), dayFromYmd(base + to, 3, 31), { from, to });
  }
  return undefined;
}

function quote(text: string): string {
  return text.length > MAX_PERIOD_LENGTH ? `${text.slice(0, 20)}…` : text;
}

/** Parses, or explains in a sentence what is wrong with the text. */
function parseOrExplain(text: string, context: PeriodContext | undefined): Period | string {
  // YAML hands over numbers for values like `2023`; accept them as text
  const trimmed = String(text ?? '').trim();
  if (trimmed === '') return 'A period is required.';
  const problem = (reason?: string) => `\`${quote(trimmed)}\` is not a valid period${reason ? `: ${reason}` : ''}.`;
  if (trimmed.length > MAX_PERIOD_LENGTH) return problem(`it is longer than ${MAX_PERIOD_LENGTH} characters`);
  const normalized = trimmed
    .toLowerCase()
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/ ?([/-]) ?/g, '$1');
  try {
    return parseNormalized(normalized, context) ?? problem();
  } catch (error) {
    if (error instanceof PeriodError) return problem(error.message);
    throw error;
  }
}

export function parsePeriod(text: string, context?: PeriodContext): PeriodResult {
  const parsed = parseOrExplain(text, context);
  return typeof parsed === 'string' ? { ok: false, message: `${parsed} ${PERIOD_EXAMPLES}` } : { ok: true, period: parsed };
}

export function isCanonical(text: string, context?: PeriodContext): boolean {
  const result = parsePeriod(text, context);
  return result.ok && String(text).trim() === result.period.canonical;
}

const PLAN_PERIOD_FORMS = 'A plan `period` is a financial year such as `2024/25` or a range such as `2023/24-2027/28`.';

export function parsePlanPeriod(text: string): PlanPeriodResult {
  const parsed = parseOrExplain(text, undefined);
  if (typeof parsed === 'string') return { ok: false, message: `${parsed} ${PLAN_PERIOD_FORMS}` };
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
