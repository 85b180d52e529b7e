import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { cplan, tempTree } from './helpers/cli.js';
import { zipOf } from './helpers/zip.js';

/** A hostile tracker gets one line on stderr and exit 2 (or a bounded import), never a stack trace or a hang. */
function assertOneLineError(run: { code: number | null; stderr: string; stdout: string }, message: RegExp): void {
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, message);
  assert.equal(run.stderr.split('\n').filter(Boolean).length, 1, run.stderr);
  assert.doesNotMatch(run.stderr, /\bat .+:\d+:\d+|internal error/);
  assert.equal(run.stdout, '');
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** The parts an .xlsx needs around its one sheet, whose XML is `sheet`. */
function workbookParts(sheet: { head: string; chunk?: string; repeat?: number; tail?: string }) {
  return [
    { name: '[Content_Types].xml', head: `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>` },
    { name: '_rels/.rels', head: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', head: `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Tracker" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', head: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` },
    { name: 'xl/worksheets/sheet1.xml', ...sheet },
  ];
}

describe('cplan import: hostile trackers', function () {
  this.timeout(120_000);

  it('refuses a CSV of 100,000 rows with the documented limit, quickly', () => {
    const rows = ['Milestone,Due,RAG', ...Array.from({ length: 100_000 }, (_, i) => `Milestone ${i},Q4 2025/26,Green`)];
    const dir = tempTree({ 'huge.csv': rows.join('\n') });
    const started = Date.now();
    assertOneLineError(cplan(['import', 'huge.csv', '--dry-run'], dir), /^cplan: huge\.csv has more than 10,000 rows, more than cplan import reads; .*split it/);
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
  });

  it('refuses an .xlsx of 100,000 rows with the documented limit, within the time limit', async () => {
    const dir = tempTree({});
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path.join(dir, 'huge.xlsx') });
    const sheet = writer.addWorksheet('Tracker');
    sheet.addRow(['Workstream', 'Milestone', 'Due', 'RAG']).commit();
    for (let i = 0; i < 100_000; i++) sheet.addRow([`WS${i % 9}`, `Milestone ${i}`, 'Q4 2025/26', 'Green']).commit();
    sheet.commit();
    await writer.commit();
    const started = Date.now();
    assertOneLineError(cplan(['import', 'huge.xlsx', '--dry-run'], dir), /^cplan: huge\.xlsx has more than 10,000 rows, more than cplan import reads; .*\(sheet `Tracker`\)\n$/);
    assert.ok(Date.now() - started < 40_000, `took ${Date.now() - started} ms`);
  });

  it('imports 10,000 rows, the limit, whole', () => {
    const rows = ['Workstream,Milestone,Due,RAG', ...Array.from({ length: 9_999 }, (_, i) => `WS${1 + (i % 7)},Milestone ${i},Q4 2025/26,Green`)];
    const dir = tempTree({ 'big.csv': rows.join('\n') });
    const run = cplan(['import', 'big.csv', '--out', 'big.md', '--period', '2025/26', '--as-of', '2025-06-30'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Read 9999 rows below the header: wrote 7 workstreams, 9999 milestones and 0 metrics/);
  });

  it('refuses a file past the size limit before reading it', () => {
    const dir = tempTree({});
    fs.writeFileSync(path.join(dir, 'fat.csv'), `Milestone,Notes\nA,${'x'.repeat(11 * 1024 * 1024)}\n`);
    assertOneLineError(cplan(['import', 'fat.csv', '--dry-run'], dir), /^cplan: fat\.csv is 11\.0 MB, more than the 10\.0 MB cplan import reads/);
  });

  it('refuses a cell longer than a spreadsheet cell can be', () => {
    const dir = tempTree({ 'long.csv': `Milestone,Notes\nA,${'x'.repeat(40_000)}\n` });
    assertOneLineError(cplan(['import', 'long.csv', '--dry-run'], dir), /^cplan: long\.csv: cell B2 holds 40,000 characters, more than the 32,767/);
  });

  it('says what a file that is not an xlsx is: text, an old .xls, a broken zip', () => {
    const dir = tempTree({ 'text.xlsx': 'Milestone,Due\nA,Q4 2025/26\n' });
    fs.writeFileSync(path.join(dir, 'old.xlsx'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
    fs.writeFileSync(path.join(dir, 'broken.xlsx'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(2000, 7)]));
    assertOneLineError(cplan(['import', 'text.xlsx', '--dry-run'], dir), /^cplan: text\.xlsx is not an \.xlsx workbook \(an \.xlsx is a zip archive, and this file is not one\)/);
    assertOneLineError(cplan(['import', 'old.xlsx', '--dry-run'], dir), /^cplan: old\.xlsx is an Excel 97-2003 workbook \(\.xls\) or an encrypted one/);
    assertOneLineError(cplan(['import', 'broken.xlsx', '--dry-run'], dir), /^cplan: broken\.xlsx cannot be read as an \.xlsx workbook \(.+\); open it in Excel and save it again/);
  });

  it('stops a zip bomb (1 MB that unpacks to 1 GB) with a clear error, within the memory limit', async () => {
    const dir = tempTree({});
    const bomb = await zipOf(workbookParts({
      head: `${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Milestone</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>`,
      chunk: 'a'.repeat(1 << 20),
      repeat: 1024,
      tail: '</t></is></c></row></sheetData></worksheet>',
    }));
    assert.ok(bomb.length < 2 * 1024 * 1024, `${bomb.length} bytes`);
    fs.writeFileSync(path.join(dir, 'bomb.xlsx'), bomb);
    const started = Date.now();
    assertOneLineError(cplan(['import', 'bomb.xlsx', '--dry-run'], dir), /^cplan: bomb\.xlsx: unpacking it needs more than 640 MB of memory, so cplan import stopped \(.*zip bomb\)/);
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
  });

  it('reads a formula as its saved result, and lists one without a result', async () => {
    const dir = tempTree({});
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Tracker');
    sheet.addRow(['Metric', 'Baseline', 'Target', 'Target date']);
    sheet.addRow(['Patients seen', 1200, { formula: 'B2*1.25', result: 1500 }, 'Q4 2025/26']);
    sheet.addRow(['Coverage', 60, { formula: 'B3+5' }, { formula: 'TEXT(TODAY(),"mmm-yy")', result: 'Mar-26' }]);
    await workbook.xlsx.writeFile(path.join(dir, 'formulas.xlsx'));
    const run = cplan(['import', 'formulas.xlsx', '--dry-run', '--period', '2025/26'], dir);
    assert.equal(run.code, 1, run.stderr); // the target without a value is a block-schema error
    assert.match(run.stdout, /target: \{value: 1500, due: Q4 2025\/26\}/);
    assert.match(run.stdout, /target: \{due: March 2026\}/);
    assert.match(run.stderr, /Tracker!C3: "=B3\+5" \(Target\): a formula without a saved result; open and save the file in Excel, or type the value/);
  });

  it('reads CSV saved as UTF-16 or Windows-1252, says so, and refuses UTF-16 without a byte order mark', () => {
    const text = 'Milestone,Lead,Due,RAG\nCommission the £2m café pathway – phase 1,Zoë Brontë,Q4 2025/26,Green\n';
    const dir = tempTree({});
    fs.writeFileSync(path.join(dir, 'utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const latin = Buffer.from(text.replace('–', '\u0096'), 'latin1');
    fs.writeFileSync(path.join(dir, 'latin1.csv'), latin);
    fs.writeFileSync(path.join(dir, 'bomless.csv'), Buffer.from(text, 'utf16le'));
    for (const [file, encoding] of [['utf16.csv', 'UTF-16LE'], ['latin1.csv', 'Windows-1252']]) {
      const run = cplan(['import', file, '--dry-run', '--period', '2025/26', '--as-of', '2025-06-30'], dir);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, new RegExp(`^Read as ${encoding}`, 'm'));
      assert.match(run.stdout, /title: Commission the £2m café pathway – phase 1\n/);
      assert.match(run.stdout, /lead: Zoë Brontë\n/);
    }
    assertOneLineError(cplan(['import', 'bomless.csv', '--dry-run'], dir), /^cplan: bomless\.csv holds NUL bytes, so it is not a text CSV \(UTF-16 without a byte order mark/);
  });

  it('says when a sheet has no header row, and when a CSV cannot be parsed', () => {
    const dir = tempTree({ 'numbers.csv': '1,2,3\n4,5,6\n', 'empty.csv': '', 'quote.csv': 'Milestone,Due\n"unclosed,Q4 2025/26\n' });
    assertOneLineError(cplan(['import', 'numbers.csv', '--dry-run'], dir), /^cplan: numbers\.csv: no header row found in the first 30 rows of the sheet `numbers`/);
    assertOneLineError(cplan(['import', 'empty.csv', '--dry-run'], dir), /^cplan: empty\.csv: no header row found/);
    assertOneLineError(cplan(['import', 'quote.csv', '--dry-run'], dir), /^cplan: quote\.csv is not a CSV that can be read/);
  });

  it('keeps hostile cell text as data: YAML syntax, Markdown fences and control characters', () => {
    const dir = tempTree({ 'odd.csv': 'Milestone,Lead,Update,Due,RAG\n"```\n---\nkind: x",&anchor *alias,"# not a comment: {a: 1}\u0007",Q4 2025/26,Green\n' });
    const run = cplan(['import', 'odd.csv', '--out', 'odd.md', '--period', '2025/26'], dir);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    const lint = cplan(['lint', 'odd.md', '--format', 'json'], dir);
    const rules = (JSON.parse(lint.stdout)[0].messages as { ruleId: string }[]).map((m) => m.ruleId);
    assert.ok(!rules.includes('yaml-syntax') && !rules.includes('block-schema'), rules.join(', '));
    const plan = fs.readFileSync(path.join(dir, 'odd.md'), 'utf8');
    assert.match(plan, /title: "```\\n---\\nkind: x"/);
    assert.match(plan, /lead: "&anchor \*alias"/);
  });
});
