/**
 * Calendar days: whole days since 1970-01-01 (UTC), their arithmetic (proleptic Gregorian, days-from-civil)
 * and how they are written. Pure: the clock is only read by `todayDay()`.
 */

export type Day = number;
export type Cadence = 'quarterly' | 'biannual' | 'annual';

export const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** full and three-letter month names, plus the common `sept` */
export const MONTH_NUMBERS = new Map<string, number>([
  ...MONTHS.flatMap((name, i): Array<[string, number]> => [[name.toLowerCase(), i + 1], [name.slice(0, 3).toLowerCase(), i + 1]]),
  ['sept', 9],
]);

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
export function shiftMonth(y: number, m: number, months: number): { y: number; m: number } {
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

export const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function isoFromDay(day: Day): string {
  const { y, m, d } = ymdFromDay(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

export function formatDay(day: Day): string {
  const { y, m, d } = ymdFromDay(day);
  return `${d} ${MONTHS[m - 1].slice(0, 3)} ${y}`;
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
