import { strict as assert } from 'node:assert';
import { parse as parseYaml } from 'yaml';
import { importTracker, type ImportOptions } from '../server/src/core/import/build.js';
import fs from 'node:fs';
import path from 'node:path';
import { FIELDS, fieldOfHeader, mapColumns, normaliseHeader } from '../server/src/core/import/columns.js';
import { REPO_ROOT } from './helpers/cli.js';
import { cellAddress, columnIndex, columnLetters, type CellValue, type TrackerSheet } from '../server/src/core/import/tracker.js';
import { scalar } from '../server/src/core/import/yaml-text.js';
import { dayFromYmd } from '../server/src/core/periods.js';
import { lintText } from '../server/src/index.js';

const t = (text: string): CellValue => ({ kind: 'text', text });
const E: CellValue = { kind: 'empty' };
const sheetOf = (rows: CellValue[][], name = 'Tracker'): TrackerSheet => ({ name, rows });
const OPTIONS: ImportOptions = { source: 'tracker.xlsx', id: 'imported', period: '2024/25-2025/26', currentFinancialYear: 2025, framework: 'builtin:ncl-cancer-2023-28' };

/** The workstream blocks of a plan, as YAML data. */
function blocks(text: string): any[] {
  return [...text.matchAll(/^```yaml workstream\n([\s\S]*?)^```$/gm)].map((m) => parseYaml(m[1]));
}

describe('import: column mapping', () => {
  it('the map file schema names exactly the fields the importer knows', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'import-map.schema.json'), 'utf8'));
    const enums: string[][] = [];
    JSON.stringify(schema, (key, value) => (key === 'enum' && value.includes('milestone') && enums.push(value), value));
    assert.deepEqual(enums.map((e) => [...e].sort()), [[...FIELDS].sort()]);
    assert.equal(fieldOfHeader('Last updated'), 'update-date');
  });

  it('matches headers ignoring case and punctuation, with the usual synonyms', () => {
    assert.equal(normaliseHeader('R.A.G. Status:'), 'rag status');
    assert.equal(normaliseHeader('  By when? '), 'by when');
    const cases: Record<string, string> = {
      Lead: 'lead', OWNER: 'lead', 'Responsible': 'lead', Due: 'due', Deadline: 'due', 'Target date': 'due', 'By when?': 'due',
      RAG: 'status', 'Status': 'status', 'rag_status': 'status', Update: 'update', Commentary: 'update', 'Progress': 'update',
      'Ref.': 'ref', ID: 'ref', Workstream: 'workstream', Milestone: 'milestone', KPI: 'metric', Metric: 'metric',
      Baseline: 'baseline', 'Baseline (2017/18)': 'baseline', Target: 'target', Actual: 'actual', 'Strategic aims': 'aims',
    };
    for (const [header, field] of Object.entries(cases)) assert.equal(fieldOfHeader(header), field, header);
    assert.equal(fieldOfHeader('Colour of the sky'), undefined);
  });

  it('finds a header row below title rows, and gives a clear error when there is none', () => {
    const sheet = sheetOf([[t('NCL tracker')], [], [t('Owner'), t('Action'), t('Deadline')], [t('Jo'), t('Do it'), t('Q4 24/25')]]);
    const mapped = mapColumns(sheet);
    assert.ok(mapped.ok);
    assert.equal(mapped.mapping.headerRow, 2);
    assert.deepEqual(mapped.mapping.columns.map((c) => c.field), ['lead', 'milestone', 'due']);
    const none = mapColumns(sheetOf([[t('a'), t('b')], [t('1'), t('2')]]));
    assert.ok(!none.ok);
    assert.match(none.message, /no header row found in the first 30 rows of the sheet `Tracker`/);
    assert.match(none.message, /--map/);
  });

  it('lets a map name columns by header or letter, and says when a named header is missing', () => {
    const sheet = sheetOf([[t('What'), t('When'), t('Colour')], [t('Do it'), t('Q4 24/25'), t('Green')]]);
    const mapped = mapColumns(sheet, { header_row: 1, columns: { what: 'milestone', B: 'due', Colour: 'status' } });
    assert.ok(mapped.ok);
    assert.deepEqual(mapped.mapping.columns.map((c) => [c.field, c.by]), [['milestone', 'map'], ['due', 'map'], ['status', 'map']]);
    const wrong = mapColumns(sheet, { header_row: 1, columns: { Whatever: 'milestone' } });
    assert.ok(!wrong.ok);
    assert.match(wrong.message, /`Whatever`/);
  });

  it('names cells as Excel does', () => {
    assert.equal(columnLetters(0), 'A');
    assert.equal(columnLetters(25), 'Z');
    assert.equal(columnLetters(27), 'AB');
    assert.equal(columnIndex('AB'), 27);
    assert.equal(cellAddress('Tracker', 13, 4), 'Tracker!E14');
    assert.equal(cellAddress('Year 1', 0, 0), "'Year 1'!A1");
  });

  it('quotes only the scalars YAML would read as something else', () => {
    for (const text of ['1.1', '2028', 'true', 'no', 'a: b', 'x #y', '%', '- item', '"q"', '2025-03-31T10:00', ' lead']) {
      assert.notEqual(scalar(text), text, text);
      assert.equal(parseYaml(`v: ${scalar(text)}`).v, text, text);
    }
    for (const text of ['Breast ERG Chair', 'Q4 2024/25', '2024/25', './framework.md', 'UCH, NMUH and RFL']) assert.equal(scalar(text), text);
  });
});

describe('import: tracker to plan', () => {
  const header = ['Workstream', 'Ref', 'Milestone', 'Lead', 'Due', 'RAG', 'Update', 'Notes'].map(t);

  it('carries the workstream down, skips blank rows, reads periods and RAG colours, and keeps every other value', () => {
    const sheet = sheetOf([
      [t('Tracker 2025-26')],
      header,
      [t('WS7 - Faster diagnosis'), t('FD-1'), t('Breast pain pathways live'), t('Jo'), t('Q4 FY24/25'), t('Green'), t('On plan\nsecond line'), t('x')],
      [E, E, t('Teledermatology live'), t('Sam'), { kind: 'date', day: dayFromYmd(2024, 6, 1), month: true }, t('Blue')],
      [],
      [t('Early diagnosis'), E, t('FIT evaluation'), E, t('next spring'), t('Amber')],
      [E, E, t('Capsule evaluation'), E, t('31/03/2026'), t('Slipped')],
      [E, E, t('Date not agreed'), E, t('TBC'), t('not started')],
    ]);
    const result = importTracker(sheet, OPTIONS);
    assert.ok(result.ok);
    const [fd, ed] = blocks(result.text);
    assert.equal(fd.id, 'WS7');
    assert.equal(fd.title, 'Faster diagnosis');
    assert.deepEqual(fd.milestones.map((m: any) => [m.id, m.due, m.status]), [['FD-1', 'Q4 2024/25', 'on-track'], ['WS7-M1', 'June 2024', 'done']]);
    assert.equal(ed.id, 'WS2', 'a generated id numbers the workstream by its place');
    assert.deepEqual(ed.milestones.map((m: any) => [m.id, m.due, m.status]), [['WS2-M1', 'next spring', 'at-risk'], ['WS2-M2', '2026-03-31', 'Slipped'], ['WS2-M3', 'TBC', 'not-started']]);
    // Two leads: each is its milestone's owner.
    assert.equal(fd.lead, undefined);
    assert.deepEqual(fd.milestones.map((m: any) => m.owner), ['Jo', 'Sam']);
    assert.match(result.text, /# Update \(Tracker!G3\): On plan\n\s+#   second line\n/);
    assert.match(result.text, /status: on-track {2}# RAG "Green" \(Tracker!F3\)/);
    assert.match(result.text, /- A1: Tracker 2025-26/);
    assert.deepEqual(result.summary.notUnderstood.map((n) => [n.address, n.written]), [['Tracker!H3', 'x'], ['Tracker!E6', 'next spring'], ['Tracker!F7', 'Slipped']]);
    assert.equal(result.summary.rowsRead, 5);
    assert.equal(result.summary.milestones, 5);
    assert.deepEqual(result.summary.statuses, [{ written: 'Green', status: 'on-track' }, { written: 'Blue', status: 'done' }, { written: 'Amber', status: 'at-risk' }]);
    // What was not understood is kept as written, so lint reports it where it is.
    const rules = lintText(result.text, { asOf: '2025-06-30' }).messages.filter((m) => m.severity === 'error').map((m) => m.ruleId);
    assert.deepEqual(rules.sort(), ['block-schema', 'invalid-period']);
  });

  it('writes an update under the milestone\'s updates when it has a date: its row\'s update date, else --as-of; never an invented one', () => {
    const rows = [
      [t('Workstream'), t('Milestone'), t('Lead'), t('Due'), t('RAG'), t('Update'), t('Last updated')],
      [t('WS1 - Early diagnosis'), t('FIT pathway live'), t('Jo'), t('Q4 2025/26'), t('Green'), t('On plan'), t('12/05/2025')],
      [E, t('Teledermatology live'), t('Sam'), t('Q4 2025/26'), t('Amber'), t('Two sites late'), E],
      [E, t('Capsule evaluation'), t('Sam'), t('Q4 2025/26'), t('Amber'), t('Awaiting data'), t('sometime')],
    ];
    const undated = importTracker(sheetOf(rows), OPTIONS);
    assert.ok(undated.ok);
    const [ws] = blocks(undated.text);
    assert.deepEqual(ws.milestones.map((m: any) => m.updates), [[{ on: '2025-05-12', text: 'On plan' }], undefined, undefined]);
    assert.match(undated.text, /# Update \(Tracker!F3\): Two sites late\n/, 'no date, no --as-of: kept as a comment');
    assert.match(undated.text, /# Last updated \(Tracker!G4\) "sometime" is not understood/);
    assert.deepEqual(ws.milestones.map((m: any) => m.owner), ['Jo', 'Sam', 'Sam']);

    const asOf = importTracker(sheetOf(rows), { ...OPTIONS, asOf: '2025-06-30' });
    assert.ok(asOf.ok);
    const [dated] = blocks(asOf.text);
    assert.deepEqual(dated.milestones.map((m: any) => m.updates?.[0]), [{ on: '2025-05-12', text: 'On plan' }, { on: '2025-06-30', text: 'Two sites late' }, undefined]);
    assert.match(asOf.text, /- on: 2025-06-30 {2}# the tracker gives no update date: the --as-of date\n/);
    // The plan reads back with its updates: no schema finding about them.
    const findings = lintText(asOf.text, { asOf: '2025-06-30' }).messages.filter((m) => m.ruleId === 'block-schema');
    assert.deepEqual(findings.map((m) => m.message), []);
  });

  it('keeps a metric row\'s lead as a comment when its workstream has several leads (a metric has no owner)', () => {
    const sheet = sheetOf([
      [t('Workstream'), t('Milestone'), t('Metric'), t('Lead'), t('Due')],
      [t('WS1 - Early diagnosis'), t('FIT pathway live'), E, t('Jo'), t('Q4 2025/26')],
      [E, E, t('FDS performance'), t('Sam'), E],
    ]);
    const result = importTracker(sheet, OPTIONS);
    assert.ok(result.ok);
    assert.deepEqual(blocks(result.text)[0].milestones.map((m: any) => m.owner), ['Jo']);
    assert.match(result.text, /# Lead \(Tracker!D3\): Sam\n/);
  });

  it('keeps ids unique: a Ref that is taken, or not an id, gives way to a generated id and stays as a comment', () => {
    const sheet = sheetOf([
      [t('Ref'), t('Milestone'), t('Due'), t('Status')],
      [t('WS1-M2'), t('First'), t('Q1 2025/26'), t('On track')],
      [t('WS1-M2'), t('Second, same ref'), t('Q2 2025/26'), t('On track')],
      [t('1.3'), t('Third'), t('Q3 2025/26'), t('On track')],
      [t('SA1'), t('Fourth'), t('Q3 2025/26'), t('On track')],
      [E, t('Fifth'), t('Q4 2025/26'), t('On track')],
    ]);
    const result = importTracker(sheet, { ...OPTIONS, frameworkAims: new Map([['SA1', 'Improve survival']]) });
    assert.ok(result.ok);
    const ids = blocks(result.text)[0].milestones.map((m: any) => m.id);
    assert.deepEqual(ids, ['WS1-M2', 'WS1-M3', 'WS1-M4', 'WS1-M5', 'WS1-M6']);
    assert.equal(new Set(ids).size, ids.length);
    assert.match(result.text, /# Ref \(Tracker!A3\): WS1-M2 \(already an id elsewhere\)/);
    assert.match(result.text, /# Ref \(Tracker!A4\): 1\.3\n/);
    assert.deepEqual(lintText(result.text).messages.filter((m) => m.ruleId === 'duplicate-id'), []);
  });

  it('writes metrics with numbers as numbers: 1,500, 80%, percent cells, 75% (2016), and a baseline without its period as it is', () => {
    const sheet = sheetOf([
      ['Workstream', 'Metric', 'Baseline', 'Baseline period', 'Target', 'Target date', 'Source'].map(t),
      [t('Screening'), t('Patients seen'), t('1,500'), t('2024/25'), { kind: 'number', value: 2000 }, t('Mar-26'), t('CWT')],
      [E, t('Coverage'), { kind: 'number', value: 64.5, percent: true }, t('FY24/25'), t('80%'), t('Q4 FY25/26')],
      [E, t('Survival'), t('75% (2016)'), E, t('TBC'), t('2025/26')],
      [E, t('No period yet'), { kind: 'number', value: 12 }],
    ]);
    const result = importTracker(sheet, OPTIONS);
    assert.ok(result.ok);
    const metrics = blocks(result.text)[0].metrics;
    assert.deepEqual(metrics[0], { id: 'WS1-K1', title: 'Patients seen', source: 'CWT', baseline: { value: 1500, period: '2024/25' }, target: { value: 2000, due: 'March 2026' } });
    assert.deepEqual(metrics[1], { id: 'WS1-K2', title: 'Coverage', unit: '%', baseline: { value: 64.5, period: '2024/25' }, target: { value: 80, due: 'Q4 2025/26' } });
    assert.deepEqual(metrics[2], { id: 'WS1-K3', title: 'Survival', unit: '%', baseline: { value: 75, period: '2016' }, target: { value: 'TBC', due: '2025/26' } });
    assert.deepEqual(metrics[3].baseline, { value: 12 });
    assert.equal(result.summary.metrics, 4);
  });

  it('derives the period from the due dates when none is given, and says so', () => {
    const sheet = sheetOf([[t('Milestone'), t('Due')], [t('A'), t('Q1 2024/25')], [t('B'), t('March 2026')]]);
    const result = importTracker(sheet, { ...OPTIONS, period: undefined });
    assert.ok(result.ok);
    assert.match(result.text, /\nperiod: 2024\/25-2025\/26\n/);
    assert.equal(result.summary.periodFrom, 'due dates');
    const undated = importTracker(sheetOf([[t('Milestone'), t('Due')], [t('A'), t('TBC')]]), { ...OPTIONS, period: undefined });
    assert.ok(undated.ok);
    assert.match(undated.text, /\nperiod: 2025\/26\n/);
    assert.equal(undated.summary.periodFrom, 'current year');
  });

  it('links priorities and aims named by id or by title, and keeps names it cannot match', () => {
    const sheet = sheetOf([
      [t('Priority'), t('Aims'), t('Milestone'), t('Due'), t('RAG')],
      [t('ADTDG-3 Breast Pain'), t('SA1, SA3'), t('Pathways live'), t('Q4 24/25'), t('Blue')],
      [t('3. Breast pain'), t('Improve survival'), t('Audit'), t('Q1 25/26'), t('Green')],
      [t('Moonshots'), t('SA9'), t('Other'), t('Q2 25/26'), t('Green')],
    ]);
    const result = importTracker(sheet, {
      ...OPTIONS,
      frameworkAims: new Map([['SA1', 'Improve survival'], ['SA3', 'Operational delivery']]),
      frameworkPriorities: new Map([['ADTDG-3', 'Breast Pain']]),
    });
    assert.ok(result.ok);
    const [ws] = blocks(result.text);
    assert.deepEqual(ws.priorities, ['ADTDG-3']);
    assert.deepEqual(ws.aims, ['SA1', 'SA3']);
    assert.deepEqual(ws.milestones.map((m: any) => m.priorities), [['ADTDG-3'], ['ADTDG-3'], undefined]);
    assert.deepEqual(result.summary.notUnderstood.map((n) => n.written), ['Moonshots', 'SA9']);
  });
});

describe('import: any tracker text', () => {
  it('becomes a plan whose YAML reads back, whatever the cells hold (seeded property)', async () => {
    const fc = (await import('fast-check')).default;
    const tricky = fc.constantFrom('', ' ', '#', ': ', '- ', '```', '---', '&a', '*a', '!!js', '%', '@', '`', '"', "'", '{', '[', ']', ',', '|', '>', '\n', '\r\n', '\t', 'TBC', 'Green', 'Q4 24/25', '1,500', '80%', 'yes', '~', '\u0000', '\u2028', 'é', '😀');
    const text = fc.array(fc.oneof(tricky, fc.string({ maxLength: 6 })), { maxLength: 6 }).map((parts) => parts.join(''));
    const cell = fc.oneof(
      text.map((t): CellValue => ({ kind: 'text', text: t })),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((value): CellValue => ({ kind: 'number', value })),
      fc.integer({ min: -30000, max: 80000 }).map((day): CellValue => ({ kind: 'date', day })),
      fc.constant(E),
    );
    const header = ['Workstream', 'Ref', 'Milestone', 'Metric', 'Lead', 'Due', 'RAG', 'Update', 'Baseline', 'Target', 'Aims', 'Other'].map(t);
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 12 }), (rows) => {
        const result = importTracker(sheetOf([header, ...rows]), OPTIONS);
        assert.ok(result.ok);
        const rules = lintText(result.text, { asOf: '2025-06-30' }).messages.map((m) => m.ruleId);
        assert.ok(!rules.includes('yaml-syntax'), `yaml-syntax in:\n${result.text}`);
        assert.ok(!rules.includes('frontmatter-schema'), `frontmatter-schema in:\n${result.text}`);
        for (const block of blocks(result.text)) assert.equal(typeof block.id, 'string');
        // Every block and heading the plan has is one the importer wrote: no cell opened or closed a fence.
        assert.equal(result.text.match(/^```yaml workstream$/gm)?.length ?? 0, result.summary.workstreams);
      }),
      { numRuns: Number(process.env.CPLAN_FUZZ_RUNS ?? 150), seed: Number(process.env.CPLAN_FUZZ_SEED ?? 20261202) },
    );
  });
});
