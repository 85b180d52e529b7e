import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './helpers/cli.js';

// `npm run bench` is not part of `npm test`; its smoke mode is, so that the benchmark itself never rots.
describe('benchmark (npm run bench -- --quick)', function () {
  this.timeout(120_000);

  it('runs every measurement on tiny corpora and prints the whole table', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-bench-smoke-'));
    const json = path.join(dir, 'bench.json');
    try {
      const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bench', 'run.mjs'), '--quick', '--json', json], {
        cwd: REPO_ROOT, encoding: 'utf8', timeout: 110_000,
      });
      assert.equal(result.status, 0, `exit ${result.status} (signal ${result.signal})\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
      const output = result.stdout;
      assert.match(output, /QUICK/);
      for (const label of ['cplan', 'markdownlint-cli2', 'remark', 'floor', 'cplan report', 'ratio report / lint', 'dashboard size', 'keystroke', 'hover', 'completion', 'definition', 'symbols', 'rename', 'memory', 'cold start', 'start-up', 'least growth possible', 'served from the cache', 'ratio diff / lint']) {
        assert.ok(output.includes(label), `no row for ${label} in:\n${output}`);
      }
      assert.doesNotMatch(output, /\bNaN\b|EMPTY|FAILED/);
      const figures = JSON.parse(fs.readFileSync(json, 'utf8'));
      assert.equal(figures.quick, true);
      assert.ok(figures.startup.median > 0 && figures.noWarmUpGrowthRatio > 1, `start-up ${figures.startup?.median} ms, least growth ${figures.noWarmUpGrowthRatio}`);
      assert.equal(figures.server.workspace.renameFiles, figures.server.workspace.files);
      assert.ok(figures.cache.second.median > 0 && figures.cache.ratio > 0, `cache second run ${figures.cache?.second?.median} ms`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
