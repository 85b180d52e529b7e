import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  addCadence,
  comparePeriods,
  dayFromIso,
  daysBetween,
  financialYearOf,
  formatDay,
  formatPeriod,
  formatRange,
  isCanonical,
  isoFromDay,
  nextQuarter,
  parsePeriod,
  parsePlanPeriod,
  quarterOf,
  quartersOverlapping,
  todayDay,
  type Day,
  type Period,
  type PeriodContext,
} from '../server/src/core/periods.js';
import { cplan, tempTree } from './helpers/cli.js';

const plan: PeriodContext = { firstFinancialYear: 2024 };

function day(iso: string): Day {
  const d = dayFromIso(iso);
  assert.notEqual(d, undefined, `${iso} should be a real date`);
  return d as Day;
}

function parse(text: string, context: PeriodContext | undefined = plan): Period {
  const result = parsePeriod(text, context);
  if (!result.ok) assert.fail(`expected ${JSON.stringify(text)} to parse: ${result.message}`);
  return result.period;
}

function invalid(text: string, context: PeriodContext | undefined = plan): string {
  const result = parsePeriod(text, context);
  if (result.ok) assert.fail(`expected ${JSON.stringify(text)} to be invalid, got ${result.period.canonical}`);
  return result.message;
}

/** kind, canonical form, first and last day (ISO) */
function expectPeriod(text: string, kind: Period['kind'], canonical: string, start: string, end: string): void {
  const p = parse(text);
  assert.deepEqual(
    { kind: p.kind, canonical: p.canonical, start: isoFromDay(p.start), end: isoFromDay(p.end) },
    { kind, canonical, start, end },
    `parsing ${JSON.stringify(text)}`,
  );
}

const EXAMPLES = 'Write e.g. `Q4 2024/25`, `March 2025`, `2025-03-31`, `2025/26` or `Year 1`.';

describe('periods', () => {
  describe('dates', () => {
    it('converts ISO dates to day numbers and back', () => {
      assert.equal(dayFromIso('1970-01-01'), 0);
      assert.equal(dayFromIso('1970-01-02'), 1);
      assert.equal(dayFromIso('1969-12-31'), -1);
      assert.equal(dayFromIso('2025-03-31'), Date.UTC(2025, 2, 31) / 86_400_000);
      assert.equal(isoFromDay(day('2025-03-31')), '2025-03-31');
      assert.equal(isoFromDay(day('1900-01-01')), '1900-01-01');
      assert.equal(isoFromDay(day('2199-12-31')), '2199-12-31');
    });

    it('agrees with Date.UTC on every day from 1900 to 2200', () => {
      const first = Date.UTC(1900, 0, 1) / 86_400_000;
      const last = Date.UTC(2200, 11, 31) / 86_400_000;
      for (let d = first; d <= last; d++) {
        const iso = new Date(d * 86_400_000).toISOString().slice(0, 10);
        assert.equal(isoFromDay(d), iso);
        if (d % 97 === 0) assert.equal(dayFromIso(iso), d);
      }
    });

    it('accepts only strict YYYY-MM-DD real dates', () => {
      for (const bad of ['2025-3-31', '25-03-31', '2025/03/31', ' 2025-03-31', '2025-03-31T00:00', '2025-00-10', '2025-13-01', '2025-04-31', '2025-02-29', '2100-02-29', '2025-01-00', '2025-01-32', '']) {
        assert.equal(dayFromIso(bad), undefined, bad);
      }
    });

    it('knows leap years', () => {
      assert.notEqual(dayFromIso('2024-02-29'), undefined);
      assert.notEqual(dayFromIso('2000-02-29'), undefined);
      assert.equal(dayFromIso('2100-02-29'), undefined);
      assert.equal(dayFromIso('1900-02-29'), undefined);
      assert.equal(daysBetween(day('2024-02-28'), day('2024-03-01')), 2);
      assert.equal(daysBetween(day('2025-02-28'), day('2025-03-01')), 1);
    });

    it('formats days', () => {
      assert.equal(formatDay(day('2025-03-31')), '31 Mar 2025');
      assert.equal(formatDay(day('2024-04-01')), '1 Apr 2024');
      assert.equal(formatDay(day('2024-09-09')), '9 Sep 2024');
    });

    it('counts days between', () => {
      assert.equal(daysBetween(day('2025-01-01'), day('2025-03-31')), 89);
      assert.equal(daysBetween(day('2025-03-31'), day('2025-01-01')), -89);
      assert.equal(daysBetween(day('2025-03-31'), day('2025-03-31')), 0);
    });

    it('reads today from the clock as a UTC date', () => {
      const before = Math.floor(Date.now() / 86_400_000);
      const today = todayDay();
      const after = Math.floor(Date.now() / 86_400_000);
      assert.ok(today >= before && today <= after);
      assert.match(isoFromDay(today), /^\d{4}-\d{2}-\d{2}$/);
    });
  });

  describe('parsePeriod: quarters', () => {
    it('accepts every quarter notation', () => {
      for (const text of ['Q4 2024/25', 'Q4 24/25', '2024/25 Q4', '2024-25 Q4', 'Q4 2024-25', 'Q4 2024/2025', 'q4 24/25', '  Q4   2024/25  ', '2024/25 q4', '24-25 Q4', 'Q4 2024 / 25', '2024-2025 Q4']) {
        expectPeriod(text, 'quarter', 'Q4 2024/25', '2025-01-01', '2025-03-31');
      }
    });

    it('places Q1-Q4 within the financial year', () => {
      expectPeriod('Q1 2024/25', 'quarter', 'Q1 2024/25', '2024-04-01', '2024-06-30');
      expectPeriod('Q2 2024/25', 'quarter', 'Q2 2024/25', '2024-07-01', '2024-09-30');
      expectPeriod('Q3 2024/25', 'quarter', 'Q3 2024/25', '2024-10-01', '2024-12-31');
      expectPeriod('Q4 2024/25', 'quarter', 'Q4 2024/25', '2025-01-01', '2025-03-31');
    });

    it('crosses the calendar year between Q3 and Q4', () => {
      const q3 = parse('Q3 24/25');
      const q4 = parse('Q4 24/25');
      assert.equal(daysBetween(q3.end, q4.start), 1);
      assert.equal(isoFromDay(q3.end), '2024-12-31');
      assert.equal(isoFromDay(q4.start), '2025-01-01');
    });

    it('handles the leap-year Q4 23/24 (91 days)', () => {
      const q = parse('Q4 23/24');
      assert.equal(isoFromDay(q.start), '2024-01-01');
      assert.equal(isoFromDay(q.end), '2024-03-31');
      assert.equal(daysBetween(q.start, q.end) + 1, 91);
      assert.equal(daysBetween(parse('Q4 24/25').start, parse('Q4 24/25').end) + 1, 90);
    });

    it('reads `Q4 99/00` as 2099/2100', () => {
      expectPeriod('Q4 99/00', 'quarter', 'Q4 2099/00', '2100-01-01', '2100-03-31');
      expectPeriod('Q1 2099/2100', 'quarter', 'Q1 2099/00', '2099-04-01', '2099-06-30');
      expectPeriod('2099/00', 'financial-year', '2099/00', '2099-04-01', '2100-03-31');
      // 2100 is not a leap year, so this Q4 has 90 days
      const q = parse('Q4 2099/00');
      assert.equal(daysBetween(q.start, q.end) + 1, 90);
    });
  });

  describe('parsePeriod: months, days and years', () => {
    it('accepts month names and abbreviations', () => {
      expectPeriod('June 2024', 'month', 'June 2024', '2024-06-01', '2024-06-30');
      expectPeriod('Jun 2024', 'month', 'June 2024', '2024-06-01', '2024-06-30');
      expectPeriod('march 2025', 'month', 'March 2025', '2025-03-01', '2025-03-31');
      expectPeriod('Sept 2024', 'month', 'September 2024', '2024-09-01', '2024-09-30');
      expectPeriod('Sep 2024', 'month', 'September 2024', '2024-09-01', '2024-09-30');
      expectPeriod('  DECEMBER   2024 ', 'month', 'December 2024', '2024-12-01', '2024-12-31');
      expectPeriod('Feb 2024', 'month', 'February 2024', '2024-02-01', '2024-02-29');
      expectPeriod('Feb 2100', 'month', 'February 2100', '2100-02-01', '2100-02-28');
    });

    it('accepts single days', () => {
      expectPeriod('2025-03-31', 'day', '2025-03-31', '2025-03-31', '2025-03-31');
      expectPeriod(' 2024-02-29 ', 'day', '2024-02-29', '2024-02-29', '2024-02-29');
      expectPeriod('2000-02-29', 'day', '2000-02-29', '2000-02-29', '2000-02-29');
    });

    it('accepts whole financial years', () => {
      expectPeriod('2025/26', 'financial-year', '2025/26', '2025-04-01', '2026-03-31');
      expectPeriod('2025-26', 'financial-year', '2025/26', '2025-04-01', '2026-03-31');
      expectPeriod('25/26', 'financial-year', '2025/26', '2025-04-01', '2026-03-31');
      expectPeriod('2025/2026', 'financial-year', '2025/26', '2025-04-01', '2026-03-31');
      expectPeriod('2023/24', 'financial-year', '2023/24', '2023-04-01', '2024-03-31');
    });

    it('accepts ranges of financial years', () => {
      for (const text of ['2023/24-2027/28', '2023/24 - 2027/28', '2023/24  to  2027/28', '2023/24 TO 2027/28', '23/24-27/28', '2023-24 - 2027-28', '2023/24 – 2027/28']) {
        expectPeriod(text, 'financial-years', '2023/24-2027/28', '2023-04-01', '2028-03-31');
      }
      expectPeriod('2024/25-2024/25', 'financial-years', '2024/25-2024/25', '2024-04-01', '2025-03-31');
    });

    it('accepts calendar years 1900-2199', () => {
      expectPeriod('2023', 'calendar-year', '2023', '2023-01-01', '2023-12-31');
      expectPeriod('1900', 'calendar-year', '1900', '1900-01-01', '1900-12-31');
      expectPeriod('2199', 'calendar-year', '2199', '2199-01-01', '2199-12-31');
    });

    it('accepts a number handed over by YAML', () => {
      expectPeriod(2023 as unknown as string, 'calendar-year', '2023', '2023-01-01', '2023-12-31');
    });
  });

  describe('parsePeriod: relative years', () => {
    it('counts from the first financial year of the plan', () => {
      expectPeriod('Year 1', 'relative-years', 'Year 1', '2024-04-01', '2025-03-31');
      expectPeriod('Years 2-5', 'relative-years', 'Years 2-5', '2025-04-01', '2029-03-31');
      expectPeriod('Year 2-5', 'relative-years', 'Years 2-5', '2025-04-01', '2029-03-31');
      expectPeriod('Years 2 - 5', 'relative-years', 'Years 2-5', '2025-04-01', '2029-03-31');
      expectPeriod('year 1-2', 'relative-years', 'Years 1-2', '2024-04-01', '2026-03-31');
      expectPeriod('Years 3', 'relative-years', 'Year 3', '2026-04-01', '2027-03-31');
    });

    it('keeps the year numbers as written', () => {
      assert.deepEqual(parse('Years 2-5').relative, { from: 2, to: 5 });
      assert.deepEqual(parse('Year 1').relative, { from: 1, to: 1 });
    });

    it('depends on the context', () => {
      const p = parse('Year 1', { firstFinancialYear: 2030 });
      assert.equal(isoFromDay(p.start), '2030-04-01');
      assert.equal(isoFromDay(p.end), '2031-03-31');
    });

    it("needs the plan's period", () => {
      for (const text of ['Year 1', 'Years 2-5']) {
        for (const result of [parsePeriod(text), parsePeriod(text, {})]) {
          assert.ok(!result.ok);
          const { message } = result;
          assert.match(message, /plan's `period`/);
          assert.ok(message.startsWith(`\`${text}\` is not a valid period`), message);
        }
      }
    });

    it('rejects Year 0 and reversed ranges', () => {
      assert.match(invalid('Year 0'), /start at `Year 1`/);
      assert.match(invalid('Years 0-2'), /start at `Year 1`/);
      assert.match(invalid('Years 5-2'), /ends before it starts/);
    });
  });

  describe('parsePeriod: what commissioners write', () => {
    const singleYear: PeriodContext = { firstFinancialYear: 2025, planFinancialYear: 2025 };
    const expectIn = (context: PeriodContext, text: string, kind: Period['kind'], canonical: string, start: string, end: string) => {
      const p = parse(text, context);
      assert.deepEqual(
        { kind: p.kind, canonical: p.canonical, start: isoFromDay(p.start), end: isoFromDay(p.end) },
        { kind, canonical, start, end },
        `parsing ${JSON.stringify(text)}`,
      );
    };

    it('reads UK dates, day first', () => {
      for (const text of ['31/03/2025', '31.03.2025', '31-03-2025', '31 March 2025', '31 Mar 2025', '31-Mar-2025', '31-Mar-25', '31st March 2025', '31 mar. 2025', ' 31 / 03 / 2025 ']) {
        expectPeriod(text, 'day', '2025-03-31', '2025-03-31', '2025-03-31');
      }
      expectPeriod('03/04/2025', 'day', '2025-04-03', '2025-04-03', '2025-04-03');
      expectPeriod('1/4/2025', 'day', '2025-04-01', '2025-04-01', '2025-04-01');
      expectPeriod('29/02/2024', 'day', '2024-02-29', '2024-02-29', '2024-02-29');
      expectPeriod('1-Sept-2024', 'day', '2024-09-01', '2024-09-01', '2024-09-01');
    });

    it('reads the end of a month as the month', () => {
      for (const text of ['end of March 2025', 'end March 2025', 'End of March 2025', 'by end of March 2025', 'by the end of March 2025', 'the end of March 2025']) {
        expectPeriod(text, 'month', 'March 2025', '2025-03-01', '2025-03-31');
      }
    });

    it("reads Excel's month display `Mar-25` as March 2025", () => {
      expectPeriod('Mar-25', 'month', 'March 2025', '2025-03-01', '2025-03-31');
      expectPeriod('mar-25', 'month', 'March 2025', '2025-03-01', '2025-03-31');
      expectPeriod('Mar-2025', 'month', 'March 2025', '2025-03-01', '2025-03-31');
      expectPeriod('Sep-24', 'month', 'September 2024', '2024-09-01', '2024-09-30');
      expectPeriod('Feb-24', 'month', 'February 2024', '2024-02-01', '2024-02-29');
    });

    it('keeps rejecting `March 25` and `Mar 25`, which could be 25 March', () => {
      for (const text of ['March 25', 'Mar 25']) {
        assert.equal(invalid(text), `\`${text}\` is not a valid period: write the year in full, e.g. \`March 2025\` (it could also be read as 25 March).`);
      }
    });

    it('reads financial years and quarters marked FY', () => {
      for (const text of ['Q4 FY24/25', 'Q4 FY2024/25', 'FY24/25 Q4', 'Q4 FY 2024/25', 'fy24/25 q4', 'Q4 FY2024-25']) {
        expectPeriod(text, 'quarter', 'Q4 2024/25', '2025-01-01', '2025-03-31');
      }
      expectPeriod('FY2024/25 Q3', 'quarter', 'Q3 2024/25', '2024-10-01', '2024-12-31');
      for (const text of ['FY24/25', 'FY2024/25', 'FY 2024/25', '2024/25 FY', 'FY 24-25', 'FY2024/2025']) {
        expectPeriod(text, 'financial-year', '2024/25', '2024-04-01', '2025-03-31');
      }
      expectPeriod('FY2023/24-FY2027/28', 'financial-years', '2023/24-2027/28', '2023-04-01', '2028-03-31');
    });

    it('rejects FY with one year, naming both years it could be', () => {
      assert.equal(invalid('FY2025'), '`FY2025` is not a valid period: `FY` with one year could be 2024/25 or 2025/26: write `2024/25` or `2025/26`.');
      assert.match(invalid('FY 25'), /could be 2024\/25 or 2025\/26/);
    });

    it('reads halves of a financial year', () => {
      expectPeriod('H1 2025/26', 'half-year', 'H1 2025/26', '2025-04-01', '2025-09-30');
      expectPeriod('H2 2024/25', 'half-year', 'H2 2024/25', '2024-10-01', '2025-03-31');
      expectPeriod('H1 FY25/26', 'half-year', 'H1 2025/26', '2025-04-01', '2025-09-30');
      expectPeriod('2025/26 H2', 'half-year', 'H2 2025/26', '2025-10-01', '2026-03-31');
      expectPeriod('h2 24/25', 'half-year', 'H2 2024/25', '2024-10-01', '2025-03-31');
      assert.equal(invalid('H3 2024/25'), '`H3 2024/25` is not a valid period: halves are H1 (April-September) and H2 (October-March): write e.g. `H2 2024/25`.');
      assert.equal(formatRange(parse('H2 2024/25')), '1 Oct 2024 - 31 Mar 2025');
      assert.equal(nextQuarter(parse('H1 2025/26')).canonical, 'Q3 2025/26');
    });

    it('ignores `by` and `end (of)` before a period', () => {
      for (const text of ['by Q4 2024/25', 'end Q4 24/25', 'end of Q4 2024/25', 'By Q4 FY24/25']) {
        expectPeriod(text, 'quarter', 'Q4 2024/25', '2025-01-01', '2025-03-31');
      }
      expectPeriod('by March 2025', 'month', 'March 2025', '2025-03-01', '2025-03-31');
      expectPeriod('by 31/03/2025', 'day', '2025-03-31', '2025-03-31', '2025-03-31');
      expectPeriod('by 2025/26', 'financial-year', '2025/26', '2025-04-01', '2026-03-31');
      expectPeriod('by Year 2', 'relative-years', 'Year 2', '2025-04-01', '2026-03-31');
    });

    it("reads a bare quarter or half in the plan's single financial year", () => {
      expectIn(singleYear, 'Q2', 'quarter', 'Q2 2025/26', '2025-07-01', '2025-09-30');
      expectIn(singleYear, 'by Q2', 'quarter', 'Q2 2025/26', '2025-07-01', '2025-09-30');
      expectIn(singleYear, 'end of Q4', 'quarter', 'Q4 2025/26', '2026-01-01', '2026-03-31');
      expectIn(singleYear, 'H2', 'half-year', 'H2 2025/26', '2025-10-01', '2026-03-31');
      expectIn({ planFinancialYear: 2030 }, 'q1', 'quarter', 'Q1 2030/31', '2030-04-01', '2030-06-30');
    });

    it('rejects a bare quarter without a single-year plan period, saying to add the year', () => {
      const expected = (text: string, example: string) =>
        `\`${text}\` is not a valid period: a quarter needs its financial year unless the plan's \`period\` is a single financial year: write e.g. \`${example}\`.`;
      assert.equal(invalid('Q2', { firstFinancialYear: 2025 }), expected('Q2', 'Q2 2025/26'));
      assert.equal(invalid('by Q2', { firstFinancialYear: 2025 }), expected('by Q2', 'Q2 2025/26'));
      assert.equal(invalid('Q2', {}), expected('Q2', 'Q2 2025/26'));
      const without = parsePeriod('Q2');
      assert.ok(!without.ok);
      assert.equal(without.message, expected('Q2', 'Q2 2025/26'));
      assert.match(invalid('Q5', singleYear), /quarters are Q1-Q4/);
      assert.match(invalid('Q5', {}), /quarters are Q1-Q4/);
    });

    it('reads TBC as unscheduled only where allowed (a milestone due)', () => {
      for (const text of ['TBC', 'TBD', 'tbc', 'to be confirmed', 'To Be Confirmed', ' TBC ']) {
        const result = parsePeriod(text, { ...singleYear, allowUnscheduled: true });
        assert.ok(!result.ok && result.unscheduled, `${text} is unscheduled`);
      }
      const elsewhere = parsePeriod('TBC', singleYear);
      assert.ok(!elsewhere.ok && !elsewhere.unscheduled);
      assert.equal(elsewhere.message, "`TBC` is not a valid period: a date is needed here; `TBC` is accepted only as a milestone's `due`: write the period, e.g. `Q4 2025/26`.");
      const other = parsePeriod('soon', { allowUnscheduled: true });
      assert.ok(!other.ok && !other.unscheduled, 'only TBC-like words are unscheduled');
      assert.equal(parsePlanPeriod('TBC').ok, false);
    });

    it('rejects month-first dates, saying dates are day first', () => {
      assert.equal(invalid('03/31/2025'), '`03/31/2025` is not a valid period: dates are written day first (DD/MM/YYYY) and there is no month 31: for 31 March write `31/03/2025`.');
      assert.match(invalid('02/30/2025'), /day first \(DD\/MM\/YYYY\) and there is no month 30\./);
      assert.match(invalid('31/13/2025'), /months are 01-12/);
      assert.equal(invalid('31/03/25'), '`31/03/25` is not a valid period: write the year in full: `31/03/2025`.');
      assert.equal(invalid('31 March 25'), '`31 March 25` is not a valid period: write the year in full, e.g. `31 March 2025`.');
    });

    it('rejects impossible dates, saying the last day of the month', () => {
      assert.equal(invalid('31/02/2025'), '`31/02/2025` is not a valid period: there is no such day: February 2025 has 28 days: write `28/02/2025` for its last day.');
      assert.equal(invalid('31 April 2025'), '`31 April 2025` is not a valid period: there is no such day: April 2025 has 30 days: write `30 April 2025` for its last day.');
      assert.equal(invalid('29-Feb-25'), '`29-Feb-25` is not a valid period: there is no such day: February 2025 has 28 days: write `28 February 2025` for its last day.');
      assert.match(invalid('0/03/2025'), /days of the month start at 1/);
      assert.match(invalid('31/03/1850'), /between 1900 and 2199/);
    });

    it('rejects seasons, naming the quarters they span', () => {
      assert.equal(invalid('Spring 2025'), '`Spring 2025` is not a valid period: a season is not a period; spring 2025 spans Q4 2024/25 and Q1 2025/26: write `Q4 2024/25` or `Q1 2025/26`.');
      assert.equal(invalid('Winter 2024/25'), '`Winter 2024/25` is not a valid period: a season is not a period; winter 2024/25 spans Q3 and Q4 2024/25: write `Q3 2024/25` or `Q4 2024/25`.');
      assert.match(invalid('Summer 2025'), /summer 2025 spans Q1 and Q2 2025\/26: write `Q1 2025\/26` or `Q2 2025\/26`\.$/);
      assert.match(invalid('Autumn 2025'), /autumn 2025 spans Q2 and Q3 2025\/26/);
      assert.match(invalid('winter 24-25'), /winter 2024\/25 spans Q3 and Q4 2024\/25/);
      assert.match(invalid('Winter', singleYear), /winter spans Q3 and Q4 2025\/26/);
    });

    it('rejects a quarter of a calendar year, naming both quarters it could be', () => {
      assert.equal(invalid('Q4 2024'), '`Q4 2024` is not a valid period: it could be the calendar quarter October-December 2024 (`Q3 2024/25`) or Q4 of the financial year 2024/25 (January-March 2025): write `Q3 2024/25` or `Q4 2024/25`.');
      assert.match(invalid('Q1 2025'), /calendar quarter January-March 2025 \(`Q4 2024\/25`\) or Q1 of the financial year 2025\/26 \(April-June 2025\)/);
      assert.match(invalid('Q5 2024'), /quarters are Q1-Q4/);
    });

    it('rejects `Q5` and a financial year whose years do not follow', () => {
      assert.equal(invalid('Q5', singleYear), '`Q5` is not a valid period: quarters are Q1-Q4 (Q1 April-June to Q4 January-March): write e.g. `Q4 2025/26`.');
      assert.equal(invalid('2024/26'), '`2024/26` is not a valid period: the second year of a financial year must follow the first: write `2024/25`, or `2024/25-2025/26` for 2 years.');
    });

    it('keeps the plan period to year notations', () => {
      const fy = parsePlanPeriod('FY 2024/25');
      assert.ok(fy.ok && fy.period.canonical === '2024/25');
      for (const text of ['by 2024/25', 'end of 2024/25', 'Q2', 'TBC']) assert.equal(parsePlanPeriod(text).ok, false, text);
    });
  });

  describe('parsePeriod: invalid input', () => {
    it('explains what is accepted', () => {
      assert.equal(
        invalid('Q5 24/25'),
        '`Q5 24/25` is not a valid period: quarters are Q1-Q4 (Q1 April-June to Q4 January-March): write e.g. `Q4 2024/25`.',
      );
      assert.equal(invalid('next year'), '`next year` is not a valid period. ' + EXAMPLES);
      assert.equal(invalid(''), 'A period is required. ' + EXAMPLES);
      assert.equal(invalid('   '), 'A period is required. ' + EXAMPLES);
    });

    /** text, its reason, and how the message ends: what to write instead, or the general examples */
    const cases: Array<[string, RegExp | undefined, string?]> = [
      ['Q5 24/25', /quarters are Q1-Q4/, 'write e.g. `Q4 2024/25`.'],
      ['Q0 24/25', /quarters are Q1-Q4/, 'write e.g. `Q4 2024/25`.'],
      ['2024/25 Q9', /quarters are Q1-Q4/, 'write e.g. `Q4 2024/25`.'],
      ['Q4 24/24', /must follow the first, e\.g\. `2024\/25`/],
      ['Q4 2024/26', /must follow the first/],
      ['2024/26', /must follow the first/, 'write `2024/25`, or `2024/25-2025/26` for 2 years.'],
      ['2024/2026', /must follow the first/, 'write `2024/25`, or `2024/25-2025/26` for 2 years.'],
      ['2024/23', /must follow the first/, 'write `2024/25`.'],
      ['2024/25-2023/24', /ends before it starts/],
      ['2023/24-2027/29', /must follow the first/],
      ['2025-13-01', /months are 01-12/],
      ['2025-00-01', /months are 01-12/],
      ['2025-02-29', /February 2025 has 28 days/, 'write `2025-02-28` for its last day.'],
      ['2025-02-30', /February 2025 has 28 days/, 'write `2025-02-28` for its last day.'],
      ['2100-02-29', /February 2100 has 28 days/, 'write `2100-02-28` for its last day.'],
      ['2025-04-31', /April 2025 has 30 days/, 'write `2025-04-30` for its last day.'],
      ['2025-01-00', /no such day/, 'write e.g. `2025-01-01`.'],
      ['1850-01-01', /between 1900 and 2199/],
      ['1899', /between 1900 and 2199/],
      ['2200', /between 1900 and 2199/],
      ['June 1850', /between 1900 and 2199/],
      ['June 24', /year in full, e\.g\. `June 2024`/, '(it could also be read as 24 June).'],
      ['Sept 24', /year in full/, 'e.g. `September 2024` (it could also be read as 24 September).'],
      ['Q4', /needs its financial year/, 'write e.g. `Q4 2024/25`.'],
      ['Q4 2024', /calendar quarter October-December 2024/, 'write `Q3 2024/25` or `Q4 2024/25`.'],
      ['2024 Q4', /calendar quarter October-December 2024/, 'write `Q3 2024/25` or `Q4 2024/25`.'],
      ['13 2024', undefined],
      ['next year', undefined],
      ['Jnue 2024', undefined],
      ['Quarter 4 2024/25', undefined],
      ['Q4 2024/25 and Q1 2025/26', undefined],
      ['Q4 2024/25 Q4', undefined],
      ['2025-3-31', undefined],
      ['2025-03-31-2025-04-30', undefined],
      ['202', undefined],
      ['20245', undefined],
      ['Year', undefined],
      ['Year one', undefined],
      ['Years 2-', undefined],
      ['Year -1', undefined],
      ['Y1', undefined],
      ['2024/25-', undefined],
      ['2024/25 to', undefined],
      ['2024/25--2025/26', undefined],
      ['2024//25', undefined],
      ['TBC', /a date is needed here/, 'write the period, e.g. `Q4 2024/25`.'],
      ['ongoing', undefined],
      ['by', undefined],
      ['by TBC', undefined],
      ['end of', undefined],
      ['FY', undefined],
      ['FY Q4', undefined],
      ['Q4 FY', undefined],
      ['2024/25 FY FY', undefined],
      ['31 Smarch 2025', undefined],
      ['Mrc-25', undefined],
      ['31/03.2025', undefined],
    ];
    for (const [text, reason, ending] of cases) {
      it(`rejects ${JSON.stringify(text)}`, () => {
        const message = invalid(text);
        assert.ok(message.startsWith(`\`${text}\` is not a valid period`), message);
        assert.ok(message.endsWith(ending ?? EXAMPLES), message);
        if (ending) assert.ok(!message.includes(EXAMPLES), `a specific suggestion replaces the general examples: ${message}`);
        if (reason) assert.match(message, reason);
      });
    }

    it('rejects input longer than 64 characters', () => {
      const long = 'Q4 2024/25' + ' '.repeat(10) + 'x'.repeat(60);
      const message = invalid(long);
      assert.match(message, /longer than 64 characters/);
      assert.ok(message.length < 200, 'does not echo the whole input');
      // surrounding spaces do not count
      expectPeriod(' '.repeat(100) + 'Q4 2024/25' + ' '.repeat(100), 'quarter', 'Q4 2024/25', '2025-01-01', '2025-03-31');
    });

    it('rejects a 100 KB adversarial string quickly', () => {
      const inputs = [
        'Q4 ' + '2024/25 '.repeat(12_500),
        'Year ' + '1-'.repeat(50_000),
        ' '.repeat(50_000) + 'x' + ' '.repeat(50_000),
        'a'.repeat(100_000),
        '2024/25-'.repeat(12_500),
      ];
      for (const input of inputs) {
        const started = performance.now();
        const result = parsePeriod(input, plan);
        const elapsed = performance.now() - started;
        assert.equal(result.ok, false);
        assert.ok(elapsed < 200, `took ${elapsed} ms`);
      }
    });
  });

  describe('formatPeriod and isCanonical', () => {
    it('formats every kind canonically', () => {
      const expected: Array<[string, string]> = [
        ['q4 24/25', 'Q4 2024/25'],
        ['jun 2024', 'June 2024'],
        ['2025-03-31', '2025-03-31'],
        ['2025-26', '2025/26'],
        ['23/24 to 27/28', '2023/24-2027/28'],
        ['2023', '2023'],
        ['year 1', 'Year 1'],
        ['years 2 - 5', 'Years 2-5'],
      ];
      for (const [text, canonical] of expected) {
        assert.equal(formatPeriod(parse(text)), canonical);
      }
    });

    it('formats a relative period without year numbers as the financial years it covers', () => {
      const { relative: _, ...p } = parse('Years 2-5');
      assert.equal(formatPeriod(p), '2025/26-2028/29');
    });

    it('recognises canonical text', () => {
      for (const text of ['Q4 2024/25', 'March 2025', '2025-03-31', '2025/26', '2023/24-2027/28', '2023', 'Year 1', 'Years 2-5']) {
        assert.equal(isCanonical(text, plan), true, text);
        assert.equal(isCanonical(`  ${text} `, plan), true, `${text} with spaces`);
      }
      for (const text of ['Q4 24/25', '2024/25 Q4', 'Mar 2025', 'march 2025', '2025-26', '2023/24 - 2027/28', 'Year 2-5', 'Years 1', 'Q5 24/25', '']) {
        assert.equal(isCanonical(text, plan), false, text);
      }
      assert.equal(isCanonical('Year 1'), false, 'not parseable without a context');
    });

    it('round-trips through formatPeriod', () => {
      const inputs = [
        'Q1 2024/25', 'Q2 24/25', 'Q3 2024-25', '2024/25 Q4', 'Q4 23/24', 'Q4 99/00', 'Q1 1999/00',
        'June 2024', 'Sept 2024', 'feb 2024', 'December 2199',
        '2025-03-31', '2024-02-29', '2000-02-29', '1900-01-01',
        '2025/26', '1999/2000', '2023/24-2027/28', '2023/24 to 2027/28',
        '2023', '1900', '2199',
        'Year 1', 'Years 2-5', 'Year 3-3', 'Years 10-12',
      ];
      for (const text of inputs) {
        const p = parse(text);
        const again = parse(formatPeriod(p));
        assert.deepEqual(again, p, text);
        assert.equal(isCanonical(p.canonical, plan), true, text);
      }
    });
  });

  describe('formatRange', () => {
    it('shows the year once when both ends share it', () => {
      assert.equal(formatRange(parse('Q4 2024/25')), '1 Jan - 31 Mar 2025');
      assert.equal(formatRange(parse('June 2024')), '1 Jun - 30 Jun 2024');
      assert.equal(formatRange(parse('2023')), '1 Jan - 31 Dec 2023');
    });

    it('shows both years across a year boundary', () => {
      assert.equal(formatRange(parse('2024/25')), '1 Apr 2024 - 31 Mar 2025');
      assert.equal(formatRange(parse('Years 2-5')), '1 Apr 2025 - 31 Mar 2029');
    });

    it('shows a single day once', () => {
      assert.equal(formatRange(parse('2025-03-31')), '31 Mar 2025');
    });
  });

  describe('parsePlanPeriod', () => {
    it('accepts a financial year or a range of them', () => {
      const one = parsePlanPeriod('2024/25');
      assert.ok(one.ok);
      assert.equal(one.firstFinancialYear, 2024);
      assert.equal(one.lastFinancialYear, 2024);
      assert.equal(one.period.kind, 'financial-year');

      const range = parsePlanPeriod(' 2023/24 - 2027/28 ');
      assert.ok(range.ok);
      assert.equal(range.firstFinancialYear, 2023);
      assert.equal(range.lastFinancialYear, 2027);
      assert.equal(range.period.canonical, '2023/24-2027/28');
    });

    it('rejects other kinds of period', () => {
      for (const text of ['Q4 2024/25', 'March 2025', '2025-03-31', '2023', 'Year 1', 'soon', '', '2024/26']) {
        const result = parsePlanPeriod(text);
        assert.equal(result.ok, false, text);
        if (!result.ok) {
          assert.match(result.message, /financial year such as `2024\/25` or a range such as `2023\/24-2027\/28`/);
          assert.doesNotMatch(result.message, /Year 1`\.$/, 'does not suggest relative years');
        }
      }
      const quarter = parsePlanPeriod('Q4 24/25');
      assert.ok(!quarter.ok);
      assert.match(quarter.message, /^`Q4 2024\/25` is not a financial year/);
    });

    it('feeds parsePeriod the context for relative years', () => {
      const plan = parsePlanPeriod('2024/25-2028/29');
      assert.ok(plan.ok);
      const years = parse('Years 2-5', { firstFinancialYear: plan.firstFinancialYear });
      assert.equal(years.end, plan.period.end);
    });
  });

  describe('financial years and quarters of a day', () => {
    it('switches financial year between 31 March and 1 April', () => {
      assert.equal(financialYearOf(day('2025-03-31')), 2024);
      assert.equal(financialYearOf(day('2025-04-01')), 2025);
      assert.equal(financialYearOf(day('2025-01-01')), 2024);
      assert.equal(financialYearOf(day('2024-12-31')), 2024);
    });

    it('finds the quarter containing a day', () => {
      assert.equal(quarterOf(day('2025-03-31')).canonical, 'Q4 2024/25');
      assert.equal(quarterOf(day('2025-04-01')).canonical, 'Q1 2025/26');
      assert.equal(quarterOf(day('2024-06-30')).canonical, 'Q1 2024/25');
      assert.equal(quarterOf(day('2024-07-01')).canonical, 'Q2 2024/25');
      assert.equal(quarterOf(day('2024-12-31')).canonical, 'Q3 2024/25');
      assert.equal(quarterOf(day('2025-01-01')).canonical, 'Q4 2024/25');
      assert.equal(quarterOf(day('2100-02-15')).canonical, 'Q4 2099/00');
      assert.deepEqual(quarterOf(day('2025-02-14')), parse('Q4 24/25'));
    });

    it('moves to the next quarter', () => {
      assert.equal(nextQuarter(parse('Q1 2024/25')).canonical, 'Q2 2024/25');
      assert.equal(nextQuarter(parse('Q3 2024/25')).canonical, 'Q4 2024/25');
      assert.equal(nextQuarter(parse('Q4 2024/25')).canonical, 'Q1 2025/26');
      assert.equal(nextQuarter(parse('Q4 2099/00')).canonical, 'Q1 2100/01');
      assert.equal(nextQuarter(parse('2025-03-31')).canonical, 'Q1 2025/26');
      assert.equal(nextQuarter(parse('2024/25')).canonical, 'Q1 2025/26');
      assert.equal(nextQuarter(parse('February 2025')).canonical, 'Q1 2025/26');
    });

    it('lists the quarters overlapping a span', () => {
      const fy = parse('2024/25');
      assert.deepEqual(
        quartersOverlapping(fy.start, fy.end).map((q) => q.canonical),
        ['Q1 2024/25', 'Q2 2024/25', 'Q3 2024/25', 'Q4 2024/25'],
      );
      assert.deepEqual(
        quartersOverlapping(day('2024-06-30'), day('2024-07-01')).map((q) => q.canonical),
        ['Q1 2024/25', 'Q2 2024/25'],
      );
      assert.deepEqual(quartersOverlapping(day('2024-05-05'), day('2024-05-05')).map((q) => q.canonical), ['Q1 2024/25']);
      assert.deepEqual(quartersOverlapping(day('2024-05-05'), day('2024-05-04')), []);
      const years = parse('2023/24-2027/28');
      const all = quartersOverlapping(years.start, years.end);
      assert.equal(all.length, 20);
      for (let i = 1; i < all.length; i++) assert.equal(all[i].start, all[i - 1].end + 1);
    });
  });

  describe('addCadence', () => {
    const add = (iso: string, cadence: 'quarterly' | 'biannual' | 'annual') => isoFromDay(addCadence(day(iso), cadence));

    it('adds 3, 6 or 12 calendar months', () => {
      assert.equal(add('2024-04-15', 'quarterly'), '2024-07-15');
      assert.equal(add('2024-04-15', 'biannual'), '2024-10-15');
      assert.equal(add('2024-04-15', 'annual'), '2025-04-15');
      assert.equal(add('2024-11-30', 'quarterly'), '2025-02-28');
      assert.equal(add('2024-12-31', 'biannual'), '2025-06-30');
    });

    it('clamps the day of the month', () => {
      assert.equal(add('2025-01-31', 'quarterly'), '2025-04-30');
      assert.equal(add('2024-02-29', 'annual'), '2025-02-28');
      assert.equal(add('2023-11-30', 'quarterly'), '2024-02-29');
      assert.equal(add('2024-08-31', 'biannual'), '2025-02-28');
      assert.equal(add('2099-11-30', 'quarterly'), '2100-02-28');
      assert.equal(add('2025-03-31', 'quarterly'), '2025-06-30');
    });

    it('keeps the day of the month rather than snapping to month ends', () => {
      assert.equal(add('2025-03-31', 'annual'), '2026-03-31');
      assert.equal(add('2024-09-30', 'biannual'), '2025-03-30');
    });
  });

  describe('comparePeriods', () => {
    it('orders by end, then by start', () => {
      const texts = ['2024/25', 'Q4 2024/25', 'March 2025', '2025-03-31', 'Q3 2024/25', '2025-03-30', '2023/24-2024/25'];
      const sorted = texts.map((t) => parse(t)).sort(comparePeriods).map((p) => p.canonical);
      assert.deepEqual(sorted, ['Q3 2024/25', '2025-03-30', '2023/24-2024/25', '2024/25', 'Q4 2024/25', 'March 2025', '2025-03-31']);
      assert.equal(comparePeriods(parse('Q1 24/25'), parse('Q1 2024/25')), 0);
    });
  });
});

describe('docs/format.md: the periods section', () => {
  const DOCS = new URL('../../docs/format.md', import.meta.url);
  const section = () => {
    const text = fs.readFileSync(DOCS, 'utf8').replace(/\r\n/g, '\n');
    return text.slice(text.indexOf('\n## Periods\n'), text.indexOf('\n## The review date\n'));
  };
  /** The rows of the table whose header starts with `first`, as trimmed cells. */
  const table = (first: string) => {
    const lines = section().split('\n');
    const header = lines.findIndex((line) => line.startsWith(`| ${first} |`));
    assert.ok(header >= 0, `a table headed ${first}`);
    const rows: string[][] = [];
    for (let i = header + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i].slice(1, -1).split('|').map((c) => c.trim()));
    return rows;
  };
  const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  /** `for a plan `2025/26`: rest` or `… in a plan `2025/26``: the plan's context and what is left */
  const planContext = (cell: string): { context: PeriodContext; rest: string } => {
    const match = /(?:^for| in) a plan `([^`]+)`:? ?/.exec(cell);
    if (!match) return { context: {}, rest: cell };
    const planPeriod = parsePlanPeriod(match[1]);
    assert.ok(planPeriod.ok, match[1]);
    const { firstFinancialYear, lastFinancialYear } = planPeriod;
    return { context: { firstFinancialYear, planFinancialYear: firstFinancialYear === lastFinancialYear ? firstFinancialYear : undefined }, rest: cell.replace(match[0], '') };
  };
  /** `1 Jan 2025 - 31 Mar 2025` or `31 Mar 2025`, as ISO days */
  const covers = (text: string) => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const iso = (d: string) => {
      const [day, month, year] = d.trim().split(' ');
      assert.ok(months.includes(month), `a date in ${text}`);
      return `${year}-${String(months.indexOf(month) + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
    };
    const [start, end = start] = text.split(' - ');
    return { start: iso(start), end: iso(end) };
  };

  it('every accepted notation is read with the canonical form and the dates it gives', () => {
    const rows = table('Notation');
    assert.ok(rows.length >= 30, `${rows.length} rows`);
    let variants = 0;
    for (const [notation, kind, canonical, dates] of rows) {
      // The row's notation, and the other spellings its kind lists as `(also ...)`, which mean the same.
      const texts = [codes(notation)[0], ...codes(/\(also ([^)]*)\)/.exec(kind)?.[1] ?? '')];
      variants += texts.length - 1;
      const { context, rest } = planContext(dates);
      for (const text of texts) {
        if (rest === 'unscheduled') {
          const result = parsePeriod(text, { ...context, allowUnscheduled: true });
          assert.ok(!result.ok && result.unscheduled, `${text} is unscheduled`);
          assert.equal(canonical, 'none');
          continue;
        }
        const p = parse(text, { firstFinancialYear: 2024, ...context });
        const [written] = codes(planContext(canonical).rest);
        assert.deepEqual({ canonical: p.canonical, start: isoFromDay(p.start), end: isoFromDay(p.end) }, { canonical: written, ...covers(rest) }, text);
        if (context.planFinancialYear === undefined && !/^(Year|Years) /.test(text)) assert.ok(parsePeriod(text).ok, `${text} needs no plan context`);
      }
    }
    assert.ok(variants >= 30, `${variants} other spellings`);
  });

  it('every rejected notation gives the reason the docs give and what they say to write', () => {
    const rows = table('Written');
    assert.ok(rows.length >= 10, `${rows.length} rows`);
    for (const [written, why, instead] of rows) {
      const [text] = codes(written);
      const { context } = planContext(written);
      const message = invalid(text, context);
      assert.ok(message.includes(`\`${text}\` is not a valid period: ${why}`), `${text}: ${message}`);
      for (const suggestion of codes(instead)) assert.ok(message.includes(`\`${suggestion}\``), `${text} suggests ${suggestion}: ${message}`);
      assert.ok(!message.includes(EXAMPLES), `${text}: a specific suggestion, not the general examples`);
    }
  });
});

describe('periods through the CLI (a real process)', () => {
  const planWith = (period: string, dues: string[]) => `---
kind: commissioning-plan
id: cli-periods
title: Periods as commissioners write them
organisation: North Central London Cancer Alliance
period: ${period}
framework: builtin:ncl-cancer-2023-28
aims: [SA1]
as_of: 2025-06-30
---

\`\`\`yaml workstream
id: WS1
title: Faster diagnosis pathways
aims: [SA1]
milestones:
${dues.map((due, i) => `  - id: WS1-M${i + 1}\n    title: Milestone ${i + 1}\n    due: ${due}\n    status: on-track\n`).join('')}metrics:
  - id: WS1-K1
    title: Faster Diagnosis Standard
    unit: "%"
    baseline: {value: 77.1, period: FY 2024/25}
    target: {value: 80, due: end of Q4 2025/26}
    source: Cancer Waiting Times (CWT)
\`\`\`
`;
  const lint = (text: string) => {
    const run = cplan(['lint', 'plan.md', '--format', 'json'], tempTree({ 'plan.md': text }));
    return { code: run.code, messages: (JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string; line: number; severity: number; message: string }> }>)[0].messages };
  };

  it('accepts what commissioners write, with the right dates', () => {
    const dues = ['31/03/2026', '31-Mar-26', 'Mar-26', 'Q4 FY25/26', 'H2 2025/26', 'by Q2', 'end of March 2026', 'TBC'];
    const { code, messages } = lint(planWith('2025/26', dues));
    assert.deepEqual(messages.map((m) => [m.ruleId, m.line]), [['unscheduled-milestone', 19 + 4 * 7]], JSON.stringify(messages));
    assert.equal(code, 0);
    // due a day too early to be inside the plan: the dates are real, not just accepted
    const early = lint(planWith('2025/26', ['31/03/2025', 'Mar-25', 'by Q4 FY24/25']));
    const outside = early.messages.filter((m) => m.ruleId === 'outside-plan-period').map((m) => m.message);
    assert.equal(outside.length, 3);
    assert.match(outside[0], /is due 2025-03-31 \(by 31 Mar 2025\), before the plan's period 2025\/26 starts on 1 Apr 2025/);
    assert.match(outside[1], /is due March 2025 \(by 31 Mar 2025\)/);
    assert.match(outside[2], /is due Q4 2024\/25 \(by 31 Mar 2025\)/);
    assert.deepEqual(early.messages.filter((m) => m.ruleId === 'overdue-milestone').map((m) => /is (\d+) days overdue/.exec(m.message)?.[1]), ['91', '91', '91']);
  });

  it('rejects with the reason and what to write, in the message itself', () => {
    const { code, messages } = lint(planWith('2025/26-2026/27', ['Winter 2025/26', 'Q4 2025', '03/31/2026', '31/02/2026', 'Q2']));
    assert.equal(code, 1);
    assert.deepEqual(messages.map((m) => m.message), [
      '`Winter 2025/26` is not a valid period: a season is not a period; winter 2025/26 spans Q3 and Q4 2025/26: write `Q3 2025/26` or `Q4 2025/26`.',
      '`Q4 2025` is not a valid period: it could be the calendar quarter October-December 2025 (`Q3 2025/26`) or Q4 of the financial year 2025/26 (January-March 2026): write `Q3 2025/26` or `Q4 2025/26`.',
      '`03/31/2026` is not a valid period: dates are written day first (DD/MM/YYYY) and there is no month 31: for 31 March write `31/03/2026`.',
      '`31/02/2026` is not a valid period: there is no such day: February 2026 has 28 days: write `28/02/2026` for its last day.',
      "`Q2` is not a valid period: a quarter needs its financial year unless the plan's `period` is a single financial year: write e.g. `Q2 2025/26`.",
    ]);
    assert.ok(messages.every((m) => m.severity === 2));
  });
});
