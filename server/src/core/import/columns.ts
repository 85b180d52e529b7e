import { cellAt, columnIndex, columnLetters, isEmptyCell, type CellValue, type TrackerSheet } from './tracker.js';

/**
 * Which column of a tracker holds which field of the plan. Headers are matched case- and punctuation-insensitively
 * against the names commissioners use; a map file can name any column the headers do not. Pure.
 */

export const FIELDS = [
  'workstream', 'ref', 'milestone', 'metric', 'lead', 'due', 'status', 'update', 'update-date', 'baseline', 'baseline-period',
  'target', 'target-due', 'actual', 'unit', 'source', 'aims', 'priorities', 'done-on', 'cadence', 'breakdown', 'ignore',
] as const;
export type Field = (typeof FIELDS)[number];

/** Header names, as `normaliseHeader` leaves them, for each field. */
const SYNONYMS: Readonly<Record<Exclude<Field, 'ignore'>, readonly string[]>> = {
  workstream: ['workstream', 'work stream', 'programme', 'program', 'project', 'theme', 'workstream name', 'area', 'programme area'],
  ref: ['ref', 'reference', 'id', 'ref no', 'no', 'number', 'milestone ref', 'milestone id'],
  milestone: ['milestone', 'milestones', 'action', 'actions', 'deliverable', 'deliverables', 'task', 'activity', 'intention', 'intentions', 'commissioning intention', 'description', 'milestone description'],
  metric: ['metric', 'metrics', 'kpi', 'measure', 'indicator', 'performance indicator', 'metric name'],
  lead: ['lead', 'owner', 'responsible', 'accountable', 'sro', 'lead officer', 'responsible lead', 'action owner'],
  due: ['due', 'due date', 'deadline', 'target date', 'by when', 'date due', 'completion date', 'timescale', 'timescales', 'delivery date', 'end date'],
  status: ['rag', 'status', 'rag status', 'rag rating', 'progress rag', 'delivery status', 'brag'],
  update: ['update', 'updates', 'commentary', 'progress', 'comments', 'comment', 'notes', 'latest update', 'progress update', 'narrative'],
  'update-date': ['update date', 'date of update', 'last updated', 'updated', 'updated on', 'date updated', 'update as at', 'update as of'],
  baseline: ['baseline', 'baseline value', 'current baseline'],
  'baseline-period': ['baseline period', 'baseline date', 'baseline year', 'baseline as at'],
  target: ['target', 'target value', 'ambition', 'trajectory', 'goal'],
  'target-due': ['target due', 'target period', 'target year', 'target by', 'achieve by'],
  actual: ['actual', 'actuals', 'current', 'latest', 'latest value', 'current value', 'latest actual', 'performance'],
  unit: ['unit', 'units', 'unit of measure'],
  source: ['source', 'data source', 'data', 'source of data'],
  aims: ['aim', 'aims', 'strategic aim', 'strategic aims', 'objective', 'objectives'],
  priorities: ['priority', 'priorities', 'adtdg priority', 'national priority', 'priority ref'],
  'done-on': ['done on', 'completed', 'date completed', 'completed on', 'completion', 'actual completion date', 'date closed'],
  cadence: ['cadence', 'frequency', 'recurrence'],
  breakdown: ['breakdown', 'breakdowns', 'reported by', 'split by'],
};

const BY_HEADER = new Map<string, Field>(
  Object.entries(SYNONYMS).flatMap(([field, names]) => names.map((name) => [name, field as Field] as [string, Field])),
);

/** `RAG Status`, `rag_status`, `R.A.G. status:` all become `rag status`. */
export function normaliseHeader(text: string): string {
  return text.toLowerCase().replace(/\([^()]*\)/g, ' ').replace(/[.']/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

export function fieldOfHeader(text: string): Field | undefined {
  return BY_HEADER.get(normaliseHeader(text));
}

export interface Column {
  index: number;
  /** The header as written, or the column letter when the header cell is empty. */
  header: string;
  /** undefined: no field fits, so its values are kept as comments. */
  field?: Field;
  /** How the field was chosen. */
  by: 'header' | 'map';
}

export interface ColumnMapping {
  /** 0-based row index of the header row. */
  headerRow: number;
  columns: Column[];
}

/** The map file (`--map`), already checked against `schemas/import-map.schema.json`. */
export interface ImportMap {
  sheet?: string;
  header_row?: number;
  /** header text or column letter -> field */
  columns?: Record<string, Field>;
  /** extra status words, e.g. `Slipped: off-track` */
  statuses?: Record<string, string>;
}

export type MappingResult = { ok: true; mapping: ColumnMapping } | { ok: false; message: string };

/** Rows searched for the header row: trackers put a title, a date and notes above it, rarely more. */
export const HEADER_SEARCH_ROWS = 30;

function headerText(value: CellValue): string {
  if (value.kind === 'text') return value.text.trim();
  if (value.kind === 'number') return String(value.value);
  return '';
}

function rowWidth(sheet: TrackerSheet, row: number): number {
  return sheet.rows[row]?.length ?? 0;
}

/** The row with most known headers among the first rows; it must name what a row is (a milestone or metric). */
function findHeaderRow(sheet: TrackerSheet): number | undefined {
  let best: { row: number; score: number } | undefined;
  for (let row = 0; row < Math.min(sheet.rows.length, HEADER_SEARCH_ROWS); row++) {
    const fields = new Set<Field>();
    for (let column = 0; column < rowWidth(sheet, row); column++) {
      const field = fieldOfHeader(headerText(cellAt(sheet, row, column)));
      if (field) fields.add(field);
    }
    if (!fields.has('milestone') && !fields.has('metric')) continue;
    if (fields.size >= 2 && (!best || fields.size > best.score)) best = { row, score: fields.size };
  }
  return best?.row;
}

const KNOWN_HEADERS = 'Milestone (or Action, Deliverable, Intention) or Metric (or KPI, Measure), with e.g. Workstream, Ref, Lead, Due, RAG';

/** Finds the header row and maps each column to a field, the map file overriding the headers. */
export function mapColumns(sheet: TrackerSheet, map: ImportMap = {}): MappingResult {
  let headerRow: number | undefined;
  if (map.header_row !== undefined) {
    headerRow = map.header_row - 1;
    if (headerRow >= sheet.rows.length) return { ok: false, message: `the map's header_row ${map.header_row} is past the last row (${sheet.rows.length}) of the sheet \`${sheet.name}\`` };
  } else {
    headerRow = findHeaderRow(sheet);
    if (headerRow === undefined) {
      return {
        ok: false,
        message: `no header row found in the first ${HEADER_SEARCH_ROWS} rows of the sheet \`${sheet.name}\`: a tracker needs a row of column names such as ${KNOWN_HEADERS}; name the columns in a --map file (columns: {"C": milestone}, header_row: N) if yours differ`,
      };
    }
  }
  const overrides = new Map<string, Field>();
  const letterOverrides = new Map<number, Field>();
  for (const [key, field] of Object.entries(map.columns ?? {})) {
    const letter = columnIndex(key);
    if (letter !== undefined && /^[A-Z]{1,3}$/.test(key)) letterOverrides.set(letter, field);
    else overrides.set(normaliseHeader(key), field);
  }
  const columns: Column[] = [];
  const width = Math.max(rowWidth(sheet, headerRow), ...sheet.rows.map((r) => r.length));
  const used = new Set<string>();
  for (let index = 0; index < width; index++) {
    const written = headerText(cellAt(sheet, headerRow, index));
    const header = written || columnLetters(index);
    const mapped = letterOverrides.get(index) ?? (written ? overrides.get(normaliseHeader(written)) : undefined);
    if (mapped) {
      used.add(normaliseHeader(written));
      columns.push({ index, header, field: mapped, by: 'map' });
      continue;
    }
    const field = written ? fieldOfHeader(written) : undefined;
    columns.push({ index, header, field, by: 'header' });
  }
  for (const key of overrides.keys()) {
    if (!used.has(key)) return { ok: false, message: `the map names a column \`${Object.keys(map.columns ?? {}).find((k) => normaliseHeader(k) === key)}\` that the header row ${headerRow + 1} does not have` };
  }
  // `Target date` beside a `Deadline`: the milestones' deadline and the metrics' target date.
  const dues = columns.filter((c) => c.field === 'due' && c.by === 'header');
  if (dues.length > 1 && !columns.some((c) => c.field === 'target-due')) {
    const target = dues.find((c) => /^target/.test(normaliseHeader(c.header)));
    if (target) target.field = 'target-due';
  }
  // A field taken by two columns: the first keeps it, the others are kept as comments, so no value is mixed up.
  const taken = new Set<Field>();
  for (const column of columns) {
    if (!column.field || column.field === 'ignore') continue;
    if (taken.has(column.field)) column.field = undefined;
    else taken.add(column.field);
  }
  if (!taken.has('milestone') && !taken.has('metric')) {
    return { ok: false, message: `the header row ${headerRow + 1} of the sheet \`${sheet.name}\` names no milestone or metric column; expected ${KNOWN_HEADERS}, or a --map file naming the column` };
  }
  return { ok: true, mapping: { headerRow, columns } };
}

/** One line per column, for the user to check before trusting the plan. */
export function describeMapping(sheet: TrackerSheet, mapping: ColumnMapping): string[] {
  return mapping.columns
    .filter((column) => column.field || mapping.headerRow < sheet.rows.length && !isEmptyCell(cellAt(sheet, mapping.headerRow, column.index)) || hasValues(sheet, mapping, column.index))
    .map((column) => {
      const where = `${columnLetters(column.index)} ${JSON.stringify(column.header)}`;
      if (column.field === 'ignore') return `${where} -> ignored (map file)`;
      if (!column.field) return `${where} -> no field: kept as comments`;
      return `${where} -> ${column.field}${column.by === 'map' ? ' (map file)' : ''}`;
    });
}

function hasValues(sheet: TrackerSheet, mapping: ColumnMapping, column: number): boolean {
  for (let row = mapping.headerRow + 1; row < sheet.rows.length; row++) if (!isEmptyCell(cellAt(sheet, row, column))) return true;
  return false;
}
