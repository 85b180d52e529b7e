/**
 * NHS period parsing, formatting and arithmetic, in one place for the rest of the code:
 * - `periods/calendar.ts`: calendar days and their arithmetic;
 * - `periods/financial.ts`: financial years, halves and quarters, and their canonical form;
 * - `periods/parse.ts`: the one parser of written periods (`periods/notations.ts` lists the notations,
 *   `periods/readers.ts` reads their pieces and explains the rejected ones).
 *
 * The NHS financial year (FY) runs 1 April - 31 March; FY 2024/25 starts on 1 Apr 2024. Quarters count from
 * April, so Q4 2024/25 is Jan-Mar 2025. A period is due at its end. Pure: no I/O, and the clock is only read
 * by `todayDay()`.
 */
export { addCadence, dayFromIso, dayFromYmd, daysBetween, daysInMonth, formatDay, isLeapYear, isoFromDay, todayDay, ymdFromDay, type Cadence, type Day } from './periods/calendar.js';
export {
  comparePeriods, financialYearOf, financialYearPeriod, formatPeriod, formatRange, fyLabel, halfYearPeriod, monthOf, nextQuarter, quarterOf, quarterPeriod,
  quartersOverlapping, type Period, type PeriodKind,
} from './periods/financial.js';
export { MAX_YEAR, MIN_YEAR } from './periods/readers.js';
export {
  isCanonical, MAX_PERIOD_LENGTH, parsePeriod, parsePlanPeriod, PERIOD_EXAMPLES, type PeriodContext, type PeriodResult, type PlanPeriodResult,
} from './periods/parse.js';
