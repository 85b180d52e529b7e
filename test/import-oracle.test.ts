import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { cplan, tempTree, REPO_ROOT } from './helpers/cli.js';

const TRACKERS = path.join(REPO_ROOT, 'examples', 'trackers');

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));
}

/**
 * LibreOffice as an independent reader: the example .xlsx files, written by exceljs, must be real spreadsheets that
 * another program shows exactly as the committed .csv files say, and importing what it exports must give the
 * same plan. `soffice` (Debian's libreoffice-calc) is not a dependency: without it the test is skipped, saying why.
 */
describe('cplan import: LibreOffice reads the example trackers', function () {
  this.timeout(180_000);

  it('shows each example .xlsx as its committed .csv, and its export imports as the same plan', function () {
    if (!onPath('soffice')) {
      this.test!.title += ' (skipped: soffice is not on PATH; install libreoffice-calc to run this oracle)';
      this.skip();
    }
    const out = tempTree({});
    const xlsx = fs.readdirSync(TRACKERS).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(TRACKERS, f));
    // en-GB (2057) shows dates day first, as the trackers do; "as shown" (9th field) exports what a reader sees.
    const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,2057,false,true,true,false,false,-1';
    const run = spawnSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${out}/profile`, '--convert-to', filter, '--outdir', out, ...xlsx], {
      encoding: 'utf8', timeout: 150_000, env: { ...process.env, HOME: out },
    });
    assert.equal(run.status, 0, `soffice failed: ${run.stderr}`);
    for (const file of xlsx) {
      const name = path.basename(file, '.xlsx');
      const exported = fs.readdirSync(out).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.csv'));
      assert.equal(exported.length, 1, `${name}: LibreOffice wrote ${exported.join(', ') || 'no CSV'}`);
      const ours = parseCsv(fs.readFileSync(path.join(TRACKERS, `${name}.csv`), 'utf8'), { relax_column_count: true });
      const theirs = parseCsv(fs.readFileSync(path.join(out, exported[0]), 'utf8'), { relax_column_count: true });
      assert.deepEqual(theirs, ours, `${name}: LibreOffice shows the .xlsx differently from the committed .csv`);

      // The same import of each CSV, from folders alike but for the CSV, so that the plans may differ only by it.
      const importFrom = (csv: string) => {
        const dir = tempTree({});
        fs.copyFileSync(csv, path.join(dir, `${name}.csv`));
        fs.copyFileSync(path.join(REPO_ROOT, 'examples', 'ncl-ltp-framework.md'), path.join(dir, 'ncl-ltp-framework.md'));
        const framework = name.includes('ltp') ? ['--framework', './ncl-ltp-framework.md', '--period', '2019/20-2023/24'] : ['--period', '2024/25-2025/26'];
        return cplan(['import', `${name}.csv`, '--dry-run', '--as-of', '2025-06-30', ...framework], dir);
      };
      const fromLibreOffice = importFrom(path.join(out, exported[0]));
      const fromOurs = importFrom(path.join(TRACKERS, `${name}.csv`));
      assert.equal(fromLibreOffice.stdout, fromOurs.stdout, `${name}: the plan from LibreOffice's export differs`);
      assert.equal(fromLibreOffice.stderr, fromOurs.stderr);
      assert.match(fromLibreOffice.stdout, /```yaml workstream/);
    }
  });
});
