/**
 * The pieces of a written period (years, quarters, halves, days), each read with the reason it is wrong when
 * it is, and the notations that are rejected with their own reason and what to write instead: a calendar
 * quarter (`Q4 2024`), a season (`Winter 2024/25`), a month-first date (`03/31/2025`), a short year.
 */
import { dayFromYmd, daysInMonth, MONTH_NUMBERS, MONTHS, pad, shiftMonth, ymdFromDay } from './calendar.js';
import { financialYearOf, fyLabel, halfYearPeriod, make, quarterOf, quarterPeriod, quartersOverlapping, type Period } from './financial.js';
import type { PeriodContext } from './parse.js';

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

/** `advice`: the reason already says what to write, so the general examples are left off. */
export class PeriodError extends Error {
  constructor(message: string, readonly advice: boolean) {
    super(message);
  }
}

export function fail(reason: string): never {
  throw new PeriodError(reason, false);
}

/** Fails with a reason that ends in what to write instead. */
export function advise(reason: string): never {
  throw new PeriodError(reason, true);
}

export function checkYear(y: number): number {
  if (y < MIN_YEAR || y > MAX_YEAR) fail(`years must be between ${MIN_YEAR} and ${MAX_YEAR}`);
  return y;
}

export const fullYear = (text: string) => (text.length === 2 ? 2000 + Number(text) : Number(text));

/** First year of a written financial year such as `2024/25`, `24-25` or `2024/2025`. */
export function financialYear(first: string, second: string, alone = false): number {
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

export function part(letter: string, n: string, fy: number): Period {
  return letter === 'q' ? quarterPeriod(fy, quarter(n, fy)) : halfYearPeriod(fy, half(n, fy));
}

export function ordered(first: number, last: number): void {
  if (last < first) fail('the range ends before it starts');
}

/** A real day, or the reason it is not one; `written` rewrites a day in the notation it was written in. */
export function dayPeriod(y: number, m: number, d: number, written: (y: number, m: number, d: number) => string): Period {
  checkYear(y);
  if (d < 1) advise(`there is no such day: days of the month start at 1: write e.g. \`${written(y, m, 1)}\``);
  const last = daysInMonth(y, m);
  if (d > last) advise(`there is no such day: ${MONTHS[m - 1]} ${y} has ${last} days: write \`${written(y, m, last)}\` for its last day`);
  const day = dayFromYmd(y, m, d);
  return make('day', day, day);
}

export function monthPeriod(y: number, m: number): Period {
  checkYear(y);
  return make('month', dayFromYmd(y, m, 1), dayFromYmd(y, m, daysInMonth(y, m)));
}

/** `October-December 2024`, for a span within one calendar year */
function monthSpan(p: Period): string {
  const [a, b] = [ymdFromDay(p.start), ymdFromDay(p.end)];
  return `${MONTHS[a.m - 1]}-${MONTHS[b.m - 1]} ${b.y}`;
}

/** `Q4 2024`: a calendar quarter, or a financial one with half its year; names both. */
export function calendarQuarter(q: string, y: string): never {
  const year = checkYear(Number(y));
  const n = quarter(q, year);
  const calendar = quarterOf(dayFromYmd(year, 3 * n - 2, 1));
  const financial = quarterPeriod(year, n);
  advise(`it could be the calendar quarter ${monthSpan(calendar)} (\`${calendar.canonical}\`) or Q${n} of the financial year ${fyLabel(year)} (${monthSpan(financial)}): write \`${calendar.canonical}\` or \`${financial.canonical}\``);
}

const SEASON_START: Record<string, number> = { spring: 3, summer: 6, autumn: 9, fall: 9, winter: 12 };

/** `Winter 2024/25`: names the two quarters the season spans. */
export function season(name: string, year: string | undefined, second: string | undefined, context: PeriodContext): never {
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
export function ukDate(d: number, m: number, yText: string, sep: string): Period {
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

export function dayWithMonthName(d: string, name: string, yText: string, twoDigitYear: boolean): Period | undefined {
  const m = MONTH_NUMBERS.get(name);
  if (m === undefined) return undefined;
  const written = (y: number, mm: number, dd: number) => `${dd} ${MONTHS[mm - 1]} ${y}`;
  if (yText.length === 4) return dayPeriod(Number(yText), m, Number(d), written);
  if (twoDigitYear && yText.length === 2) return dayPeriod(fullYear(yText), m, Number(d), written);
  advise(`write the year in full, e.g. \`${written(yText.length === 2 ? fullYear(yText) : 2025, m, Number(d))}\``);
}
