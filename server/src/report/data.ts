/**
 * The data of a plan report: everything the HTML, Markdown and JSON renderers draw, worked out from the linked
 * plan alone. Pure: no I/O, no HTML, and the clock is never read (the review date is the linked plan's).
 */
import type { Diagnostic } from '../core/lint.js';
import type { Linked } from '../core/link.js';
import { isUnscheduled, priorityDeadlines, type Aim, type Metric, type Milestone, type PeriodField, type PlanDocument, type Priority } from '../core/model.js';
import { deadlineMisses, milestonesFor } from '../core/rules/priority-deadline.js';
import type { Span } from '../core/text.js';
import { addCadence, formatDay, isoFromDay, quartersOverlapping, ymdFromDay, financialYearOf, type Day } from '../core/periods.js';
import { overdueness } from '../core/rules/overdue-milestone.js';
import { ragOf, type Rag } from '../core/rag.js';
import { directionOf, latestActual, latestUpdate, toleranceOf, trajectoryAt, trajectoryCheck, trajectoryKnots } from '../core/progress.js';
import type { Direction, RagValue, Update, Workstream } from '../core/model.js';

export type MarkerShape = 'circle' | 'diamond' | 'triangle' | 'square' | 'hollow-circle' | 'cross' | 'hollow-square';

export interface ReportDiagnostic {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** 1-based. */
  line: number;
  column: number;
}

/**
 * Where the YAML that defines something starts: 1-based line and column (UTF-16 code units), as diagnostics
 * are given. Unless said otherwise, in the plan's own text, so that `path#L<line>` and an editor can go there.
 */
export interface SourcePosition {
  line: number;
  column: number;
}

/** A workstream; its position is the workstream's `id`. */
export interface MatrixColumn extends SourcePosition {
  id: string;
  title: string;
  metricCount: number;
  /** The workstream has no metrics. */
  noMetrics: boolean;
}

/**
 * An aim. Its position is in the plan: the aim's `id` when the plan defines it; for a framework aim, its entry
 * in the front matter's `aims:` list when the plan lists the aims it adopts, else the `framework:` value
 * (which adopts them all). A framework aim also has `definition`: its `id` in the framework's file.
 */
export interface MatrixRow extends SourcePosition {
  id: string;
  title: string;
  /** Where the aim is defined. */
  source: 'framework' | 'plan';
  /** The aim's `id` in the framework named by the report's `framework` (framework aims only). */
  definition?: SourcePosition;
  /** One per column. */
  cells: MatrixCell[];
  /** No workstream links the aim. */
  served: boolean;
}

/**
 * Whether a workstream (column) serves an aim (row). Its position: the aim's entry in the workstream's
 * `aims:` list when linked, else the workstream's `id`.
 */
export interface MatrixCell extends SourcePosition {
  linked: boolean;
}

export interface TimelineQuarter {
  /** `Q1 24/25` */
  label: string;
  start: string;
  end: string;
  /** Left and right edges, fractions 0..1 of the plan period. */
  x0: number;
  x1: number;
  /** The quarter starts a financial year. */
  yearStart: boolean;
}

/** A computed RAG rating (docs/format.md#rag), with the override that is shown instead, if any. */
export interface ReportRag {
  /** The rating shown: the override's, else the computed one; absent when not rated (dropped, no actuals...). */
  value?: RagValue;
  computed?: RagValue;
  /** Why the computed rating is what it is. */
  why: string;
  /** The reason given for an override (`rag: {value, reason}`); set only when there is one. */
  overrideReason?: string;
}

export interface ReportUpdate {
  /** ISO date. */
  on: string;
  text: string;
}

/** What a milestone records about its progress: new in the report data with issue 16. */
export interface MilestoneProgressFields {
  rag: ReportRag;
  /** The milestone's `owner`. */
  owner?: string;
  /** The latest update on or before the review date. */
  latestUpdate?: ReportUpdate;
  risks: { text: string; rating?: string }[];
  dependsOn: string[];
  /** The milestone's `done_on` (ISO), when it has one. */
  doneOn?: string;
}

/** A milestone; its position is the milestone's `id`. */
export interface TimelineMarker extends SourcePosition, MilestoneProgressFields {
  id: string;
  title: string;
  /** The due period as written in canonical form, or the text written when it does not parse. */
  due: string;
  /** The date the marker stands at (ISO), when there is one. */
  date?: string;
  /** Fraction 0..1 of the plan period; clamped, see `outside`. */
  x: number;
  /** The date lies before or after the plan period (the marker sits on the edge). */
  outside?: 'before' | 'after';
  status: string;
  shape: MarkerShape;
  colour: string;
  overdue: boolean;
  overdueDays?: number;
  recurring: boolean;
  /** A recurring milestone's `cadence` (`monthly`, `annual`...), shown in its label. */
  cadence?: string;
  /**
   * The due period is longer than a quarter (`Years 2-5`, `2025/26`): the marker is drawn as a span from its
   * start (`spanStart`, ISO; `spanX0`, a fraction 0..1 of the plan period, clamped) to `x`.
   */
  spanStart?: string;
  spanX0?: number;
  /** Short text drawn next to the marker. */
  label: string;
  /** `left`: the label is written left of the marker, as it would run out of the chart on the right. */
  labelSide?: 'left';
  /** Row within the lane, so that labels do not overlap. */
  row: number;
}

/** A workstream; its position is the workstream's `id`. */
export interface TimelineLane extends SourcePosition {
  id: string;
  title: string;
  rows: number;
  markers: TimelineMarker[];
  /** Milestones with no date to place (no parsable `due`); positions are their `id`s. */
  undated: UndatedMilestone[];
  lead?: string;
  status?: string;
  rag: ReportRag;
  latestUpdate?: ReportUpdate;
}

export interface UndatedMilestone extends SourcePosition, MilestoneProgressFields {
  id: string;
  title: string;
  due: string;
  status: string;
  /** Due `TBC`: not scheduled yet, rather than a date that cannot be read. */
  unscheduled: boolean;
}

export interface MetricRow {
  /** The workstream or priority that owns the metric. */
  owner: string;
  ownerKind: 'workstream' | 'priority';
  id: string;
  title?: string;
  unit?: string;
  baselineValue?: string;
  baselinePeriod?: string;
  targetValue?: string;
  targetDue?: string;
  source?: string;
  breakdown: string[];
  /** Names of the parts that are missing, in table order. */
  missing: string[];
  /** Which way is better: written, or inferred from baseline and target. */
  direction?: Direction;
  /** Every actual with a numeric value and a period that parses, oldest first; positions are the actuals'. */
  actuals: ReportActual[];
  /** The trajectory's corners (baseline, written points, target), when baseline and target are numbers with periods. */
  trajectory?: { date: string; value: number }[];
  /** The latest actual up to the review date, with the trajectory's value at its period. */
  latest?: { period: string; date: string; value: number; expected?: number };
  /** In the metric's unit. */
  tolerance?: number;
  /** The latest actual is behind the trajectory by more than the tolerance (as `metric-off-trajectory` says); set when that can be worked out. */
  offTrajectory?: boolean;
  rag: ReportRag;
}

export interface ReportActual extends SourcePosition {
  /** The period in canonical form, and its end date (ISO), where the actual is drawn. */
  period: string;
  date: string;
  value: number;
  note?: string;
  /** After the review date or before the baseline period: left out of RAG and the progress rules. */
  outside: boolean;
}

/** A priority the plan can deliver (its framework's, then its own), and whether the plan meets its deadlines. */
export interface PriorityRow {
  id: string;
  title: string;
  /** Where the priority is defined. */
  source: 'framework' | 'plan';
  /** Its `due`, then each of its `deadlines`: the period in canonical form (or as written), and its end (ISO). */
  deadlines: { title?: string; due: string; date?: string }[];
  /** The plan's workstreams that list it under `priorities`. */
  workstreams: string[];
  /** The milestones that deliver it: those naming it under `priorities`, else every dated one of those workstreams. */
  milestones: string[];
  /**
   * Delivered, and no workstream misses a deadline that ends in or after the plan's period (what
   * `priority-deadline` reports): `true`; a workstream misses one: `false`; absent when no workstream delivers
   * it or none of its deadlines falls in the plan's period.
   */
  meetsDeadlines?: boolean;
}

export interface PlanReport {
  /** The plan's path as given to the report (relative for display). */
  path: string;
  id: string;
  title: string;
  organisation?: string;
  period?: string;
  periodStart?: string;
  periodEnd?: string;
  status?: string;
  framework?: string;
  reviewDate: string;
  reviewDateText: string;
  counts: { errors: number; warnings: number; infos: number };
  matrix: { columns: MatrixColumn[]; rows: MatrixRow[] };
  timeline: {
    quarters: TimelineQuarter[];
    /** x of the review date, undefined when it falls outside the plan period. */
    reviewX?: number;
    lanes: TimelineLane[];
    markerCount: number;
    overdueCount: number;
    /** Milestones due `TBC`, listed with the undated ones. */
    unscheduledCount: number;
  };
  metrics: MetricRow[];
  /** The framework's priorities, then the plan's own. */
  priorities: PriorityRow[];
  diagnostics: ReportDiagnostic[];
}

export interface ReportOptions {
  /** The path shown for the plan (default: the document's path). */
  path?: string;
  /** Width in pixels of the timeline chart area, used to keep labels apart (default 720, as the HTML draws it). */
  chartWidth?: number;
}

export const STATUS_STYLE: Record<string, { shape: MarkerShape; colour: string; text: string }> = {
  done: { shape: 'circle', colour: '#007f3b', text: 'done' },
  'on-track': { shape: 'diamond', colour: '#005eb8', text: 'on track' },
  'at-risk': { shape: 'triangle', colour: '#ed8b00', text: 'at risk' },
  'off-track': { shape: 'square', colour: '#7c2855', text: 'off track' },
  'not-started': { shape: 'hollow-circle', colour: '#425563', text: 'not started' },
  dropped: { shape: 'cross', colour: '#768692', text: 'dropped' },
  unknown: { shape: 'hollow-square', colour: '#425563', text: 'status not set' },
};
export const OVERDUE_COLOUR = '#d5281b';

/** `Q1 24/25` */
export function quarterLabel(start: Day): string {
  const { m } = ymdFromDay(start);
  const fy = financialYearOf(start);
  const q = m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4;
  return `Q${q} ${String(fy % 100).padStart(2, '0')}/${String((fy + 1) % 100).padStart(2, '0')}`;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The 1-based position of a span's start in a document's text. */
function sourcePosition(document: PlanDocument, span: Span): SourcePosition {
  const { line, character } = document.lines.positionAt(span.start);
  return { line: line + 1, column: character + 1 };
}

/** Where the plan brings an aim in: see MatrixRow. */
function aimRow(document: PlanDocument, aim: Aim): Pick<MatrixRow, 'line' | 'column' | 'definition'> {
  if (aim.document === document) return sourcePosition(document, aim.idSpan);
  const fm = document.frontMatter;
  const listed = fm?.aims?.find((ref) => ref.id === aim.id);
  const inPlan = listed?.span ?? fm?.framework?.span ?? { start: 0, end: 0 };
  return { ...sourcePosition(document, inPlan), definition: sourcePosition(aim.document, aim.idSpan) };
}

function periodText(field: PeriodField | undefined): string | undefined {
  if (!field) return undefined;
  return field.result.ok ? field.result.period.canonical : field.text;
}

function valueText(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A metric value with its unit: `77.1%`, `3 sites`; a value that is not a number is shown as written. */
export function formatValue(value: string, unit: string | undefined): string {
  if (!unit || !/^[-+]?\d+(\.\d+)?$/.test(value.trim())) return value;
  return unit === '%' ? `${value}%` : `${value} ${unit}`;
}

/** Builds the report of one linked plan. `diagnostics` are the plan's lint findings. */
export function reportData(linked: Linked, diagnostics: readonly Diagnostic[], options: ReportOptions = {}): PlanReport {
  const { document, reviewDate: asOf } = linked;
  const fm = document.frontMatter;
  const period = document.period;
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of diagnostics) {
    if (d.severity === 'error') counts.errors++;
    else if (d.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }

  // ---- aims × workstreams
  const columns: MatrixColumn[] = document.workstreams.map((w) => ({
    id: w.id, title: w.title ?? w.id, metricCount: w.metrics.length, noMetrics: w.metrics.length === 0, ...sourcePosition(document, w.idSpan),
  }));
  const rows: MatrixRow[] = linked.adoptedAims.map((aim) => {
    const cells = document.workstreams.map((w): MatrixCell => {
      const ref = linked.aimRef(w, aim.id);
      return { linked: !!ref, ...sourcePosition(document, ref?.span ?? w.idSpan) };
    });
    const { definition, ...position } = aimRow(document, aim);
    const row: MatrixRow = { id: aim.id, title: aim.title ?? aim.id, source: aim.document === document ? 'plan' : 'framework', ...position, cells, served: cells.some((c) => c.linked) };
    if (definition) row.definition = definition;
    return row;
  });

  // ---- timeline
  const start = period?.start;
  const total = period ? period.end + 1 - period.start : 0;
  const xOf = (day: Day, endOfDay: boolean) => (period ? round(Math.min(1, Math.max(0, (day + (endOfDay ? 1 : 0) - period.start) / total))) : 0);
  const quarters: TimelineQuarter[] = period
    ? quartersOverlapping(period.start, period.end).map((q) => ({
      label: quarterLabel(q.start),
      start: isoFromDay(q.start),
      end: isoFromDay(q.end),
      x0: xOf(Math.max(q.start, period.start), false),
      x1: xOf(Math.min(q.end, period.end), true),
      yearStart: ymdFromDay(q.start).m === 4,
    }))
    : [];
  const chartWidth = options.chartWidth ?? 720;
  let markerCount = 0;
  let overdueCount = 0;
  let unscheduledCount = 0;
  const lanes: TimelineLane[] = document.workstreams.map((w) => {
    const markers: TimelineMarker[] = [];
    const undated: TimelineLane['undated'] = [];
    for (const milestone of w.milestones) {
      const status = milestone.status?.value ?? 'unknown';
      const style = STATUS_STYLE[status] ?? STATUS_STYLE.unknown;
      const overdue = overdueness(milestone, asOf);
      const day = markerDay(milestone, overdue?.dueBy);
      const due = periodText(milestone.due) ?? (milestone.cadence ? `${milestone.cadence.value}` : 'no due date');
      if (day === undefined || !period || start === undefined) {
        const unscheduled = isUnscheduled(milestone);
        if (unscheduled) unscheduledCount++;
        undated.push({ id: milestone.id, title: milestone.title ?? milestone.id, due, status, unscheduled, ...sourcePosition(document, milestone.idSpan), ...milestoneProgress(linked, milestone) });
        continue;
      }
      const marker: TimelineMarker = {
        id: milestone.id,
        title: milestone.title ?? milestone.id,
        due,
        date: isoFromDay(day),
        x: xOf(day, true),
        status,
        shape: style.shape,
        colour: overdue ? OVERDUE_COLOUR : style.colour,
        overdue: !!overdue,
        recurring: !!milestone.cadence,
        label: markerLabel(milestone, overdue?.days),
        row: 0,
        ...sourcePosition(document, milestone.idSpan),
        ...milestoneProgress(linked, milestone),
      };
      if (day < period.start) {
        marker.outside = 'before';
        marker.label = `◂ ${marker.label} (${isoFromDay(day)})`;
      } else if (day > period.end) {
        marker.outside = 'after';
        marker.label = `${marker.label} (${isoFromDay(day)}) ▸`;
      }
      if (milestone.cadence) marker.cadence = String(milestone.cadence.value);
      const spanFrom = dueSpanStart(milestone);
      if (spanFrom !== undefined && spanFrom < day) {
        marker.spanStart = isoFromDay(spanFrom);
        marker.spanX0 = xOf(spanFrom, false);
      }
      if (overdue) {
        marker.overdueDays = overdue.days;
        overdueCount++;
      }
      markers.push(marker);
    }
    markerCount += markers.length;
    // Greedy rows: a marker goes on the first row whose last label ends before it (or before its span starts;
    // a span's label is written inside it, from its start). A label that would run past the room right of the
    // chart is written left of its marker instead, so that it is not cut off.
    const rowEnds: number[] = [];
    const extent = new Map<TimelineMarker, { from: number; to: number }>();
    for (const marker of markers) {
      const width = (marker.label.length * 6.6 + 22) / chartWidth;
      if (marker.spanX0 !== undefined) extent.set(marker, { from: marker.spanX0, to: Math.max(marker.x + 14 / chartWidth, marker.spanX0 + width) });
      else if (marker.x + width > 1 + LABEL_ROOM_RIGHT / chartWidth) {
        marker.labelSide = 'left';
        extent.set(marker, { from: marker.x - width, to: marker.x + 14 / chartWidth });
      } else extent.set(marker, { from: marker.x, to: marker.x + width });
    }
    const order = [...markers].sort((a, b) => extent.get(a)!.from - extent.get(b)!.from || a.id.localeCompare(b.id));
    for (const marker of order) {
      const { from, to } = extent.get(marker)!;
      let row = rowEnds.findIndex((end) => end <= from);
      if (row < 0) row = rowEnds.length;
      rowEnds[row] = to;
      marker.row = row;
    }
    return { id: w.id, title: w.title ?? w.id, ...sourcePosition(document, w.idSpan), rows: Math.max(1, rowEnds.length), markers, undated, ...workstreamProgress(linked, w) };
  });
  const reviewX = period && asOf >= period.start && asOf <= period.end ? xOf(asOf, true) : undefined;

  // ---- metrics
  const metrics = document.metrics.map((metric) => ({ ...metricRow(metric, linked.metricGaps(metric)), ...metricProgress(linked, metric) }));

  // ---- diagnostics, 1-based
  const reported: ReportDiagnostic[] = diagnostics.map((d) => ({ ruleId: d.ruleId, severity: d.severity, message: d.message, ...sourcePosition(document, d.span) })).sort((a, b) => a.line - b.line || a.column - b.column);

  const report: PlanReport = {
    path: options.path ?? document.path,
    id: fm?.id?.value ?? document.path,
    title: fm?.title?.value ?? fm?.id?.value ?? document.path,
    reviewDate: isoFromDay(asOf),
    reviewDateText: formatDay(asOf),
    counts,
    matrix: { columns, rows },
    timeline: { quarters, reviewX, lanes, markerCount, overdueCount, unscheduledCount },
    metrics,
    priorities: priorityRows(linked),
    diagnostics: reported,
  };
  if (fm?.organisation) report.organisation = fm.organisation.value;
  if (period) {
    report.period = period.canonical;
    report.periodStart = isoFromDay(period.start);
    report.periodEnd = isoFromDay(period.end);
  } else if (fm?.period) report.period = fm.period.value;
  if (fm?.status) report.status = fm.status.value;
  if (fm?.framework) report.framework = fm.framework.value;
  return report;
}

const QUARTER_DAYS = 92;
/** Pixels right of the timeline's chart area that the HTML leaves for labels (pictures.ts). */
const LABEL_ROOM_RIGHT = 150;

/** The start of a one-off milestone's due period when that is longer than a quarter: drawn as a span. */
function dueSpanStart(milestone: Milestone): Day | undefined {
  if (milestone.cadence || !milestone.due?.result.ok) return undefined;
  const { start, end } = milestone.due.result.period;
  return end - start + 1 > QUARTER_DAYS ? start : undefined;
}

function markerLabel(milestone: Milestone, overdueDays: number | undefined): string {
  const cadence = milestone.cadence ? ` ↻ ${milestone.cadence.value}` : '';
  const late = overdueDays !== undefined ? ` · ${overdueDays} day${overdueDays === 1 ? '' : 's'} late` : '';
  return `${milestone.id}${cadence}${late}`;
}

/** Where a milestone stands on the timeline: its next due date when recurring, else the end of its due period. */
function markerDay(milestone: Milestone, dueBy: Day | undefined): Day | undefined {
  if (dueBy !== undefined) return dueBy;
  if (milestone.cadence && milestone.doneOn?.day !== undefined) return addCadence(milestone.doneOn.day, milestone.cadence.value);
  return milestone.due?.result.ok ? milestone.due.result.period.end : undefined;
}

/** The report's names for the parts of a metric, in table order, with the gaps of `missingMetricParts` that leave each one missing. */
const PART_GAPS: [string, string[]][] = [
  ['unit', ['unit']], ['baseline value', ['baseline', 'baseline.value']], ['baseline period', ['baseline', 'baseline.period']],
  ['target value', ['target', 'target.value']], ['target due', ['target', 'target.due']], ['source', ['source']],
];

function metricRow(metric: Metric, gaps: readonly string[]): Omit<MetricRow, 'actuals' | 'rag'> {
  const row: Omit<MetricRow, 'actuals' | 'rag'> = { owner: metric.owner.id, ownerKind: metric.owner.kind, id: metric.id, breakdown: [...metric.breakdown], missing: [] };
  if (metric.title) row.title = metric.title;
  if (metric.unit !== undefined && metric.unit !== '') row.unit = metric.unit;
  const baselineValue = valueText(metric.baseline?.value);
  const baselinePeriod = periodText(metric.baseline?.period);
  const targetValue = valueText(metric.target?.value);
  const targetDue = periodText(metric.target?.due);
  if (baselineValue !== undefined) row.baselineValue = baselineValue;
  if (baselinePeriod !== undefined) row.baselinePeriod = baselinePeriod;
  if (targetValue !== undefined) row.targetValue = targetValue;
  if (targetDue !== undefined) row.targetDue = targetDue;
  if (metric.source) row.source = metric.source;
  row.missing = [...(row.title ? [] : ['title']), ...PART_GAPS.filter(([, causes]) => causes.some((gap) => gaps.includes(gap))).map(([name]) => name)];
  return row;
}

function reportRag(rag: Rag): ReportRag {
  const entry = {} as ReportRag;
  if (rag.value) entry.value = rag.value;
  if (rag.computed) entry.computed = rag.computed;
  entry.why = rag.why;
  if (rag.override?.reason !== undefined) entry.overrideReason = rag.override.reason;
  return entry;
}

function reportUpdate(updates: readonly Update[], asOf: Day): ReportUpdate | undefined {
  const latest = latestUpdate(updates, asOf);
  return latest && { on: isoFromDay(latest.on.day!), text: latest.text ?? '' };
}

function milestoneProgress(linked: Linked, milestone: Milestone): MilestoneProgressFields {
  const fields: MilestoneProgressFields = {
    rag: reportRag(ragOf(linked, milestone)),
    risks: milestone.risks.filter((r) => r.text !== undefined).map((r) => (r.rating !== undefined ? { text: r.text!, rating: r.rating } : { text: r.text! })),
    dependsOn: milestone.dependsOn.map((ref) => ref.id),
  };
  if (milestone.ownedBy) fields.owner = milestone.ownedBy.value;
  const update = reportUpdate(milestone.updates, linked.reviewDate);
  if (update) fields.latestUpdate = update;
  if (milestone.doneOn?.day !== undefined) fields.doneOn = isoFromDay(milestone.doneOn.day);
  return fields;
}

function workstreamProgress(linked: Linked, workstream: Workstream): Pick<TimelineLane, 'lead' | 'status' | 'rag' | 'latestUpdate'> {
  const fields: Pick<TimelineLane, 'lead' | 'status' | 'rag' | 'latestUpdate'> = { rag: reportRag(ragOf(linked, workstream)) };
  if (workstream.lead) fields.lead = workstream.lead;
  if (workstream.status) fields.status = workstream.status;
  const update = reportUpdate(workstream.updates, linked.reviewDate);
  if (update) fields.latestUpdate = update;
  return fields;
}

function metricProgress(linked: Linked, metric: Metric): Pick<MetricRow, 'direction' | 'actuals' | 'trajectory' | 'latest' | 'tolerance' | 'offTrajectory' | 'rag'> {
  const { document, reviewDate } = linked;
  const baseline = metric.baseline?.period?.result;
  const actuals: ReportActual[] = [];
  for (const actual of metric.actuals) {
    const result = actual.period?.result;
    if (typeof actual.value !== 'number' || !Number.isFinite(actual.value) || !result?.ok) continue;
    const outside = result.period.end > reviewDate || (!!baseline?.ok && result.period.end < baseline.period.start);
    const row: ReportActual = { period: result.period.canonical, date: isoFromDay(result.period.end), value: actual.value, outside, ...sourcePosition(document, actual.span) };
    if (actual.note) row.note = actual.note;
    actuals.push(row);
  }
  actuals.sort((a, b) => a.date.localeCompare(b.date));
  const fields: Pick<MetricRow, 'direction' | 'actuals' | 'trajectory' | 'latest' | 'tolerance' | 'offTrajectory' | 'rag'> = { actuals, rag: reportRag(ragOf(linked, metric)) };
  const direction = directionOf(metric);
  if (direction) fields.direction = direction;
  const knots = trajectoryKnots(metric);
  if (knots) fields.trajectory = knots.map((k) => ({ date: isoFromDay(k.day), value: k.value }));
  const latest = latestActual(metric, reviewDate);
  if (latest) {
    fields.latest = { period: latest.period.canonical, date: isoFromDay(latest.day), value: latest.value };
    const expected = trajectoryAt(metric, latest.day);
    if (expected !== undefined) fields.latest.expected = Math.round(expected * 1e6) / 1e6;
  }
  const tolerance = toleranceOf(metric, linked.settings.progress);
  if (tolerance !== undefined) fields.tolerance = Math.round(tolerance * 1e6) / 1e6;
  const check = trajectoryCheck(metric, reviewDate, linked.settings.progress);
  if (check) fields.offTrajectory = check.off;
  return fields;
}

function priorityRows(linked: Linked): PriorityRow[] {
  const { document } = linked;
  const framework = linked.framework && linked.framework !== document ? linked.framework.priorities : [];
  const start = document.period?.start;
  return [...framework, ...document.priorities].map((priority: Priority) => {
    const delivering = document.workstreams.filter((w) => w.priorities.some((ref) => linked.resolve(ref) === priority));
    const row: PriorityRow = {
      id: priority.id,
      title: priority.title ?? priority.id,
      source: priority.document === document ? 'plan' : 'framework',
      deadlines: priorityDeadlines(priority).map((d) => {
        const deadline: PriorityRow['deadlines'][number] = { due: periodText(d.due)! };
        if (d.title) deadline.title = d.title;
        if (d.due.result.ok) deadline.date = isoFromDay(d.due.result.period.end);
        return deadline;
      }),
      workstreams: delivering.map((w) => w.id),
      milestones: [...new Set(delivering.flatMap((w) => milestonesFor(w, priority).milestones.map((m) => m.id)))],
    };
    const inPeriod = priorityDeadlines(priority).some((d) => d.due.result.ok && (start === undefined || d.due.result.period.end >= start));
    if (delivering.length && inPeriod) row.meetsDeadlines = delivering.every((w) => deadlineMisses(w, priority, start).length === 0);
    return row;
  });
}
