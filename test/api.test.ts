import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lintText, lintFiles, RULES } from '../server/src/index.js';
import { VERSION } from '../server/src/version.js';
import { REPO_ROOT, example } from './helpers/cli.js';

describe('library API', () => {
  it('lintText lints a plan against a built-in framework', () => {
    const result = lintText(example('ncl-adt-2025-26.md'));
    assert.equal(result.kind, 'plan');
    assert.deepEqual(result.messages, []);
  });

  it('lintText reports 1-based positions and honours options', () => {
    const text = example('ncl-adt-2025-26.md');
    const late = lintText(text, { asOf: '2027-01-01' });
    const overdue = late.messages.filter((m) => m.ruleId === 'overdue-milestone');
    assert.ok(overdue.length > 0);
    for (const m of overdue) assert.match(text.split('\n')[m.line - 1].slice(m.column - 1), /^\S/);
    assert.deepEqual(lintText(text, { asOf: '2027-01-01', rules: { 'overdue-milestone': 'off' } }).messages.filter((m) => m.ruleId === 'overdue-milestone'), []);
    assert.throws(() => lintText(text, { asOf: '2027-02-30' }), /not a real date/);
  });

  it('lintText cannot read framework files unless given a resolver', () => {
    const result = lintText(example('ncl-long-term-plan-cancer.md'), { path: '/somewhere/plan.md' });
    assert.equal(result.messages[0].ruleId, 'unresolved-framework');
  });

  it('lintText says nothing about Markdown that is not a plan', () => {
    assert.deepEqual(lintText('# Meeting notes\n'), { kind: undefined, messages: [] });
  });

  it('lintFiles lints folders as the CLI does', async () => {
    const outcome = await lintFiles(['examples/'], { cwd: REPO_ROOT });
    const names = outcome.results.map((r) => path.basename(r.path));
    assert.ok(names.includes('ncl-ltp-framework.md'));
    const clean = outcome.results.filter((r) => !r.path.endsWith('-with-problems.md'));
    assert.deepEqual(clean.flatMap((r) => r.diagnostics), []);
  });

  it('exports every rule and a version that matches package.json', () => {
    assert.ok(RULES.length >= 17);
    assert.equal(VERSION, JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });
});
