import { MILESTONE_STATUSES } from '../model.js';
import { isoFromDay, parsePeriod, ymdFromDay, type PeriodContext } from '../periods.js';
import { readMetricValue } from '../values.js';
import { canonicalWord } from '../vocabulary.js';
import type { CellValue } from './tracker.js';

/**
 * What one tracker cell means for one field: a period, a status, a metric value. Each reader says either what to
 * write, or that the cell is not understood (it is then written as it is, with a comment, for lint to report). Pure.
 */

export type Reading<T> = { ok: true; value: T; note?: string } | { ok: false; written: string; why: string };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The cell as the user sees it in the sheet, for comments and the summary. */
export function cellText(value: CellValue): string {
  switch (value.kind) {
    case 'empty': return '';
    case 'text': return value.text;
    case 'number': return value.percent ? `${value.value}%` : String(value.value);
    case 'date': return value.month ? monthOf(value.day) : isoFromDay(value.day);
    case 'formula': return `=${value.formula}`;
  }
}

function monthOf(day: number): string {
  const { y, m } = ymdFromDay(day);
  return `${MONTHS[m - 1]} ${y}`;
}

/**
 * A period in canonical form: date cells are days (or months, when the cell shows no day), text is read with the
 * period notations of the format (`Mar-25`, `31/03/2025`, `Q4 FY24/25`, `TBC` where a milestone allows it).
 */
export function readPeriod(value: CellValue, context: PeriodContext): Reading<string> {
  if (value.kind === 'date') return { ok: true, value: cellText(value) };
  if (value.kind === 'formula') return { ok: false, written: cellText(value), why: 'a formula without a saved result; open and save the file in Excel, or type the period' };
  const written = cellText(value).trim();
  const parsed = parsePeriod(written, context);
  if (parsed.ok) return { ok: true, value: parsed.period.canonical };
  if (parsed.unscheduled) return { ok: true, value: 'TBC' };
  return { ok: false, written, why: parsed.message };
}

/** A completion date: a day, never a month or a quarter. */
export function readDay(value: CellValue): Reading<string> {
  if (value.kind === 'date' && !value.month) return { ok: true, value: isoFromDay(value.day) };
  const written = cellText(value).trim();
  const parsed = value.kind === 'text' ? parsePeriod(written) : undefined;
  if (parsed?.ok && parsed.period.kind === 'day') return { ok: true, value: parsed.period.canonical };
  return { ok: false, written, why: 'a completion date is one day, e.g. `2025-03-20` or `20/03/2025`' };
}

/** RAG colours and tracker words, as the format's statuses. */
const RAG: Readonly<Record<string, string>> = {
  green: 'on-track', g: 'on-track',
  amber: 'at-risk', a: 'at-risk', yellow: 'at-risk',
  red: 'off-track', r: 'off-track',
  blue: 'done', b: 'done', closed: 'done',
  'not-yet-started': 'not-started',
};

/** Statuses the map file adds, keyed as `statusKey` leaves them. */
export type StatusWords = ReadonlyMap<string, string>;

export function statusKey(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

/** `Green` is `on-track`, said in a note; `At risk` and `Complete` are the format's own words. */
export function readStatus(value: CellValue, extra: StatusWords): Reading<string> {
  const written = cellText(value).trim();
  if (value.kind !== 'text') return { ok: false, written, why: 'a status is a word such as Green, Amber, Red, Blue, Complete or On track' };
  const key = statusKey(written);
  const mapped = extra.get(key);
  if (mapped) return { ok: true, value: mapped, note: `${JSON.stringify(written)} (map file)` };
  const canonical = canonicalWord(written, MILESTONE_STATUSES);
  if (canonical) return { ok: true, value: canonical, note: canonical === key ? undefined : JSON.stringify(written) };
  const rag = RAG[key];
  if (rag) return { ok: true, value: rag, note: `RAG ${JSON.stringify(written)}` };
  return { ok: false, written, why: `a status is one of ${MILESTONE_STATUSES.join(', ')}, or a RAG colour (Green on-track, Amber at-risk, Red off-track, Blue done); add it to the map file's statuses to say which` };
}

export interface MetricNumber {
  value: number | string;
  percent?: boolean;
  /** a year written after the value, as in `75% (2016)` */
  period?: string;
}

/** A baseline or target value: numbers as numbers (`1,500` is 1500, `80%` is 80 with unit %), phrases as written. */
export function readValue(value: CellValue): Reading<MetricNumber> {
  if (value.kind === 'number') return { ok: true, value: { value: value.value, percent: value.percent } };
  if (value.kind === 'text') {
    const read = readMetricValue(value.text.trim());
    const number: MetricNumber = { value: typeof read.value === 'number' ? read.value : value.text.trim() };
    if (read.unit === '%') number.percent = true;
    if (read.period) number.period = read.period;
    return { ok: true, value: number };
  }
  if (value.kind === 'formula') return { ok: false, written: cellText(value), why: 'a formula without a saved result; open and save the file in Excel, or type the value' };
  return { ok: false, written: cellText(value), why: 'a value is a number or a short phrase, not a date' };
}

/** `quarterly`, `six-monthly`, `annual`... as the format's cadences. */
export function readCadence(value: CellValue): Reading<string> {
  const written = cellText(value).trim();
  const canonical = canonicalWord(written, ['quarterly', 'biannual', 'annual']);
  return canonical ? { ok: true, value: canonical } : { ok: false, written, why: 'a cadence is quarterly, biannual or annual' };
}

/** `SA1, SA3`, `ADTDG-3 Breast Pain; ADTDG-6`: a list, split on commas, semicolons and new lines (not `and`, which titles use). */
export function listItems(text: string): string[] {
  return text.split(/[,;\n]+/).map((item) => item.trim()).filter(Boolean);
}
