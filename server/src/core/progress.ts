/**
 * Progress of a metric against its plan: its direction, trajectory, tolerance, latest actual and trend. Shared by
 * the rules, RAG, hovers and report data, so that each says the same thing. Pure: the review date is passed in.
 */
import type { Direction, Metric, MetricPoint, MetricValue, Reporting, Update } from './model.js';
import type { ProgressSettings } from './link.js';
import { monthOf, quarterOf, type Day, type Period } from './periods.js';

export const PROGRESS_DEFAULTS: Required<ProgressSettings> = { tolerancePercent: 5, reporting: 'quarterly', updateDays: 100, trendActuals: 4 };

export function progressSetting<K extends keyof ProgressSettings>(settings: ProgressSettings | undefined, key: K): Required<ProgressSettings>[K] {
  return (settings?.[key] ?? PROGRESS_DEFAULTS[key]) as Required<ProgressSettings>[K];
}

/** A value on a day: an actual or trajectory point at its period's end. */
export interface Reading {
  day: Day;
  value: number;
  period: Period;
  point: MetricPoint;
}

export function numberOf(value: MetricValue | undefined): number | undefined {
  return typeof value?.value === 'number' && Number.isFinite(value.value) ? value.value : undefined;
}

/** The baseline and the target as two readings, when both have a number and a period that parses. */
export interface MetricEnds {
  baseline: { day: Day; value: number; period: Period };
  target: { day: Day; value: number; period: Period };
}

export function metricEnds(metric: Metric): MetricEnds | undefined {
  const baseline = numberOf(metric.baseline);
  const target = numberOf(metric.target);
  const from = metric.baseline?.period?.result;
  const to = metric.target?.due?.result;
  if (baseline === undefined || target === undefined || !from?.ok || !to?.ok) return undefined;
  return { baseline: { day: from.period.end, value: baseline, period: from.period }, target: { day: to.period.end, value: target, period: to.period } };
}

/** Which way the baseline -> target says is better; undefined when they are equal or not numbers. */
export function inferredDirection(metric: Metric): Direction | undefined {
  const baseline = numberOf(metric.baseline);
  const target = numberOf(metric.target);
  if (baseline === undefined || target === undefined || baseline === target) return undefined;
  return target > baseline ? 'higher' : 'lower';
}

/** The written `direction`, else the inferred one. */
export function directionOf(metric: Metric): Direction | undefined {
  return metric.direction?.value ?? inferredDirection(metric);
}

/** How much `value` is worse than `expected` (negative when better). */
export function shortfall(direction: Direction, value: number, expected: number): number {
  return direction === 'higher' ? expected - value : value - expected;
}

function readingsOf(points: readonly MetricPoint[]): Reading[] {
  const readings: Reading[] = [];
  for (const point of points) {
    const value = numberOf(point);
    const result = point.period?.result;
    if (value !== undefined && result?.ok) readings.push({ day: result.period.end, value, period: result.period, point });
  }
  // Stable: two actuals for one period keep their written order, so the later one counts as the latest.
  return readings.sort((a, b) => a.day - b.day);
}

/**
 * The actuals with a number and a period, oldest first, from the baseline period to the review date: a later one is
 * not measured yet, an earlier one is not progress from the baseline (`actual-outside-plan` reports both).
 */
export function actualsUpTo(metric: Metric, reviewDate: Day): Reading[] {
  const baseline = metric.baseline?.period?.result;
  const from = baseline?.ok ? baseline.period.start : -Infinity;
  return readingsOf(metric.actuals).filter((reading) => reading.day <= reviewDate && reading.day >= from);
}

export function latestActual(metric: Metric, reviewDate: Day): Reading | undefined {
  const readings = actualsUpTo(metric, reviewDate);
  return readings[readings.length - 1];
}

/**
 * The value the trajectory expects at a day: straight lines between the baseline (at its period's end), each
 * written trajectory point (at its period's end) and the target (at its due date); the baseline before it, the
 * target after it.
 */
export function trajectoryAt(metric: Metric, day: Day): number | undefined {
  const knots = trajectoryKnots(metric);
  if (!knots) return undefined;
  if (day <= knots[0].day) return knots[0].value;
  for (let i = 1; i < knots.length; i++) {
    const [a, b] = [knots[i - 1], knots[i]];
    if (day <= b.day) return b.day === a.day ? b.value : a.value + ((b.value - a.value) * (day - a.day)) / (b.day - a.day);
  }
  return knots[knots.length - 1].value;
}

/** The corners of the trajectory: the baseline, the written `trajectory` points between it and the target, the target. */
export function trajectoryKnots(metric: Metric): { day: Day; value: number }[] | undefined {
  const ends = metricEnds(metric);
  if (!ends) return undefined;
  return [
    { day: ends.baseline.day, value: ends.baseline.value },
    ...readingsOf(metric.trajectory).filter((r) => r.day > ends.baseline.day && r.day < ends.target.day).map((r) => ({ day: r.day, value: r.value })),
    { day: ends.target.day, value: ends.target.value },
  ];
}

/** How far behind the trajectory still counts as on track: the metric's `tolerance`, else a share of the baseline-to-target distance. */
export function toleranceOf(metric: Metric, settings?: ProgressSettings): number | undefined {
  if (metric.tolerance) return metric.tolerance.value;
  const ends = metricEnds(metric);
  if (!ends) return undefined;
  return (Math.abs(ends.target.value - ends.baseline.value) * progressSetting(settings, 'tolerancePercent')) / 100;
}

/** The latest actual against the trajectory at its period. */
export interface TrajectoryCheck {
  actual: Reading;
  expected: number;
  /** How far the actual is worse than expected; negative when ahead. */
  behind: number;
  tolerance: number;
  direction: Direction;
  /** Behind by more than the tolerance. */
  off: boolean;
}

export function trajectoryCheck(metric: Metric, reviewDate: Day, settings?: ProgressSettings): TrajectoryCheck | undefined {
  const actual = latestActual(metric, reviewDate);
  const direction = directionOf(metric);
  const tolerance = toleranceOf(metric, settings);
  if (!actual || !direction || tolerance === undefined) return undefined;
  const expected = trajectoryAt(metric, actual.day);
  if (expected === undefined) return undefined;
  const behind = shortfall(direction, actual.value, expected);
  return { actual, expected, behind, tolerance, direction, off: behind > tolerance + 1e-9 };
}

/** The least-squares line through the latest actuals, carried to the target's due date. */
export interface Trend {
  used: Reading[];
  /** Change per 365 days. */
  perYear: number;
  projected: number;
  /** How far the projection falls short of the target; negative when it passes it. */
  short: number;
  direction: Direction;
  ends: MetricEnds;
}

export function trendOf(metric: Metric, reviewDate: Day, settings?: ProgressSettings): Trend | undefined {
  const ends = metricEnds(metric);
  const direction = directionOf(metric);
  if (!ends || !direction) return undefined;
  const used = actualsUpTo(metric, reviewDate).slice(-progressSetting(settings, 'trendActuals'));
  if (new Set(used.map((r) => r.day)).size < 2) return undefined;
  const n = used.length;
  const meanX = used.reduce((sum, r) => sum + r.day, 0) / n;
  const meanY = used.reduce((sum, r) => sum + r.value, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const r of used) {
    sxy += (r.day - meanX) * (r.value - meanY);
    sxx += (r.day - meanX) ** 2;
  }
  const slope = sxy / sxx;
  const projected = meanY + slope * (ends.target.day - meanX);
  return { used, perYear: slope * 365, projected, short: shortfall(direction, projected, ends.target.value), direction, ends };
}

/** How often a metric reports: its `reporting`, else the config's, else quarterly. */
export function reportingOf(metric: Metric, settings?: ProgressSettings): Reporting {
  return metric.reporting?.value ?? progressSetting(settings, 'reporting');
}

/** The last reporting period (month or quarter) that ended before the review date. */
export function lastCompletePeriod(reporting: Reporting, reviewDate: Day): Period {
  const periodOf = reporting === 'monthly' ? monthOf : quarterOf;
  const current = periodOf(reviewDate - 1);
  return current.end < reviewDate ? current : periodOf(current.start - 1);
}

/** A number as a reader wants it: at most two decimals, no float noise. */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : rounded.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

/** A difference between two values: `1.78 percentage points` for a metric in per cent, else as `withUnit`. */
export function difference(value: number, unit: string | undefined): string {
  if (unit && /^\s*%\s*$/.test(unit)) return `${formatNumber(value)} percentage point${formatNumber(value) === '1' ? '' : 's'}`;
  return withUnit(value, unit);
}

/** `80%` or `1,500 patients`. */
export function withUnit(value: number, unit: string | undefined): string {
  const text = formatNumber(value);
  if (!unit) return text;
  return /^\s*%\s*$/.test(unit) ? `${text}%` : `${text} ${unit}`;
}

/** The latest update on or before the review date; later in the list wins a tie. */
export function latestUpdate(updates: readonly Update[], reviewDate: Day): Update | undefined {
  let latest: Update | undefined;
  for (const update of updates) {
    const day = update.on.day;
    if (day === undefined || day > reviewDate) continue;
    if (!latest || day >= latest.on.day!) latest = update;
  }
  return latest;
}
