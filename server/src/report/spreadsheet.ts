/**
 * The report as an Excel workbook, for colleagues who keep a tracker (`cplan report --format xlsx`): sheets
 * Milestones, Metrics (an actual per period as columns), Workstreams, Findings and Plans, each with a frozen
 * header row and an autofilter; dates are real Excel dates, a RAG cell is filled in its colour and says its word.
 * The Milestones sheet uses the column names `cplan import` reads, so that importing it gives the milestones
 * back. Built from the report data alone; exceljs writes the file (loaded only for this format).
 */
import ExcelJS from 'exceljs';
import type { MetricRow, PlanReport, ReportRag, TimelineLane, TimelineMarker, UndatedMilestone } from './data.js';
import { RAG_STYLE, ragText } from './rag-style.js';
import type { RagValue } from '../core/model.js';
import { dayFromIso, financialYearOf, ymdFromDay } from '../core/periods.js';

/** A cell's value: text, a number, or a date (ISO `YYYY-MM-DD`, written as an Excel date). */
type Value = string | number | { date: string } | undefined;

interface Column<Row> {
  header: string;
  width: number;
  value: (row: Row) => Value;
  /** A RAG column: filled in the rating's colour. */
  rag?: (row: Row) => ReportRag;
}

/** Fill and font of each rating: NHS colours, white or black text for contrast. */
const RAG_FILL: Record<RagValue, { fill: string; font: string }> = {
  red: { fill: 'FFD5281B', font: 'FFFFFFFF' },
  amber: { fill: 'FFFFB81C', font: 'FF212B32' },
  green: { fill: 'FF007F3B', font: 'FFFFFFFF' },
  blue: { fill: 'FF005EB8', font: 'FFFFFFFF' },
};

const DATE_FORMAT = 'dd mmm yyyy';
const date = (iso: string | undefined): Value => (iso ? { date: iso } : undefined);

type MilestoneRow = { plan: PlanReport; lane: TimelineLane; m: TimelineMarker | UndatedMilestone };

const MILESTONE_COLUMNS: Column<MilestoneRow>[] = [
  { header: 'Plan', width: 18, value: ({ plan }) => plan.id },
  // `WS1 - Title`: cplan import reads the workstream's id and title back from it.
  { header: 'Workstream', width: 34, value: ({ lane }) => `${lane.id} - ${lane.title}` },
  { header: 'Ref', width: 10, value: ({ m }) => m.id },
  { header: 'Milestone', width: 60, value: ({ m }) => m.title },
  { header: 'Owner', width: 28, value: ({ m, lane }) => m.owner ?? lane.lead },
  { header: 'Due', width: 13, value: ({ m }) => (m.due === 'no due date' ? undefined : m.due) },
  { header: 'Due quarter', width: 12, value: ({ m }) => ('date' in m && m.date ? quarterOf(m.date) : undefined) },
  { header: 'Due by (date)', width: 13, value: ({ m }) => date('date' in m ? m.date : undefined) },
  { header: 'Status', width: 12, value: ({ m }) => (m.status === 'unknown' ? undefined : m.status) },
  { header: 'RAG', width: 18, value: ({ m }) => ragText(m.rag), rag: ({ m }) => m.rag },
  { header: 'RAG reason', width: 40, value: ({ m }) => ragReason(m.rag) },
  { header: 'Days overdue', width: 9, value: ({ m }) => ('overdueDays' in m ? m.overdueDays : undefined) },
  { header: 'Done on', width: 13, value: ({ m }) => date(m.doneOn) },
  { header: 'Cadence', width: 11, value: ({ m }) => ('cadence' in m ? m.cadence : undefined) },
  { header: 'Latest update', width: 60, value: ({ m }) => m.latestUpdate?.text },
  { header: 'Updated on', width: 13, value: ({ m }) => date(m.latestUpdate?.on) },
  { header: 'Risks', width: 40, value: ({ m }) => m.risks.map((r) => (r.rating ? `${r.text} (${r.rating})` : r.text)).join('; ') || undefined },
  { header: 'Depends on', width: 14, value: ({ m }) => m.dependsOn.join(', ') || undefined },
];

type MetricSheetRow = { plan: PlanReport; m: MetricRow };

const numberOr = (text: string | undefined): Value => (text !== undefined && /^[-+]?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text);

const METRIC_COLUMNS: Column<MetricSheetRow>[] = [
  { header: 'Plan', width: 18, value: ({ plan }) => plan.id },
  { header: 'Workstream or priority', width: 12, value: ({ m }) => m.owner },
  { header: 'Ref', width: 10, value: ({ m }) => m.id },
  { header: 'Metric', width: 50, value: ({ m }) => m.title },
  { header: 'Unit', width: 10, value: ({ m }) => m.unit },
  { header: 'Direction', width: 10, value: ({ m }) => m.direction },
  { header: 'Baseline', width: 10, value: ({ m }) => numberOr(m.baselineValue) },
  { header: 'Baseline period', width: 13, value: ({ m }) => m.baselinePeriod },
  { header: 'Target', width: 10, value: ({ m }) => numberOr(m.targetValue) },
  { header: 'Target due', width: 13, value: ({ m }) => m.targetDue },
  { header: 'Source', width: 30, value: ({ m }) => m.source },
  { header: 'Latest actual', width: 10, value: ({ m }) => m.latest?.value },
  { header: 'Latest period', width: 13, value: ({ m }) => m.latest?.period },
  { header: 'Trajectory at latest', width: 12, value: ({ m }) => (m.latest?.expected === undefined ? undefined : Math.round(m.latest.expected * 100) / 100) },
  { header: 'RAG', width: 18, value: ({ m }) => ragText(m.rag), rag: ({ m }) => m.rag },
  { header: 'RAG reason', width: 50, value: ({ m }) => ragReason(m.rag) },
];

type WorkstreamRow = { plan: PlanReport; lane: TimelineLane };

const WORKSTREAM_COLUMNS: Column<WorkstreamRow>[] = [
  { header: 'Plan', width: 18, value: ({ plan }) => plan.id },
  { header: 'Ref', width: 10, value: ({ lane }) => lane.id },
  { header: 'Workstream', width: 45, value: ({ lane }) => lane.title },
  { header: 'Lead', width: 28, value: ({ lane }) => lane.lead },
  { header: 'Status', width: 12, value: ({ lane }) => lane.status },
  { header: 'RAG', width: 18, value: ({ lane }) => ragText(lane.rag), rag: ({ lane }) => lane.rag },
  { header: 'RAG reason', width: 40, value: ({ lane }) => ragReason(lane.rag) },
  { header: 'Milestones', width: 11, value: ({ lane }) => lane.markers.length + lane.undated.length },
  { header: 'Overdue', width: 9, value: ({ lane }) => lane.markers.filter((m) => m.overdue).length },
  { header: 'Latest update', width: 60, value: ({ lane }) => lane.latestUpdate?.text },
  { header: 'Updated on', width: 13, value: ({ lane }) => date(lane.latestUpdate?.on) },
];

type FindingRow = { plan: PlanReport; d: PlanReport['diagnostics'][number] };

const FINDING_COLUMNS: Column<FindingRow>[] = [
  { header: 'Plan', width: 18, value: ({ plan }) => plan.id },
  { header: 'File', width: 40, value: ({ plan }) => plan.path },
  { header: 'Line', width: 7, value: ({ d }) => d.line },
  { header: 'Column', width: 7, value: ({ d }) => d.column },
  { header: 'Severity', width: 9, value: ({ d }) => d.severity },
  { header: 'Rule', width: 26, value: ({ d }) => d.ruleId },
  { header: 'Message', width: 100, value: ({ d }) => d.message },
];

const PLAN_COLUMNS: Column<PlanReport>[] = [
  { header: 'Plan', width: 18, value: (p) => p.id },
  { header: 'Title', width: 60, value: (p) => p.title },
  { header: 'Organisation', width: 36, value: (p) => p.organisation },
  { header: 'Period', width: 16, value: (p) => p.period },
  { header: 'Status', width: 10, value: (p) => p.status },
  { header: 'Review date', width: 13, value: (p) => date(p.reviewDate) },
  { header: 'File', width: 40, value: (p) => p.path },
];

/** The NHS financial quarter a date falls in, as the format writes it: `Q1 2024/25`. */
function quarterOf(iso: string): string | undefined {
  const day = dayFromIso(iso);
  if (day === undefined) return undefined;
  const fy = financialYearOf(day);
  const { m } = ymdFromDay(day);
  return `Q${m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4} ${fy}/${String((fy + 1) % 100).padStart(2, '0')}`;
}

function ragReason(rag: ReportRag): string {
  return rag.overrideReason !== undefined ? `${rag.why}; override: ${rag.overrideReason}` : rag.why;
}

/** Excel caps a cell at 32,767 characters; the plan's own text never needs more, but a pasted one might. */
const MAX_CELL = 32_767;

function setValue(cell: ExcelJS.Cell, value: Value): void {
  if (value === undefined || value === '') return;
  if (typeof value === 'object') {
    const [y, m, d] = value.date.split('-').map(Number);
    cell.value = new Date(Date.UTC(y, m - 1, d));
    cell.numFmt = DATE_FORMAT;
  } else cell.value = typeof value === 'string' ? value.slice(0, MAX_CELL) : value;
}

function addSheet<Row>(workbook: ExcelJS.Workbook, name: string, columns: Column<Row>[], rows: Row[], extra: { header: string; value: (row: Row) => Value }[] = []): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const all: Column<Row>[] = [...columns, ...extra.map((x) => ({ ...x, width: 11 }))];
  sheet.columns = all.map((c) => ({ header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'bottom', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDEE' } };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF425563' } } };
  });
  rows.forEach((row, i) => {
    const line = sheet.getRow(i + 2);
    all.forEach((column, c) => {
      const cell = line.getCell(c + 1);
      setValue(cell, column.value(row));
      const rag = column.rag?.(row);
      if (rag?.value) {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: RAG_FILL[rag.value].fill } };
        cell.font = { bold: true, color: { argb: RAG_FILL[rag.value].font } };
      }
    });
    line.alignment = { vertical: 'top', wrapText: true };
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: all.length } };
}

/** The workbook's bytes. */
export async function renderXlsx(reports: readonly PlanReport[], options: { generator?: string; created?: Date } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = options.generator ?? 'cplan';
  // A fixed date (the review date) keeps the file the same from run to run.
  const created = options.created ?? new Date(`${reports[0]?.reviewDate ?? '2000-01-01'}T00:00:00Z`);
  workbook.created = created;
  workbook.modified = created;

  const milestones = reports.flatMap((plan) => plan.timeline.lanes.flatMap((lane) => [...lane.markers, ...lane.undated].map((m) => ({ plan, lane, m }))));
  addSheet(workbook, 'Milestones', MILESTONE_COLUMNS, milestones);

  // An actual per period, the periods in date order across every metric of every plan.
  const periods = new Map<string, string>();
  for (const plan of reports) for (const m of plan.metrics) for (const a of m.actuals) if (!periods.has(a.period)) periods.set(a.period, a.date);
  const byDate = [...periods].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0])).map(([period]) => period);
  const actualColumns = byDate.map((period) => ({ header: period, value: ({ m }: MetricSheetRow) => m.actuals.find((a) => a.period === period)?.value }));
  addSheet(workbook, 'Metrics', METRIC_COLUMNS, reports.flatMap((plan) => plan.metrics.map((m) => ({ plan, m }))), actualColumns);

  addSheet(workbook, 'Workstreams', WORKSTREAM_COLUMNS, reports.flatMap((plan) => plan.timeline.lanes.map((lane) => ({ plan, lane }))));
  addSheet(workbook, 'Findings', FINDING_COLUMNS, reports.flatMap((plan) => plan.diagnostics.map((d) => ({ plan, d }))));
  addSheet(workbook, 'Plans', PLAN_COLUMNS, [...reports]);
  // The key to the RAG colours, in words, on the Plans sheet's right.
  const plans = workbook.getWorksheet('Plans')!;
  const key = PLAN_COLUMNS.length + 2;
  plans.getColumn(key).width = 22;
  (Object.keys(RAG_STYLE) as RagValue[]).forEach((value, i) => {
    const cell = plans.getCell(i + 2, key);
    cell.value = ragText({ value, computed: value, why: '' });
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: RAG_FILL[value].fill } };
    cell.font = { bold: true, color: { argb: RAG_FILL[value].font } };
  });
  plans.getCell(1, key).value = 'RAG key';
  plans.getCell(1, key).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
