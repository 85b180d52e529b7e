import { financialYearOf, fyLabel, parsePeriod, parsePlanPeriod, type PeriodContext } from '../periods.js';
import { cellText, listItems, readCadence, readDay, readPeriod, readStatus, readValue, statusKey, type MetricNumber, type Reading } from './cells.js';
import { describeMapping, mapColumns, type Column, type Field, type ImportMap } from './columns.js';
import { cellAddress, cellAt, cellName, isEmptyCell, type CellValue, type TrackerSheet } from './tracker.js';
import { comment, flowScalar, scalar } from './yaml-text.js';

/**
 * A tracker sheet as a plan in the v1 format. Every non-empty cell ends up in the plan (as a value or a comment)
 * or in the summary's list of cells not understood, which are written too, as they were, for lint to report. Pure.
 */

export interface ImportOptions {
  /** The tracker's file name, as the plan's prose names it. */
  source: string;
  /** front matter */
  id: string;
  title?: string;
  organisation?: string;
  /** a plan period as `--period` gave it; without one, the financial years of the due dates */
  period?: string;
  framework?: string;
  asOf?: string;
  /** The financial year of today, for a plan with no period and no dated milestone. */
  currentFinancialYear: number;
  /** Aims and priorities of the framework: refs that name one link to it, and generated ids never take one. */
  frameworkAims?: ReadonlyMap<string, string>;
  frameworkPriorities?: ReadonlyMap<string, string>;
  map?: ImportMap;
}

export interface NotUnderstood {
  /** `Tracker!E14` */
  address: string;
  column: string;
  written: string;
  why: string;
}

export interface ImportSummary {
  sheet: string;
  headerRow: number;
  /** data rows with at least one value */
  rowsRead: number;
  workstreams: number;
  milestones: number;
  metrics: number;
  /** values kept as YAML comments because the format has no field for them (updates, actuals, extra columns) */
  comments: number;
  /** updates written under a milestone's `updates`; `datedByAsOf` of them carry the `--as-of` date, their row having none */
  updates: { written: number; datedByAsOf: number; undated: number };
  /** milestones given the `owner` their row's lead names (a workstream whose rows name several leads) */
  owners: number;
  /** map-file columns marked `ignore`, with how many values they held */
  ignored: number;
  /** each status word read, with the status it became: `Green -> on-track` */
  statuses: Array<{ written: string; status: string }>;
  notUnderstood: NotUnderstood[];
  /** how the plan's period was chosen */
  periodFrom: 'option' | 'due dates' | 'current year';
  period: string;
}

export type ImportResult =
  | { ok: true; text: string; mapping: string[]; summary: ImportSummary }
  | { ok: false; message: string };

interface Line { key?: string; value?: string; comments: string[] }

interface Entry {
  kind: 'milestone' | 'metric';
  ref?: { text: string; address: string };
  lines: Line[];
  priorities: string[];
  comments: string[];
  /** A milestone's own lead, when its workstream's rows name several: written as its `owner`. */
  owner?: string;
  /** A milestone's update, written under `updates` when it has a date (its row's update date, or `--as-of`). */
  update?: { text: string; on: string; from: string };
}

interface WorkstreamDraft {
  key: string;
  id?: string;
  title: string;
  address?: string;
  aims: string[];
  priorities: string[];
  leads: Array<{ lead: string; address: string; entry?: Entry }>;
  entries: Entry[];
  comments: string[];
}

const ID = /^[A-Za-z][A-Za-z0-9._-]*$/;

/** `WS1 - Earlier diagnosis`, `Workstream 1 - Earlier diagnosis`: an id and a title. */
function splitWorkstream(text: string): { id?: string; title: string } {
  const numbered = /^workstream\s+(\d+)\s*[-:.–—]?\s+(.+)$/is.exec(text);
  if (numbered) return { id: `WS${numbered[1]}`, title: numbered[2].trim() };
  // `WS1 - Title`, `WS1: Title`, `WS1. Title`: a first word that is an id with a digit, then a separator.
  const space = text.search(/\s/);
  if (space > 0) {
    let id = text.slice(0, space);
    let rest = text.slice(space).trimStart();
    const separated = /[:.]$/.test(id) || /^[-:.–—]\s/.test(rest);
    if (/[:.]$/.test(id)) id = id.slice(0, -1);
    else rest = rest.replace(/^[-:.–—]\s/, '').trimStart();
    if (separated && rest && ID.test(id) && /\d/.test(id)) return { id, title: rest };
  }
  return { title: text };
}

/** `ADTDG-3`, `ADTDG-3 Breast Pain`, `3. Breast Pain`, `Breast pain`: the framework id it names, if any. */
function frameworkId(item: string, known: ReadonlyMap<string, string>): string | undefined {
  const token = /^([A-Za-z][A-Za-z0-9._-]*)/.exec(item)?.[1];
  if (token && known.has(token)) return token;
  const title = item.replace(/^\d+[.)]?\s*/, '').trim().toLowerCase();
  for (const [id, known_title] of known) if (known_title.trim().toLowerCase() === title) return id;
  return undefined;
}

export function importTracker(sheet: TrackerSheet, options: ImportOptions): ImportResult {
  const map = options.map ?? {};
  const mapped = mapColumns(sheet, map);
  if (!mapped.ok) return mapped;
  const { mapping } = mapped;
  const byField = new Map<Field, Column>();
  for (const column of mapping.columns) if (column.field) byField.set(column.field, column);
  const extraStatuses = new Map(Object.entries(map.statuses ?? {}).map(([word, status]) => [statusKey(word), status]));
  const aims = options.frameworkAims ?? new Map<string, string>();
  const priorities = options.frameworkPriorities ?? new Map<string, string>();

  let periodFrom: ImportSummary['periodFrom'] = 'option';
  let planPeriod = options.period;
  const planParsed = planPeriod ? parsePlanPeriod(planPeriod) : undefined;
  if (planParsed && !planParsed.ok) return { ok: false, message: `--period \`${planPeriod}\`: ${planParsed.message}` };
  const context: PeriodContext = planParsed?.ok
    ? { firstFinancialYear: planParsed.firstFinancialYear, planFinancialYear: planParsed.firstFinancialYear === planParsed.lastFinancialYear ? planParsed.firstFinancialYear : undefined }
    : {};
  if (planParsed?.ok) planPeriod = planParsed.period.canonical;

  const summary: ImportSummary = {
    sheet: sheet.name, headerRow: mapping.headerRow + 1, rowsRead: 0, workstreams: 0, milestones: 0, metrics: 0,
    comments: 0, updates: { written: 0, datedByAsOf: 0, undated: 0 }, owners: 0, ignored: 0, statuses: [], notUnderstood: [], periodFrom, period: '',
  };
  const seenStatus = new Set<string>();
  const address = (row: number, column: number) => cellAddress(sheet.name, row, column);
  const header = (column: Column) => column.header;
  const notUnderstood = (row: number, column: Column, reading: { written: string; why: string }) =>
    summary.notUnderstood.push({ address: address(row, column.index), column: header(column), written: reading.written, why: reading.why });
  // A value the row's kind has no field for (a baseline on a milestone row, a status on a metric row).
  const keep = (row: number, column: Column, value: CellValue) => {
    const kind = milestoneRow ? 'milestone' : 'metric';
    notUnderstood(row, column, { written: cellText(value), why: `a ${kind} has no ${column.field}; give ${kind === 'milestone' ? 'metrics rows of their own, with a Metric' : 'milestones rows of their own, with a Milestone'}` });
    return comment(`${header(column)} (${address(row, column.index)}): ${cellText(value)}`);
  };
  let milestoneRow = false;
  const keepUnread = (row: number, column: Column, reading: { written: string; why: string }) => {
    notUnderstood(row, column, reading);
    return comment(`${header(column)} (${address(row, column.index)}) ${JSON.stringify(reading.written)} is not understood: ${reading.why}`);
  };

  const workstreams: WorkstreamDraft[] = [];
  const workstreamByKey = new Map<string, WorkstreamDraft>();
  const dues: number[] = [];
  let current: WorkstreamDraft | undefined;
  const workstreamColumn = byField.get('workstream');
  const defaultWorkstream = (): WorkstreamDraft => {
    let draft = workstreamByKey.get('');
    if (!draft) {
      draft = { key: '', title: `Imported from ${sheet.name}`, aims: [], priorities: [], leads: [], entries: [], comments: [] };
      workstreamByKey.set('', draft);
      workstreams.push(draft);
    }
    return draft;
  };

  for (let row = mapping.headerRow + 1; row < sheet.rows.length; row++) {
    const cells = mapping.columns.map((column) => ({ column, value: cellAt(sheet, row, column.index) })).filter((c) => !isEmptyCell(c.value));
    if (cells.length === 0) continue; // a blank separator row
    summary.rowsRead++;
    const workstreamCell = workstreamColumn ? cells.find((c) => c.column === workstreamColumn) : undefined;
    if (workstreamCell) {
      const key = cellText(workstreamCell.value).trim();
      current = workstreamByKey.get(key);
      if (!current) {
        const { id, title } = splitWorkstream(key);
        current = { key, id, title, address: address(row, workstreamCell.column.index), aims: [], priorities: [], leads: [], entries: [], comments: [] };
        workstreamByKey.set(key, current);
        workstreams.push(current);
      }
    }
    const workstream = current ?? defaultWorkstream();
    const value = (field: Field) => cells.find((c) => c.column.field === field);
    const milestoneCell = value('milestone');
    const metricCell = value('metric');
    if (!milestoneCell && !metricCell) {
      // A heading row (only the workstream) says nothing more; anything else on the row is kept on the workstream.
      for (const cell of cells) {
        if (cell === workstreamCell) continue;
        if (cell.column.field === 'ignore') { summary.ignored++; continue; }
        workstream.comments.push(...keepUnread(row, cell.column, { written: cellText(cell.value), why: 'the row has no milestone or metric to attach it to' }));
      }
      continue;
    }
    const milestone: Entry | undefined = milestoneCell ? { kind: 'milestone', lines: [], priorities: [], comments: [] } : undefined;
    const metric: Entry | undefined = metricCell ? { kind: 'metric', lines: [], priorities: [], comments: [] } : undefined;
    const main = (milestone ?? metric)!;
    milestoneRow = main === milestone;
    if (milestone) milestone.lines.push({ key: 'title', value: scalar(cellText(milestoneCell!.value).trim()), comments: [] });
    if (metric) metric.lines.push({ key: 'title', value: scalar(cellText(metricCell!.value).trim()), comments: [] });
    const baseline: { value?: MetricNumber; period?: string; comments: string[] } = { comments: [] };
    const target: { value?: MetricNumber; due?: string; comments: string[] } = { comments: [] };
    let due: { row: number; column: Column; value: CellValue } | undefined;
    // The day an update was written: its row's own date, else the date the whole tracker is as at (`--as-of`).
    const updateDateCell = value('update-date');
    const updateDay = updateDateCell ? readDay(updateDateCell.value) : undefined;
    const updateOn = updateDay ? (updateDay.ok ? { on: updateDay.value, from: `${header(updateDateCell!.column)} (${address(row, updateDateCell!.column.index)})` } : undefined)
      : options.asOf ? { on: options.asOf, from: '--as-of' } : undefined;
    for (const cell of cells) {
      const { column } = cell;
      const text = cellText(cell.value).trim();
      switch (column.field) {
        case 'workstream': case 'milestone': case 'metric': break;
        case 'ignore': summary.ignored++; break;
        case 'ref': main.ref = { text, address: address(row, column.index) }; break;
        case 'lead': workstream.leads.push({ lead: text, address: address(row, column.index), entry: main }); break;
        case 'due': due = { row, column, value: cell.value }; break;
        case 'status': {
          if (!milestone) { main.comments.push(...keep(row, column, cell.value)); break; }
          const status = readStatus(cell.value, extraStatuses);
          if (status.ok) {
            milestone.lines.push({ key: 'status', value: status.value, comments: status.note ? [`${status.note} (${address(row, column.index)})`] : [] });
            if (status.note && !seenStatus.has(text.toLowerCase())) {
              seenStatus.add(text.toLowerCase());
              summary.statuses.push({ written: text, status: status.value });
            }
          } else {
            milestone.lines.push({ key: 'status', value: scalar(status.written), comments: [] });
            milestone.comments.push(...keepUnread(row, column, status));
          }
          break;
        }
        case 'done-on': {
          const day = readDay(cell.value);
          if (day.ok && milestone) milestone.lines.push({ key: 'done_on', value: day.value, comments: [] });
          else if (!day.ok) main.comments.push(...keepUnread(row, column, day));
          else main.comments.push(...keep(row, column, cell.value));
          break;
        }
        case 'cadence': {
          const cadence = readCadence(cell.value);
          if (cadence.ok && milestone) milestone.lines.push({ key: 'cadence', value: cadence.value, comments: cadence.value === text.toLowerCase() ? [] : [`${JSON.stringify(text)} (${address(row, column.index)})`] });
          else if (!cadence.ok) main.comments.push(...keepUnread(row, column, cadence));
          else main.comments.push(...keep(row, column, cell.value));
          break;
        }
        case 'aims': case 'priorities': {
          const known = column.field === 'aims' ? aims : priorities;
          const into = column.field === 'aims' ? workstream.aims : workstream.priorities;
          const unread: string[] = [];
          for (const item of listItems(text)) {
            const id = frameworkId(item, known) ?? (known.size === 0 && ID.test(item) ? item : undefined);
            if (!id) { unread.push(item); continue; }
            if (!into.includes(id)) into.push(id);
            if (column.field === 'priorities' && milestone && !milestone.priorities.includes(id)) milestone.priorities.push(id);
          }
          if (unread.length) {
            const what = column.field === 'aims' ? 'aim' : 'priority';
            const why = known.size ? `no ${what} of the framework has this id or title (${[...known.keys()].slice(0, 3).join(', ')}...)` : `not an id; give --framework to match ${what} titles`;
            main.comments.push(...keepUnread(row, column, { written: unread.join(', '), why }));
          }
          break;
        }
        case 'baseline': case 'target': {
          if (!metric) { main.comments.push(...keep(row, column, cell.value)); break; }
          const read = readValue(cell.value);
          const into = column.field === 'baseline' ? baseline : target;
          if (read.ok) into.value = read.value;
          else into.comments.push(...keepUnread(row, column, read));
          break;
        }
        case 'baseline-period': case 'target-due': {
          if (!metric) { main.comments.push(...keep(row, column, cell.value)); break; }
          const period = readPeriod(cell.value, context);
          const written = period.ok ? period.value : period.written;
          if (!period.ok) (column.field === 'baseline-period' ? baseline : target).comments.push(...keepUnread(row, column, period));
          if (column.field === 'baseline-period') baseline.period = written;
          else target.due = written;
          break;
        }
        case 'unit': case 'source': {
          if (metric) metric.lines.push({ key: column.field, value: scalar(text), comments: [] });
          else main.comments.push(...keep(row, column, cell.value));
          break;
        }
        case 'breakdown': {
          if (metric) metric.lines.push({ key: 'breakdown', value: `[${listItems(text).map((item) => flowScalar(item.toLowerCase().replace(/\s+/g, '-'))).join(', ')}]`, comments: [] });
          else main.comments.push(...keep(row, column, cell.value));
          break;
        }
        case 'update-date':
          if (updateDay && !updateDay.ok) main.comments.push(...keepUnread(row, column, updateDay));
          else if (!milestone || !value('update')) main.comments.push(...keep(row, column, cell.value));
          break;
        case 'update':
          if (milestone && updateOn && !milestone.update) {
            milestone.update = { text: cellText(cell.value).trim(), ...updateOn };
            summary.updates.written++;
            if (updateOn.from === '--as-of') summary.updates.datedByAsOf++;
            break;
          }
          if (milestone) summary.updates.undated++;
          summary.comments++;
          main.comments.push(...comment(`${header(column)} (${address(row, column.index)}): ${cellText(cell.value)}`));
          break;
        case 'actual': case undefined:
          if (column.field === undefined) notUnderstood(row, column, { written: text, why: 'no field of the plan fits this column; kept as a comment' });
          else summary.comments++;
          (column.field === 'actual' && metric ? metric : main).comments.push(...comment(`${header(column)} (${address(row, column.index)}): ${cellText(cell.value)}`));
          break;
      }
    }
    if (due) {
      const reading = readPeriod(due.value, { ...context, allowUnscheduled: !!milestone });
      const written = reading.ok ? reading.value : reading.written;
      if (reading.ok && reading.value !== 'TBC') {
        const parsed = parsePeriod(reading.value, context);
        if (parsed.ok) dues.push(parsed.period.end);
      }
      const unread = reading.ok ? [] : keepUnread(due.row, due.column, reading);
      if (milestone) {
        milestone.lines.splice(1, 0, { key: 'due', value: scalar(written), comments: [] });
        milestone.comments.push(...unread);
      } else if (metric && target.due === undefined) {
        target.due = written;
        target.comments.push(...unread);
      } else {
        metric!.comments.push(...keep(due.row, due.column, due.value));
      }
    }
    if (metric) writeMetricValues(metric, baseline, target);
    if (milestone) workstream.entries.push(milestone);
    if (metric) workstream.entries.push(metric);
  }

  // The plan's period: as given, else the financial years the due dates fall in, else this year (as `cplan new`).
  if (!planPeriod) {
    if (dues.length) {
      const first = financialYearOf(Math.min(...dues));
      const last = financialYearOf(Math.max(...dues));
      planPeriod = first === last ? fyLabel(first) : `${fyLabel(first)}-${fyLabel(last)}`;
      periodFrom = 'due dates';
    } else {
      planPeriod = fyLabel(options.currentFinancialYear);
      periodFrom = 'current year';
    }
  }
  summary.period = planPeriod;
  summary.periodFrom = periodFrom;

  const columnsRead = describeMapping(sheet, mapping);
  const text = planText(sheet, options, planPeriod, workstreams, summary, new Set([...aims.keys(), ...priorities.keys()]), priorities, columnsRead);
  summary.workstreams = workstreams.length;
  return { ok: true, text, mapping: columnsRead, summary };
}

function writeMetricValues(metric: Entry, baseline: { value?: MetricNumber; period?: string; comments: string[] }, target: { value?: MetricNumber; due?: string; comments: string[] }): void {
  const percent = baseline.value?.percent || target.value?.percent;
  if (percent && !metric.lines.some((line) => line.key === 'unit')) metric.lines.push({ key: 'unit', value: '"%"', comments: [] });
  const pair = (key: 'baseline' | 'target', value: MetricNumber | undefined, when: string | undefined, comments: string[]) => {
    const whenKey = key === 'baseline' ? 'period' : 'due';
    when = when ?? value?.period;
    if (value === undefined && when === undefined && comments.length === 0) return;
    // Both keys, or only the one the tracker has: lint then says which is missing rather than a value being made up.
    const parts = [value !== undefined ? `value: ${flowScalar(value.value)}` : undefined, when !== undefined ? `${whenKey}: ${flowScalar(when)}` : undefined].filter(Boolean);
    metric.lines.push({ key, value: parts.length ? `{${parts.join(', ')}}` : undefined, comments: [] });
    metric.comments.push(...comments);
  };
  pair('baseline', baseline.value, baseline.period, baseline.comments);
  pair('target', target.value, target.due, target.comments);
}

function planText(sheet: TrackerSheet, options: ImportOptions, period: string, workstreams: WorkstreamDraft[], summary: ImportSummary, frameworkIds: ReadonlySet<string>, frameworkPriorities: ReadonlyMap<string, string>, columnsRead: string[]): string {
  const used = new Set<string>(frameworkIds);
  const claim = (id: string) => { used.add(id); return id; };
  const fresh = (prefix: string, start: number) => { let n = start; while (used.has(`${prefix}${n}`)) n++; return claim(`${prefix}${n}`); };
  // Ids the tracker gives first, so that generated ones never take them.
  for (const workstream of workstreams) {
    if (workstream.id && ID.test(workstream.id) && !used.has(workstream.id)) claim(workstream.id);
    else workstream.id = undefined;
  }
  const refIds = new Map<Entry, string>();
  for (const workstream of workstreams) {
    for (const entry of workstream.entries) {
      const ref = entry.ref?.text;
      if (!ref) continue;
      if (frameworkPriorities.has(ref)) {
        if (!entry.priorities.includes(ref)) entry.priorities.push(ref);
        if (!workstream.priorities.includes(ref)) workstream.priorities.push(ref);
        continue;
      }
      if (ID.test(ref) && !used.has(ref)) refIds.set(entry, claim(ref));
    }
  }
  let wsNumber = 1;
  const blocks: string[] = [];
  for (const workstream of workstreams) {
    if (!workstream.id) { workstream.id = fresh('WS', wsNumber); }
    wsNumber++;
    const lines: string[] = [];
    lines.push(`id: ${workstream.id}`);
    lines.push(`title: ${scalar(workstream.title)}`);
    if (workstream.address && workstream.key !== workstream.title) lines.push(...comment(`Workstream (${workstream.address}): ${workstream.key}`));
    const natural = (ids: string[]) => [...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    if (workstream.aims.length) lines.push(`aims: [${natural(workstream.aims).join(', ')}]`);
    if (workstream.priorities.length) lines.push(`priorities: [${natural(workstream.priorities).join(', ')}]`);
    // One lead for every row is the workstream's lead; several are each milestone's owner (a metric has no
    // owner field, so a metric row's lead stays with it as a comment).
    const leads = new Set(workstream.leads.map((l) => l.lead));
    if (leads.size === 1) lines.push(`lead: ${scalar([...leads][0])}`);
    else {
      for (const lead of workstream.leads) {
        if (lead.entry?.kind === 'milestone' && lead.entry.owner === undefined) {
          lead.entry.owner = lead.lead;
          summary.owners++;
        } else {
          lead.entry?.comments.unshift(...comment(`Lead (${lead.address}): ${lead.lead}`));
          summary.comments++;
        }
      }
    }
    lines.push(...workstream.comments);
    let m = 1;
    let k = 1;
    for (const kind of ['milestone', 'metric'] as const) {
      const entries = workstream.entries.filter((e) => e.kind === kind);
      if (entries.length === 0) continue;
      lines.push(kind === 'milestone' ? 'milestones:' : 'metrics:');
      for (const entry of entries) {
        let id = refIds.get(entry);
        if (!id) {
          id = kind === 'milestone' ? fresh(`${workstream.id}-M`, m) : fresh(`${workstream.id}-K`, k);
          if (entry.ref && !frameworkPriorities.has(entry.ref.text)) {
            summary.comments++;
            entry.comments.unshift(...comment(`Ref (${entry.ref.address}): ${entry.ref.text}${ID.test(entry.ref.text) ? ' (already an id elsewhere)' : ''}`));
          }
        }
        // Numbering goes on after the last `WS1-M<n>`, whether the tracker gave it or it was generated.
        const number = (prefix: string) => (id!.startsWith(prefix) && /^\d+$/.test(id!.slice(prefix.length)) ? Number(id!.slice(prefix.length)) + 1 : undefined);
        if (kind === 'milestone') { m = number(`${workstream.id}-M`) ?? m; summary.milestones++; } else { k = number(`${workstream.id}-K`) ?? k; summary.metrics++; }
        lines.push(`  - id: ${id}`);
        for (const line of entry.lines) {
          if (line.key === undefined) continue;
          const trailing = line.comments.length ? `  # ${line.comments.join('; ')}` : '';
          lines.push(`    ${line.key}:${line.value === undefined ? '' : ` ${line.value}`}${trailing}`);
        }
        if (entry.kind === 'milestone' && entry.priorities.length) lines.push(`    priorities: [${entry.priorities.join(', ')}]`);
        if (entry.owner !== undefined) lines.push(`    owner: ${scalar(entry.owner)}`);
        if (entry.update) {
          lines.push('    updates:', `      - on: ${entry.update.on}${entry.update.from === '--as-of' ? '  # the tracker gives no update date: the --as-of date' : ''}`);
          lines.push(`        text: ${scalar(entry.update.text)}`);
        }
        lines.push(...entry.comments.map((c) => `    ${c}`));
      }
    }
    blocks.push([`## ${workstream.title.split('\n')[0]}`, '', '```yaml workstream', ...lines, '```'].join('\n'));
  }

  const title = options.title ?? `Plan imported from ${options.source}`;
  const front = [
    '---',
    'kind: commissioning-plan',
    `id: ${options.id}`,
    `title: ${scalar(title)}`,
    `organisation: ${scalar(options.organisation ?? 'TBC')}`,
    `period: ${period}`,
    ...(options.framework ? [`framework: ${scalar(options.framework)}`] : []),
    ...(options.asOf ? [`as_of: ${options.asOf}`] : []),
    'status: draft',
    '---',
  ];
  const above = aboveHeader(sheet, summary.headerRow - 1);
  const intro = [
    `# ${title}`,
    '',
    `Imported by \`cplan import\` from \`${options.source}\`, sheet \`${sheet.name}\`, header row ${summary.headerRow}. ` +
      'Values the format has no field for are kept as YAML comments with their column and cell.',
    ...(above.length ? ['', 'Above the header row the tracker says:', '', ...above.map((line) => `- ${line}`)] : []),
    '',
    'Its columns were read as:',
    '',
    ...columnsRead.map((line) => `- ${markdownText(line.replace(' -> ', ': '))}`),
  ];
  return `${[...front, '', ...intro, '', ...blocks.flatMap((b) => [b, ''])].join('\n').trimEnd()}\n`;
}

/** Title rows, dates and notes above the header: kept in the prose, with their cells. */
function aboveHeader(sheet: TrackerSheet, headerRow: number): string[] {
  const lines: string[] = [];
  for (let row = 0; row < headerRow; row++) {
    for (let column = 0; column < (sheet.rows[row]?.length ?? 0); column++) {
      const value = cellAt(sheet, row, column);
      if (isEmptyCell(value)) continue;
      lines.push(`${cellName(row, column)}: ${markdownText(cellText(value))}`);
    }
  }
  return lines;
}

function markdownText(text: string): string {
  return text.split('\n').map((line) => line.trim()).join(' / ').replace(/([\\`*_[\]<#|])/g, '\\$1');
}

export type { Reading };
