/**
 * Every notation a period may be written in, tried in turn on the normalised text.
 * Every pattern is anchored and built from bounded quantifiers over disjoint pieces, so matching is linear
 * (no ReDoS); input length is capped as well (see parse.ts).
 */
import { dayFromYmd, MONTH_NUMBERS, MONTHS, pad } from './calendar.js';
import { financialYearPeriod, fyLabel, make, type Period } from './financial.js';
import type { PeriodContext } from './parse.js';
import {
  advise, calendarQuarter, checkYear, dayPeriod, dayWithMonthName, fail, financialYear, fullYear, monthPeriod, ordered, part, season, ukDate,
} from './readers.js';

const FY = String.raw`(\d{4}|\d{2})[/-](\d{4}|\d{2})`;
const QUARTER_FIRST = new RegExp(`^q(\\d{1,2}) ${FY}$`);
const QUARTER_LAST = new RegExp(`^${FY} q(\\d{1,2})$`);
const HALF_FIRST = new RegExp(`^h(\\d{1,2}) ${FY}$`);
const HALF_LAST = new RegExp(`^${FY} h(\\d{1,2})$`);
const BARE_PART = /^([qh])(\d{1,2})$/;
const CALENDAR_QUARTER = /^(?:q(\d{1,2}) (\d{4})|(\d{4}) q(\d{1,2}))$/;
const FY_ONLY = new RegExp(`^${FY}$`);
const FY_RANGE = new RegExp(`^${FY}(?:-| to )${FY}$`);
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

export function parseNormalized(s: string, context: PeriodContext): Period | undefined {
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
