import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './helpers/cli.js';

const MOCHA = path.join(REPO_ROOT, 'node_modules', '.bin', 'mocha');
const HELPER = pathToFileURL(path.join(REPO_ROOT, 'out', 'test', 'helpers', 'golden.js')).href;

/** Runs mocha as a process on compiled specs, with CI and UPDATE_GOLDEN exactly as given (CI itself sets CI=true). */
function mocha(specs: string[], env: { CI?: string; UPDATE_GOLDEN?: string }, grep?: string): { code: number | null; output: string } {
  const base = { ...process.env };
  delete base.CI;
  delete base.UPDATE_GOLDEN;
  const args = ['--no-config', '--timeout', '60000', ...(grep ? ['--grep', grep] : []), ...specs];
  const run = spawnSync(MOCHA, args, { cwd: REPO_ROOT, encoding: 'utf8', env: { ...base, ...env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: run.status, output: run.stdout + run.stderr };
}

/** A spec that compares `{ "value": 2 }` with a golden file holding `golden`. */
function goldenSpec(golden: string): { spec: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-golden-'));
  const file = path.join(dir, 'value.json');
  fs.writeFileSync(file, golden);
  const spec = path.join(dir, 'value.test.mjs');
  fs.writeFileSync(spec, `import { matchGoldens } from ${JSON.stringify(HELPER)};\nit('matches value.json', () => matchGoldens([{ file: ${JSON.stringify(file)}, actual: { value: 2 } }]));\n`);
  return { spec, file };
}

const SAME = '{\n  "value": 2\n}\n';
const DIFFERENT = '{\n  "value": 1\n}\n';

describe('golden files can only change in a reviewed commit', function () {
  this.timeout(120_000);

  it('in CI (CI=true), UPDATE_GOLDEN is refused by the real golden tests, which then fail instead of passing', () => {
    const goldens = fs.readdirSync(path.join(REPO_ROOT, 'test', 'golden')).map((name) => fs.readFileSync(path.join(REPO_ROOT, 'test', 'golden', name), 'utf8'));
    const run = mocha(['out/test/cli.test.js', 'out/test/report-data.test.js'], { CI: 'true', UPDATE_GOLDEN: '1' }, 'golden');
    assert.notEqual(run.code, 0, run.output);
    assert.match(run.output, /0 passing/, run.output);
    assert.match(run.output, /UPDATE_GOLDEN is refused in CI \(CI=true\)/);
    assert.deepEqual(fs.readdirSync(path.join(REPO_ROOT, 'test', 'golden')).map((name) => fs.readFileSync(path.join(REPO_ROOT, 'test', 'golden', name), 'utf8')), goldens, 'no golden was touched');
  });

  it('in CI, a golden that differs fails the comparison and stays as it was', () => {
    const { spec, file } = goldenSpec(DIFFERENT);
    const run = mocha([spec], { CI: 'true' });
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /value\.json differs from what the test produced/);
    assert.equal(fs.readFileSync(file, 'utf8'), DIFFERENT);
  });

  it('outside CI, UPDATE_GOLDEN rewrites a golden that differs and fails the test: "golden rewritten, review the diff"', () => {
    const { spec, file } = goldenSpec(DIFFERENT);
    const run = mocha([spec], { UPDATE_GOLDEN: '1' });
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /0 passing[\s\S]*1 failing[\s\S]*golden rewritten, review the diff: git diff -- \S*value\.json/);
    assert.equal(fs.readFileSync(file, 'utf8'), SAME);
  });

  it('outside CI, UPDATE_GOLDEN leaves a golden that already matches alone, and the test passes', () => {
    const { spec, file } = goldenSpec(SAME);
    fs.utimesSync(file, new Date(0), new Date(0));
    const run = mocha([spec], { UPDATE_GOLDEN: '1' });
    assert.equal(run.code, 0, run.output);
    assert.equal(fs.statSync(file).mtimeMs, 0, 'not rewritten');
    assert.equal(mocha([spec], {}).code, 0);
  });
});
