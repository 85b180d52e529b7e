import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { cplan, tempTree, REPO_ROOT } from './helpers/cli.js';
import { matchGoldens } from './helpers/golden.js';
import { parsePeriod } from '../server/src/core/periods.js';

const TRACKERS = path.join(REPO_ROOT, 'examples', 'trackers');

/** How each example tracker is imported in the docs and the goldens: the review date makes its lint reproducible. */
const EXAMPLES = [
  {
    name: 'ncl-adtdg-intentions-2025-26',
    args: ['--period', '2024/25-2025/26', '--as-of', '2025-06-30', '--title', 'NCL ADTDG commissioning intentions 2025-26', '--organisation', 'North Central London Cancer Alliance'],
  },
  {
    name: 'ncl-ltp-year-1',
    args: ['--framework', '../ncl-ltp-framework.md', '--period', '2019/20-2023/24', '--as-of', '2020-01-31', '--title', 'NCL Long Term Plan cancer workstreams: Year 1 delivery', '--organisation', 'North Central London STP'],
  },
];

function importExample(name: string, extension: string, args: string[]) {
  return cplan(['import', `${name}.${extension}`, '--dry-run', ...args], TRACKERS);
}

/** Every non-empty cell of a tracker, read with the libraries directly, as its address and text. */
async function cellsOf(file: string): Promise<Array<{ address: string; text: string; column: number }>> {
  const cells: Array<{ address: string; text: string; column: number }> = [];
  if (file.endsWith('.csv')) {
    const rows = parseCsv(fs.readFileSync(file, 'utf8'), { relax_column_count: true }) as string[][];
    rows.forEach((row, r) => row.forEach((text, c) => {
      if (text.trim()) cells.push({ address: `${String.fromCharCode(65 + c)}${r + 1}`, text, column: c });
    }));
    return cells;
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => {
    if (cell.isMerged && cell.master.address !== cell.address) return;
    let value: any = cell.value;
    if (value && typeof value === 'object' && 'result' in value) value = value.result;
    let text: string;
    if (value instanceof Date) text = cell.numFmt === 'mmm-yy' ? value.toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }) : value.toISOString().slice(0, 10);
    else if (typeof value === 'number' && cell.numFmt?.includes('%')) text = String(Number((value * 100).toPrecision(12)));
    else text = String(value);
    cells.push({ address: cell.address, text, column: Number(cell.col) - 1 });
  }));
  return cells;
}

/** The forms a cell's value may take in the plan: as written, as a canonical period, as a number, as a status. */
function inPlan(text: string, plan: string): boolean {
  const candidates = [text, JSON.stringify(text), ...text.split(/\r?\n/)];
  const period = parsePeriod(text.trim(), { firstFinancialYear: 2019, allowUnscheduled: true });
  if (period.ok) candidates.push(period.period.canonical);
  const number = text.replace(/[,%]/g, '').trim();
  if (number && !Number.isNaN(Number(number))) candidates.push(`value: ${Number(number)}`);
  candidates.push(`status: ${text.trim().toLowerCase().replace(/\s+/g, '-')}`);
  // `ADTDG-3 Breast Pain`, `SA1, SA3`: the ids they name.
  const ids = text.split(/[,;]/).map((item) => /^\s*([A-Za-z][A-Za-z0-9.-]*\d)/.exec(item)?.[1]);
  if (ids.every(Boolean) && ids.every((id) => new RegExp(`[\\[ ]${id!.replace(/[.]/g, '\\.')}[,\\]]`).test(plan))) return true;
  return candidates.some((candidate) => candidate && plan.includes(candidate));
}

describe('cplan import', function () {
  this.timeout(120_000);

  it('imports the example trackers (xlsx and csv) as their golden plans, with the mapping, the summary and the lint', () => {
    const cases = EXAMPLES.flatMap(({ name, args }) => ['xlsx', 'csv'].map((extension) => {
      const run = importExample(name, extension, args);
      assert.ok(run.code === 0 || run.code === 1, run.stderr);
      return {
        file: path.join(REPO_ROOT, 'test', 'golden', `import-${name}.${extension}.json`),
        actual: { exitCode: run.code, plan: run.stdout.split('\n'), stderr: run.stderr.split('\n').map((line) => line.trimEnd()) },
      };
    }));
    matchGoldens(cases);
  });

  it('loses nothing: every non-empty cell of each example is in the plan or listed as not understood', async () => {
    for (const { name, args } of EXAMPLES) {
      for (const extension of ['xlsx', 'csv']) {
        const run = importExample(name, extension, args);
        const cells = await cellsOf(path.join(TRACKERS, `${name}.${extension}`));
        assert.ok(cells.length > 100, `${name}.${extension}: only ${cells.length} cells read`);
        const missing = cells.filter((cell) => !inPlan(cell.text, run.stdout) && !run.stderr.includes(`!${cell.address}: `));
        assert.deepEqual(missing, [], `${name}.${extension}: cells neither in the plan nor listed`);
      }
    }
  });

  it('the example plans lint with only the findings a reviewer expects', () => {
    const expected: Record<string, string[]> = {
      'ncl-adtdg-intentions-2025-26': ['block-schema', 'invalid-period', 'missing-inequality-breakdown', 'missing-metrics', 'overdue-milestone', 'unscheduled-milestone'],
      'ncl-ltp-year-1': ['block-schema', 'invalid-period', 'missing-inequality-breakdown', 'missing-metrics', 'stale-update'],
    };
    for (const { name, args } of EXAMPLES) {
      const dir = tempTree({});
      fs.copyFileSync(path.join(TRACKERS, `${name}.xlsx`), path.join(dir, `${name}.xlsx`));
      fs.copyFileSync(path.join(REPO_ROOT, 'examples', 'ncl-ltp-framework.md'), path.join(dir, 'ncl-ltp-framework.md'));
      const run = cplan(['import', `${name}.xlsx`, ...args.map((a) => (a === '../ncl-ltp-framework.md' ? './ncl-ltp-framework.md' : a))], dir);
      assert.equal(run.code, 1, run.stderr);
      const lint = cplan(['lint', `${name}.md`, '--format', 'json'], dir);
      const rules = [...new Set((JSON.parse(lint.stdout)[0].messages as { ruleId: string }[]).map((m) => m.ruleId))].sort();
      assert.deepEqual(rules, expected[name], name);
      // The errors are exactly the cells the summary lists as not understood.
      assert.match(run.stderr, /2 cells not understood/);
    }
  });

  it('the committed example trackers are what scripts/gen-trackers.js writes', async () => {
    const dir = tempTree({});
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'gen-trackers.js'), dir], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const stale = 'is not what scripts/gen-trackers.js writes: run `node scripts/gen-trackers.js` and commit the result';
    for (const file of fs.readdirSync(dir)) {
      const committed = path.join(TRACKERS, file);
      assert.ok(fs.existsSync(committed), `examples/trackers/${file} ${stale}`);
      if (file.endsWith('.csv')) {
        assert.equal(fs.readFileSync(committed, 'utf8'), fs.readFileSync(path.join(dir, file), 'utf8'), `examples/trackers/${file} ${stale}`);
        continue;
      }
      // An xlsx zip holds the time it was written, so the workbooks are compared as spreadsheets.
      const shape = async (xlsx: string) => {
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.readFile(xlsx);
        return workbook.worksheets.map((sheet) => {
          const cells: unknown[] = [];
          sheet.eachRow((row) => row.eachCell((cell) => cells.push([cell.address, cell.value, cell.numFmt, cell.isMerged ? cell.master.address : null])));
          return { name: sheet.name, cells };
        });
      };
      assert.deepEqual(await shape(committed), await shape(path.join(dir, file)), `examples/trackers/${file} ${stale}`);
    }
    assert.equal(fs.readdirSync(TRACKERS).length, fs.readdirSync(dir).length, 'examples/trackers holds files the script does not write');
  });

  it('writes --out, lints it, and never overwrites it without --force', () => {
    const dir = tempTree({ 'tracker.csv': 'Milestone,Due,RAG\nPathway live,Q4 2025/26,Green\n' });
    const first = cplan(['import', 'tracker.csv', '--out', 'plan.md', '--period', '2025/26', '--as-of', '2025-06-30'], dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /A "Milestone" -> milestone\n {2}B "Due" -> due\n {2}C "RAG" -> status\n/);
    assert.match(first.stderr, /Statuses: Green -> on-track\./);
    assert.match(first.stderr, /Wrote plan\.md\. Its lint:/);
    assert.match(first.stdout, /missing-metrics/);
    const written = fs.readFileSync(path.join(dir, 'plan.md'), 'utf8');
    assert.match(written, /status: on-track {2}# RAG "Green" \(tracker!C2\)/);

    fs.writeFileSync(path.join(dir, 'plan.md'), 'my edits');
    const again = cplan(['import', 'tracker.csv', '--out', 'plan.md'], dir);
    assert.equal(again.code, 2);
    assert.equal(again.stderr, 'cplan: plan.md already exists; give --force to overwrite it, or another --out\n');
    assert.equal(fs.readFileSync(path.join(dir, 'plan.md'), 'utf8'), 'my edits');
    const forced = cplan(['import', 'tracker.csv', '--out', 'plan.md', '--force', '--period', '2025/26'], dir);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(fs.readFileSync(path.join(dir, 'plan.md'), 'utf8'), /^---\nkind: commissioning-plan\n/);

    // Without --out: the tracker's name with .md, beside it.
    const named = cplan(['import', 'tracker.csv', '--period', '2025/26'], dir);
    assert.equal(named.code, 0, named.stderr);
    assert.ok(fs.existsSync(path.join(dir, 'tracker.md')));
    const dry = cplan(['import', 'tracker.csv', '--dry-run', '--out', 'other.md'], dir);
    assert.equal(dry.code, 0, dry.stderr);
    assert.ok(!fs.existsSync(path.join(dir, 'other.md')), '--dry-run writes nothing');
    assert.match(dry.stdout, /^---\nkind: commissioning-plan\n/);
  });

  it('reads TSV and semicolon CSV, and writes to stdout with --out -', () => {
    const dir = tempTree({
      'tracker.tsv': 'Milestone\tDue\tRAG\nPathway live, phase 1\t31/03/2026\tAmber\n',
      'semicolons.csv': 'Milestone;Due;RAG;Baseline\nAudit done;Q1 2025/26;Complete;1,500\n',
    });
    const tsv = cplan(['import', 'tracker.tsv', '--out', '-', '--period', '2025/26'], dir);
    assert.equal(tsv.code, 0, tsv.stderr);
    assert.match(tsv.stdout, /title: Pathway live, phase 1\n {4}due: 2026-03-31\n {4}status: at-risk {2}# RAG "Amber" \(tracker!C2\)/);
    assert.ok(!fs.existsSync(path.join(dir, 'tracker.md')), '--out - writes no file');
    assert.match(tsv.stderr, /missing-metrics/, 'the lint goes to stderr');
    const semicolons = cplan(['import', 'semicolons.csv', '--dry-run', '--period', '2025/26'], dir);
    assert.equal(semicolons.code, 0, semicolons.stderr);
    assert.match(semicolons.stdout, /title: Audit done\n {4}due: Q1 2025\/26\n {4}status: done {2}# "Complete"/);
    // A baseline on a milestone row has no metric to go to: kept as a comment, and listed.
    assert.match(semicolons.stdout, /# Baseline \(semicolons!D2\): 1,500/);
    assert.match(semicolons.stderr, /semicolons!D2: "1,500" \(Baseline\): a milestone has no baseline; give metrics rows of their own, with a Metric/);
  });

  it('reads a --map file, checked against its schema', () => {
    const dir = tempTree({
      'tracker.csv': 'What,When,Colour,Extra\nPathway live,Q4 2025/26,Slipped,x\n',
      'map.yaml': 'header_row: 1\ncolumns:\n  What: milestone\n  B: due\n  colour: status\n  Extra: ignore\nstatuses:\n  Slipped: off-track\n',
      'bad.yaml': 'columns:\n  What: milestones\nheader_rows: 2\n',
      'broken.yaml': 'columns: [\n',
    });
    const run = cplan(['import', 'tracker.csv', '--map', 'map.yaml', '--dry-run', '--period', '2025/26'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /status: off-track {2}# "Slipped" \(map file\)/);
    assert.match(run.stderr, /A "What" -> milestone \(map file\)/);
    assert.match(run.stderr, /D "Extra" -> ignored \(map file\)/);
    assert.match(run.stderr, /1 value in columns the map file ignores/);
    const bad = cplan(['import', 'tracker.csv', '--map', 'bad.yaml', '--dry-run'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^cplan: the map bad\.yaml is not valid \(schemas\/import-map\.schema\.json\): .*header_rows.*\n$/);
    assert.match(bad.stderr, /milestones/);
    const broken = cplan(['import', 'tracker.csv', '--map', 'broken.yaml', '--dry-run'], dir);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /^cplan: the map broken\.yaml is not valid YAML: /);
  });

  it('chooses a sheet with --sheet, and lists the sheets when it has no such sheet', () => {
    const run = cplan(['import', 'ncl-ltp-year-1.xlsx', '--sheet', 'Year 2', '--dry-run'], TRACKERS);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'cplan: ncl-ltp-year-1.xlsx has no sheet `Year 2`; its sheets are `Year 1 delivery`\n');
    const ok = cplan(['import', 'ncl-ltp-year-1.xlsx', '--sheet', 'year 1 delivery', '--dry-run', '--framework', '../ncl-ltp-framework.md'], TRACKERS);
    assert.equal(ok.code, 1, ok.stderr);
  });

  it('answers usage mistakes with one line and exit 2', () => {
    const cases: Array<[string[], RegExp]> = [
      [['import'], /^cplan: cplan import needs a tracker: cplan import tracker\.xlsx/],
      [['import', 'a.csv', 'b.csv'], /reads one tracker; got 2/],
      [['import', 'missing.csv'], /^cplan: cannot read missing\.csv \(ENOENT\)\n$/],
      [['import', 'plan.xls'], /save this \.xls file as \.xlsx/],
      [['import', 'ncl-ltp-year-1.csv', '--period', '2025'], /^cplan: --period `2025`: /],
      [['import', 'ncl-ltp-year-1.csv', '--as-of', '30/06/2025'], /^cplan: --as-of `30\/06\/2025` is not a real date/],
      [['import', 'ncl-ltp-year-1.csv', '--framework', 'builtin:nope'], /unknown built-in framework/],
    ];
    for (const [args, message] of cases) {
      const run = cplan(args, TRACKERS);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message, args.join(' '));
      assert.equal(run.stderr.split('\n').length, 2, `one line: ${run.stderr}`);
    }
    const help = cplan(['import', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: cplan import tracker\.xlsx\|tracker\.csv\|tracker\.tsv/);
  });
});
