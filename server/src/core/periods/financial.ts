/**
 * NHS financial periods: the financial year runs 1 April - 31 March (FY 2024/25 starts on 1 Apr 2024), and
 * quarters count from April, so Q4 2024/25 is Jan-Mar 2025. A period is due at its end. Pure.
 */
import { dayFromYmd, daysInMonth, formatDay, isoFromDay, MONTHS, pad, shiftMonth, ymdFromDay, type Day } from './calendar.js';

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

/** `2024/25` for 2024; the century wraps, so 2099 gives `2099/00`. */
export function fyLabel(fy: number): string {
  return `${fy}/${pad((fy + 1) % 100, 2)}`;
}

export function halfYearPeriod(fy: number, half: number): Period {
  const start = shiftMonth(fy, 4, (half - 1) * 6);
  const next = shiftMonth(start.y, start.m, 6);
  return make('half-year', dayFromYmd(start.y, start.m, 1), dayFromYmd(next.y, next.m, 1) - 1);
}

export function make(kind: PeriodKind, start: Day, end: Day, relative?: { from: number; to: number }): Period {
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

export function quarterIndex(month: number): number {
  return month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4;
}
export function formatRange(period: Period): string {
  if (period.start === period.end) return formatDay(period.end);
  const start = ymdFromDay(period.start);
  const sameYear = start.y === ymdFromDay(period.end).y;
  const from = sameYear ? `${start.d} ${MONTHS[start.m - 1].slice(0, 3)}` : formatDay(period.start);
  return `${from} - ${formatDay(period.end)}`;
}

