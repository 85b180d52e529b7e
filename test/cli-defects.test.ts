import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cplan, tempTree, example, type RunResult } from './helpers/cli.js';
import { LspClient } from './helpers/lsp.js';

// Issue 13, "Defects found in review": the CLI's data and results.

const PLAN = example('ncl-long-term-plan-cancer.md');
const FRAMEWORK = example('ncl-ltp-framework.md');
const PLAN_NAME = 'ncl-long-term-plan-cancer.md';
const FRAMEWORK_NAME = 'ncl-ltp-framework.md';

interface Message { ruleId: string; line: number; column: number; message: string }
interface Result { filePath: string; messages: Message[] }

function json(run: RunResult): Result[] {
  assert.ok(run.stdout, `no output; exit ${run.code}; stderr: ${run.stderr}`);
  return JSON.parse(run.stdout) as Result[];
}

function oneLine(run: RunResult, code: number, pattern: RegExp): void {
  assert.equal(run.code, code, `exit code; stderr: ${run.stderr}`);
  assert.match(run.stderr, pattern);
  assert.equal(run.stderr.trim().split('\n').length, 1, `one line: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
}

describe('cplan: defects found in review (issue 13)', function () {
  this.timeout(60_000);

  describe('4. a YAML error above `kind:` in the front matter', () => {
    const lung = PLAN.replace('---\nkind: commissioning-plan\n', '---\ntitle: Lung: Targeted Lung Health Checks\nkind: commissioning-plan\n').replace(/^title: North.*\n/m, '');
    const framework = FRAMEWORK.replace('---\nkind: commissioning-framework\n', '---\nowner: NCL: Cancer Programme Board\nkind: commissioning-framework\n').replace(/^owner: NCL Cancer.*\n/m, '');

    it('leaves a plan or framework a plan or framework with a yaml-syntax error at the place (exit 1)', () => {
      const kindFirst = lung.replace('---\ntitle: Lung: Targeted Lung Health Checks\nkind: commissioning-plan\n', '---\nkind: commissioning-plan\ntitle: Lung: Targeted Lung Health Checks\n');
      const dir = tempTree({ [`plans/${PLAN_NAME}`]: lung, [`plans/${FRAMEWORK_NAME}`]: framework, 'plans/crlf.md': lung.replace(/\n/g, '\r\n'), 'twin/plan.md': kindFirst });
      const run = cplan(['lint', 'plans/', '--format', 'json'], dir);
      assert.equal(run.code, 1, run.stderr);
      const found = new Map(json(run).map((r) => [path.basename(r.filePath), r.messages.map((m) => [m.ruleId, m.line, m.column])]));
      assert.deepEqual([...found.keys()], ['crlf.md', PLAN_NAME, FRAMEWORK_NAME]);
      for (const name of found.keys()) assert.deepEqual(found.get(name)![0], ['yaml-syntax', 2, 8], name);
      assert.deepEqual(found.get(FRAMEWORK_NAME), [['yaml-syntax', 2, 8]]);
      // The findings are those of the same plan with `kind:` above the error, which was always read as a plan.
      const twin = json(cplan(['lint', 'twin/plan.md', '--format', 'json'], dir))[0].messages.map((m) => [m.ruleId, m.ruleId === 'yaml-syntax' ? m.line - 1 : m.line, m.column]);
      assert.equal(twin[0][1], 2);
      assert.deepEqual(found.get(PLAN_NAME), twin);
      assert.deepEqual(found.get('crlf.md'), twin);
    });

    it('a `kind:` that is not a kind never makes a plan, even one named like an Object method', () => {
      const dir = tempTree({ 'notes.md': '---\nkind: constructor\n---\n# Notes\n', 'broken.md': '---\ntitle: a: b\nkind: toString\n---\n' });
      for (const file of ['notes.md', 'broken.md']) oneLine(cplan(['lint', file], dir), 2, /is not a commissioning plan or framework/);
    });

    it('the language server sees the same plan with the same finding', async () => {
      const dir = tempTree({ [PLAN_NAME]: lung, [FRAMEWORK_NAME]: FRAMEWORK });
      const client = await LspClient.start({ root: dir });
      try {
        const uri = await client.open(PLAN_NAME);
        const published = await client.diagnostics(uri, (p) => p.version === 1 && p.diagnostics.length > 0);
        assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1])[0], ['yaml-syntax', 2, 8]);
      } finally {
        await client.stop();
      }
    });
  });

  describe('9. --rule and .cplanrc.yaml mistakes', () => {
    it('--rule with two `=` is a usage error saying what to write', () => {
      const dir = tempTree({ [PLAN_NAME]: PLAN, [FRAMEWORK_NAME]: FRAMEWORK });
      oneLine(cplan(['lint', '--rule', 'missing-metrics=off=on'], dir), 2, /--rule missing-metrics=off=on: write one severity, e\.g\. --rule missing-metrics=off/);
      oneLine(cplan(['lint', '--rule', 'missing-metrics'], dir), 2, /--rule missing-metrics: write --rule missing-metrics=off\|info\|warning\|error/);
    });

    it('a .cplanrc.yaml that is a dangling symlink is a config error naming it', async () => {
      const dir = tempTree({ [PLAN_NAME]: PLAN, [FRAMEWORK_NAME]: FRAMEWORK });
      fs.symlinkSync('shared/cplanrc.yaml', path.join(dir, '.cplanrc.yaml'));
      const found = cplan(['lint'], dir);
      oneLine(found, 2, /config .*\.cplanrc\.yaml is a symbolic link to shared\/cplanrc\.yaml, which does not exist/);
      assert.equal(found.stdout, '');
      oneLine(cplan(['lint', '--config', '.cplanrc.yaml'], dir), 2, /\.cplanrc\.yaml is a symbolic link to shared\/cplanrc\.yaml, which does not exist/);
      oneLine(cplan(['report'], dir), 2, /\.cplanrc\.yaml is a symbolic link to shared\/cplanrc\.yaml, which does not exist/);

      const client = await LspClient.start({ root: dir });
      try {
        const deadline = Date.now() + 10_000;
        while (!client.logs.some((m) => /symbolic link to shared\/cplanrc\.yaml, which does not exist/.test(m))) {
          assert.ok(Date.now() < deadline, `the server never said so; it said: ${client.logs.join(' | ')}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        await client.stop();
      }
    });
  });
});
