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
  'day' | 'month' | 'quarter' | 'half-year' | 'financial-year' | 'financial-years' | 'calendar-year' | 'relative-years';
export interface Period {
  kind: PeriodKind;
  start: Day; // first day, inclusive
  end: Day; // last day, inclusive (the due date)
  canonical: string; // canonical text, see formatPeriod
  /** for relative-years: the year numbers as written, e.g. {from: 2, to: 5} */
  relative?: { from: number; to: number };
}
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

export function halfYearPeriod(fy: number, half: number): Period {
  const start = shiftMonth(fy, 4, (half - 1) * 6);
  const next = shiftMonth(start.y, start.m, 6);
  return make('half-year', dayFromYmd(start.y, start.m, 1), dayFromYmd(next.y, next.m, 1) - 1);
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

export function monthOf(day: Day): Period {
  const { y, m } = ymdFromDay(day);
  return make('month', dayFromYmd(y, m, 1), dayFromYmd(y, m, daysInMonth(y, m)));
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
    case 'half-year':
      return `H${m >= 4 && m < 10 ? 1 : 2} ${fyLabel(fy)}`;
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
const HALF_FIRST = new RegExp(`^h(\\d{1,2}) ${FY}$`);
const HALF_LAST = new RegExp(`^${FY} h(\\d{1,2})$`);
const BARE_PART = /^([qh])(\d{1,2})$/;
const CALENDAR_QUARTER = /^(?:q(\d{1,2}) (\d{4})|(\d{4}) q(\d{1,2}))$/;
const FY_ONLY = new RegExp(`^${FY}$`);
const FY_RANGE = new RegExp(`^${FY}(?:-| to )${FY}$`);
/** `FY` before or after a written financial year: `FY24/25`, `FY 2024/25`, `2024/25 FY` */
const FY_MARK_BEFORE = /(^|[ -])fy ?(?=(?:\d{4}|\d{2})[/-](?:\d{4}|\d{2})(?:[ -]|$))/g;
const FY_MARK_AFTER = /(\d[/-](?:\d{4}|\d{2})) fy$/;
const FY_WITH_ONE_YEAR = /^fy ?(\d{4}|\d{2})$/;
const MONTH_YEAR = /^([a-z]{3,9})\.? (\d{1,4})$/;
/** Excel's `mmm-yy` month display, `Mar-25`, and `Mar-2025` */
const MONTH_DASH_YEAR = /^([a-z]{3})-(\d{2}|\d{4})$/;
const DAY_MONTH_YEAR = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]{3,9})\.? (\d{1,4})$/;
/** `31-Mar-2025` and Excel's `dd-mmm-yy`, `31-Mar-25` */
const DAY_DASH_MONTH_YEAR = /^(\d{1,2})-([a-z]{3,9})-(\d{4}|\d{2})$/;
/** day first, one separator throughout: `31/03/2025`, `31.03.2025`, `31-03-2025` */
const UK_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{1,4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR = /^\d{4}$/;
const RELATIVE = /^years? (\d{1,3})(?:-(\d{1,3}))?$/;
const SEASON = /^(spring|summer|autumn|fall|winter)(?: (\d{4}|\d{2})(?:[/-](\d{4}|\d{2}))?)?$/;
/** Words that do not change the date: `by Q4 2024/25`, `end of March 2025` */
const PREFIX = /^(?:by (?:the )?(?:end (?:of )?)?|(?:the )?end (?:of )?)/;
const UNSCHEDULED = /^(?:tbc|tbd|to be confirmed)$/;

/** `advice`: the reason already says what to write, so the general examples are left off. */
class PeriodError extends Error {
  constructor(message: string, readonly advice: boolean) {
    super(message);
  }
}

function fail(reason: string): never {
  throw new PeriodError(reason, false);
}

/** Fails with a reason that ends in what to write instead. */
function advise(reason: string): never {
  throw new PeriodError(reason, true);
}

function checkYear(y: number): number {
  if (y < MIN_YEAR || y > MAX_YEAR) fail(`years must be between ${MIN_YEAR} and ${MAX_YEAR}`);
  return y;
}

const fullYear = (text: string) => (text.length === 2 ? 2000 + Number(text) : Number(text));

/** First year of a written financial year such as `2024/25`, `24-25` or `2024/2025`. */
function financialYear(first: string, second: string, alone = false): number {
  const fy = checkYear(fullYear(first));
  const follows = second.length === 2 ? Number(second) === (fy + 1) % 100 : Number(second) === fy + 1;
  if (follows) return fy;
  // inside a quarter or a range, which year was meant is a guess: an example only
  if (!alone) fail(`the second year of a financial year must follow the first, e.g. \`${fyLabel(fy)}\``);
  const last = second.length === 2 ? fy - (fy % 100) + Number(second) : Number(second);
  const range = last > fy + 1 && last <= MAX_YEAR ? `, or \`${fyLabel(fy)}-${fyLabel(last - 1)}\` for ${last - fy} years` : '';
  advise(`the second year of a financial year must follow the first: write \`${fyLabel(fy)}\`${range}`);
}

function quarter(q: string, fy: number): number {
  const n = Number(q);
  if (n < 1 || n > 4) advise(`quarters are Q1-Q4 (Q1 April-June to Q4 January-March): write e.g. \`Q4 ${fyLabel(fy)}\``);
  return n;
}

function half(h: string, fy: number): number {
  const n = Number(h);
  if (n < 1 || n > 2) advise(`halves are H1 (April-September) and H2 (October-March): write e.g. \`H2 ${fyLabel(fy)}\``);
  return n;
}

function part(letter: string, n: string, fy: number): Period {
  return letter === 'q' ? quarterPeriod(fy, quarter(n, fy)) : halfYearPeriod(fy, half(n, fy));
}

function ordered(first: number, last: number): void {
  if (last < first) fail('the range ends before it starts');
}

/** A real day, or the reason it is not one; `written` rewrites a day in the notation it was written in. */
function dayPeriod(y: number, m: number, d: number, written: (y: number, m: number, d: number) => string): Period {
  checkYear(y);
  if (d < 1) advise(`there is no such day: days of the month start at 1: write e.g. \`${written(y, m, 1)}\``);
  const last = daysInMonth(y, m);
  if (d > last) advise(`there is no such day: ${MONTHS[m - 1]} ${y} has ${last} days: write \`${written(y, m, last)}\` for its last day`);
  const day = dayFromYmd(y, m, d);
  return make('day', day, day);
}

function monthPeriod(y: number, m: number): Period {
  checkYear(y);
  return make('month', dayFromYmd(y, m, 1), dayFromYmd(y, m, daysInMonth(y, m)));
}

/** `October-December 2024`, for a span within one calendar year */
function monthSpan(p: Period): string {
  const [a, b] = [ymdFromDay(p.start), ymdFromDay(p.end)];
  return `${MONTHS[a.m - 1]}-${MONTHS[b.m - 1]} ${b.y}`;
}

/** `Q4 2024`: a calendar quarter, or a financial one with half its year; names both. */
function calendarQuarter(q: string, y: string): never {
  const year = checkYear(Number(y));
  const n = quarter(q, year);
  const calendar = quarterOf(dayFromYmd(year, 3 * n - 2, 1));
  const financial = quarterPeriod(year, n);
  advise(`it could be the calendar quarter ${monthSpan(calendar)} (\`${calendar.canonical}\`) or Q${n} of the financial year ${fyLabel(year)} (${monthSpan(financial)}): write \`${calendar.canonical}\` or \`${financial.canonical}\``);
}

const SEASON_START: Record<string, number> = { spring: 3, summer: 6, autumn: 9, fall: 9, winter: 12 };

/** `Winter 2024/25`: names the two quarters the season spans. */
function season(name: string, year: string | undefined, second: string | undefined, context: PeriodContext): never {
  const month = SEASON_START[name];
  let y: number;
  let label = name;
  if (year !== undefined && second === undefined) {
    y = checkYear(fullYear(year));
    label += ` ${y}`;
  } else {
    // a financial year, or none (the plan's): spring falls in its second calendar year
    const fy = year !== undefined ? financialYear(year, second!) : context.planFinancialYear ?? context.firstFinancialYear ?? 2025;
    if (year !== undefined) label += ` ${fyLabel(fy)}`;
    y = month === 3 ? fy + 1 : fy;
  }
  const start = dayFromYmd(y, month, 1);
  const end = shiftMonth(y, month, 3);
  const [a, b] = quartersOverlapping(start, dayFromYmd(end.y, end.m, 1) - 1);
  const fyA = fyLabel(financialYearOf(a.start));
  const spans = fyA === fyLabel(financialYearOf(b.start)) ? `${a.canonical.slice(0, 2)} and ${b.canonical}` : `${a.canonical} and ${b.canonical}`;
  advise(`a season is not a period; ${label} spans ${spans}: write \`${a.canonical}\` or \`${b.canonical}\``);
}

/** `03/31/2025`: explains month-first dates, which the NHS does not write. */
function ukDate(d: number, m: number, yText: string, sep: string): Period {
  const written = (y: number, mm: number, dd: number) => `${pad(dd, 2)}${sep}${pad(mm, 2)}${sep}${y}`;
  if (m > 12 && d >= 1 && d <= 12) {
    const reason = `dates are written day first (DD/MM/YYYY) and there is no month ${m}`;
    if (m <= daysInMonth(fullYear(yText), d)) advise(`${reason}: for ${m} ${MONTHS[d - 1]} write \`${written(fullYear(yText), d, m)}\``);
    fail(reason);
  }
  if (m < 1 || m > 12) fail('months are 01-12');
  if (yText.length !== 4) advise(`write the year in full: \`${written(yText.length === 2 ? fullYear(yText) : 2025, m, d)}\``);
  return dayPeriod(Number(yText), m, d, written);
}

function dayWithMonthName(d: string, name: string, yText: string, twoDigitYear: boolean): Period | undefined {
  const m = MONTH_NUMBERS.get(name);
  if (m === undefined) return undefined;
  const written = (y: number, mm: number, dd: number) => `${dd} ${MONTHS[mm - 1]} ${y}`;
  if (yText.length === 4) return dayPeriod(Number(yText), m, Number(d), written);
  if (twoDigitYear && yText.length === 2) return dayPeriod(fullYear(yText), m, Number(d), written);
  advise(`write the year in full, e.g. \`${written(yText.length === 2 ? fullYear(yText) : 2025, m, Number(d))}\``);
}

function parseNormalized(s: string, context: PeriodContext): Period | undefined {
  let match: RegExpExecArray | null;
  if ((match = QUARTER_FIRST.exec(s))) return part('q', match[1], financialYear(match[2], match[3]));
  if ((match = QUARTER_LAST.exec(s))) return part('q', match[3], financialYear(match[1], match[2]));
  if ((match = HALF_FIRST.exec(s))) return part('h', match[1], financialYear(match[2], match[3]));
  if ((match = HALF_LAST.exec(s))) return part('h', match[3], financialYear(match[1], match[2]));
  if ((match = BARE_PART.exec(s))) {
    const fy = context.planFinancialYear;
    if (fy !== undefined) return part(match[1], match[2], fy);
    const example = `${match[1].toUpperCase()}${match[2]} ${fyLabel(context.firstFinancialYear ?? 2025)}`;
    part(match[1], match[2], context.firstFinancialYear ?? 2025); // Q5 is wrong whatever the year
    advise(`a ${match[1] === 'q' ? 'quarter' : 'half'} needs its financial year unless the plan's \`period\` is a single financial year: write e.g. \`${example}\``);
  }
  if ((match = CALENDAR_QUARTER.exec(s))) return match[1] ? calendarQuarter(match[1], match[2]) : calendarQuarter(match[4], match[3]);
  if ((match = ISO.exec(s))) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (m < 1 || m > 12) fail('months are 01-12');
    return dayPeriod(y, m, d, (yy, mm, dd) => `${pad(yy, 4)}-${pad(mm, 2)}-${pad(dd, 2)}`);
  }
  if ((match = UK_DATE.exec(s))) return ukDate(Number(match[1]), Number(match[3]), match[4], match[2]);
  if ((match = FY_ONLY.exec(s))) return financialYearPeriod(financialYear(match[1], match[2], true));
  if ((match = FY_RANGE.exec(s))) {
    const first = financialYear(match[1], match[2]);
    const last = financialYear(match[3], match[4]);
    ordered(first, last);
    return financialYearPeriod(first, last);
  }
  if ((match = FY_WITH_ONE_YEAR.exec(s))) {
    const y = checkYear(fullYear(match[1]));
    advise(`\`FY\` with one year could be ${fyLabel(y - 1)} or ${fyLabel(y)}: write \`${fyLabel(y - 1)}\` or \`${fyLabel(y)}\``);
  }
  if ((match = SEASON.exec(s))) return season(match[1], match[2], match[3], context);
  if ((match = DAY_MONTH_YEAR.exec(s))) return dayWithMonthName(match[1], match[2], match[3], false);
  if ((match = DAY_DASH_MONTH_YEAR.exec(s))) return dayWithMonthName(match[1], match[2], match[3], true);
  if ((match = MONTH_DASH_YEAR.exec(s))) {
    const m = MONTH_NUMBERS.get(match[1]);
    return m === undefined ? undefined : monthPeriod(fullYear(match[2]), m);
  }
  const m = (match = MONTH_YEAR.exec(s)) ? MONTH_NUMBERS.get(match[1]) : undefined;
  if (match && m !== undefined) {
    const asDay = Number(match[2]) >= 1 && Number(match[2]) <= 31 ? ` (it could also be read as ${Number(match[2])} ${MONTHS[m - 1]})` : '';
    if (match[2].length === 2) advise(`write the year in full, e.g. \`${MONTHS[m - 1]} 20${match[2]}\`${asDay}`);
    if (match[2].length !== 4) advise(`write the year in full, e.g. \`${MONTHS[m - 1]} 2025\``);
    return monthPeriod(Number(match[2]), m);
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
    const base = context.firstFinancialYear;
    if (base === undefined) fail("relative years need the plan's `period` (e.g. `2024/25-2028/29`) to say which year is Year 1");
    return make('relative-years', dayFromYmd(base + from - 1, 4, 1), dayFromYmd(base + to, 3, 31), { from, to });
  }
  return undefined;
}

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
