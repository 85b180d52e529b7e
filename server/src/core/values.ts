import type { Span } from './text.js';
import { unescapePointer, type Locations } from './parse/yaml.js';

/**
 * How commissioners write metric values: `1,500`, `80%`, `75% (2016)`, `TBC`. Pure: no I/O.
 */

/** A metric value as read: the number it stands for where it is one, and what else the text said. */
export interface ReadValue {
  /** The number (`1,500` is 1500, `80%` is 80), or the text as written when it is a phrase. */
  value: unknown;
  /** `%` when the value was written as a percentage. */
  unit?: '%';
  /** A year or period written after the value, as in `75% (2016)`. */
  period?: string;
  /** True for `TODO`, `TBC`, `?` and the like: a value still to be filled in. */
  placeholder?: boolean;
}

const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const PERCENT = /^([+-]?\d+(?:\.\d+)?|[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?)\s*%$/;
const YEAR = /^(?:19|20)\d\d(?:\/\d\d(?:\d\d)?)?$/;
const PLACEHOLDERS = new Set(['todo', 'tbc', 'tbd', 'xxx', '?', '??', '???', 'n/a', 'na', 'tba']);

/** True for a value that only says it is still to be filled in. */
export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && PLACEHOLDERS.has(value.trim().toLowerCase());
}

/** `1,500` as 1500; undefined when the text is not a number written with thousands separators. */
export function groupedNumber(text: string): number | undefined {
  return GROUPED.test(text) ? Number(text.replace(/,/g, '')) : undefined;
}

/** Reads a metric's `value` the way its author meant it. */
export function readMetricValue(raw: unknown): ReadValue {
  if (typeof raw !== 'string') return { value: raw };
  const text = raw.trim();
  if (isPlaceholder(text)) return { value: raw, placeholder: true };
  const withPeriod = periodAfter(text);
  if (withPeriod) return { ...readMetricValue(withPeriod.value), period: withPeriod.period };
  const grouped = groupedNumber(text);
  if (grouped !== undefined) return { value: grouped };
  const percent = PERCENT.exec(text);
  if (percent) return { value: Number(percent[1].replace(/,/g, '')), unit: '%' };
  return { value: raw };
}

/** `75% (2016)` as `75%` and `2016`. */
function periodAfter(text: string): { value: string; period: string } | undefined {
  const open = text.lastIndexOf('(');
  if (open <= 0 || !text.endsWith(')')) return undefined;
  const period = text.slice(open + 1, -1).trim();
  const value = text.slice(0, open).trim();
  return value && YEAR.test(period) ? { value, period } : undefined;
}

/** True for a unit that already says "per cent". */
export function isPercentUnit(unit: string | undefined): boolean {
  return unit !== undefined && /^\s*(%|per\s*cent|percent(age)?)\s*$/i.test(unit);
}

/**
 * `{value: 1,500, due: ...}`: YAML reads `value: 1` and an empty key `500`. Finds the digit groups that follow the
 * value, so that the whole number is reported once and can be written back without its commas.
 */
export function splitNumber(data: unknown, locations: Locations, pointer: string, extra?: string): { span: Span; number: string; written: string } | undefined {
  const owner = valueAt(data, pointer);
  const first = locations.get(`${pointer}/value`)?.value;
  if (!owner || !first || (extra !== undefined && (!/^\d+$/.test(extra) || owner[extra] !== null))) return undefined;
  if (!Number.isInteger(owner.value) || owner.value < 0 || owner.value > 999 || first.end - first.start > 3) return undefined;
  const groups = Object.keys(owner)
    .filter((key) => /^\d+$/.test(key) && owner[key] === null)
    .map((key) => ({ key, span: locations.get(`${pointer}/${key}`)?.key }))
    .filter((group): group is { key: string; span: Span } => !!group.span && group.span.end - group.span.start === 3)
    .sort((a, b) => a.span.start - b.span.start);
  let end = first.end;
  let number = String(owner.value);
  let written = number;
  for (const group of groups) {
    if (group.span.start <= end || group.span.start - end > 2) break;
    // `000` is read as the key `0`: its written width gives the digits back.
    const digits = group.key.padStart(3, '0');
    number += digits;
    written += `,${digits}`;
    end = group.span.end;
  }
  if (end === first.end) return undefined;
  return { span: { start: first.start, end }, number, written };
}

function valueAt(data: unknown, pointer: string): Record<string, any> | undefined {
  let value: any = data;
  for (const segment of pointer.split('/').slice(1)) value = value?.[unescapePointer(segment)];
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}
