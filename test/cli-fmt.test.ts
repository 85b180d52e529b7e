import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CPLAN, REPO_ROOT, cplan, example, tempTree } from './helpers/cli.js';
import { matchGoldens } from './helpers/golden.js';

const MESSY = `---
kind: commissioning-plan
id: p1
title: 'A plan'
organisation: NCL
period: 2024/25-2025/26
framework: builtin:ncl-cancer-2023-28
as_of: 2025-06-30
---

Due Q4 24/25, says the prose, and keeps saying so.

\`\`\`yaml workstream
title: Faster diagnosis
id: WS1
aims: [SA1]
milestones:
  - id: WS1-M1
    title: Pathway live   # the board asked
    due: Q4 FY24/25
    status: At risk
metrics:
  - id: WS1-K1
    title: FDS
    unit: "%"
    baseline: {value: 77, period: 2024/25}
    target: {value: 80, due: Mar-26}
    source: CWT
    breakdown: [deprivation]
\`\`\`
`;

function stdin(args: string[], input: string, cwd: string) {
  const run = spawnSync(process.execPath, [CPLAN, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface JsonResult { filePath: string; messages: { ruleId: string }[]; errorCount: number; fixableErrorCount: number; fixableWarningCount: number; output?: string }

describe('cplan fmt', function () {
  this.timeout(60_000);

  it('--check lists the files that would change and exits 1, writing nothing; then fmt writes them and --check passes', () => {
    const clean = example('ncl-ltp-framework.md');
    const dir = tempTree({ 'plans/messy.md': MESSY, 'plans/notes.md': '# Notes\n\ndue: Q4 24/25\n' });
    const check = cplan(['fmt', '--check', 'plans'], dir);
    assert.equal(check.code, 1, check.stderr);
    assert.equal(check.stdout, 'plans/messy.md\n');
    assert.match(check.stderr, /1 file would be reformatted; run cplan fmt/);
    assert.equal(fs.readFileSync(path.join(dir, 'plans/messy.md'), 'utf8'), MESSY);

    const write = cplan(['fmt', 'plans'], dir);
    assert.equal(write.code, 0, write.stderr);
    assert.equal(write.stdout, 'plans/messy.md\n');
    const formatted = fs.readFileSync(path.join(dir, 'plans/messy.md'), 'utf8');
    assert.match(formatted, /title: "A plan"\n/);
    assert.match(formatted, /Due Q4 24\/25, says the prose/);
    assert.match(formatted, /```yaml workstream\nid: WS1\ntitle: Faster diagnosis\n/);
    assert.match(formatted, /title: Pathway live {3}# the board asked\n {4}due: Q4 2024\/25\n {4}status: at-risk\n/);
    assert.match(formatted, /due: March 2026\}/);
    assert.equal(fs.readFileSync(path.join(dir, 'plans/notes.md'), 'utf8'), '# Notes\n\ndue: Q4 24/25\n', 'a Markdown file that is not a plan is skipped');
    assert.equal(cplan(['fmt', '--check', 'plans'], dir).code, 0, 'formatting is idempotent');

    fs.writeFileSync(path.join(dir, 'clean.md'), clean);
    const cleanCheck = cplan(['fmt', '--check', 'clean.md'], dir);
    assert.deepEqual([cleanCheck.code, cleanCheck.stdout], [0, '']);
  });

  it('--stdin prints the formatted text; with --check it exits 1 when the text would change', () => {
    const dir = tempTree({});
    const run = stdin(['fmt', '--stdin'], MESSY, dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /status: at-risk/);
    assert.equal(stdin(['fmt', '--stdin'], run.stdout, dir).stdout, run.stdout);
    const check = stdin(['fmt', '--stdin', '--check', '--stdin-filename', 'x.md'], MESSY, dir);
    assert.equal(check.code, 1);
    assert.match(check.stderr, /x\.md would be reformatted/);
    assert.equal(stdin(['fmt', '--stdin', '--check'], run.stdout, dir).code, 0);
  });

  it('usage errors exit 2 with a message, never a stack trace', () => {
    const dir = tempTree({ 'a.md': MESSY, 'notes.md': '# not a plan\n' });
    for (const [args, pattern] of [
      [['fmt', '--chek'], /unknown option `--chek` for cplan fmt\. Did you mean `--check`\?/],
      [['fmt', '--stdin', 'a.md'], /give no files/],
      [['fmt', '--stdin-filename', 'a.md'], /add --stdin/],
      [['fmt', 'missing.md'], /missing\.md/],
      [['fmt', 'notes.md'], /is not a commissioning plan/],
    ] as const) {
      const run = cplan([...args], dir);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, pattern);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    }
    assert.equal(fs.readFileSync(path.join(dir, 'a.md'), 'utf8'), MESSY);
    assert.match(cplan(['fmt', '--help'], dir).stdout, /Usage: cplan fmt/);
  });
});

describe('cplan lint --fix', function () {
  this.timeout(60_000);
  const PROBLEMS = 'ncl-adt-2025-26-with-problems.md';

  it('counts the fixable findings in the JSON, fixes them in place, and reports what is left', () => {
    const dir = tempTree({ [PROBLEMS]: example(PROBLEMS) });
    const before = JSON.parse(cplan(['lint', '--format', 'json', PROBLEMS], dir).stdout) as JsonResult[];
    assert.equal(before[0].fixableErrorCount, 2);
    assert.equal(before[0].fixableWarningCount, 0);
    assert.equal(before[0].output, undefined);
    assert.match(cplan(['lint', PROBLEMS], dir).stdout, /\n {2}2 errors and 0 warnings potentially fixable with the `--fix` option\.\n$/, 'stylish says so, as ESLint does');

    const fixed = cplan(['lint', '--fix', '--format', 'json', PROBLEMS], dir);
    assert.equal(fixed.code, 1, 'errors that need a choice are left, and reported');
    const after = JSON.parse(fixed.stdout) as JsonResult[];
    assert.equal(after[0].fixableErrorCount, 0);
    assert.equal(after[0].errorCount, before[0].errorCount - 2);
    assert.equal(after[0].output, undefined, '--fix writes the file, as ESLint does, and prints no output');
    const text = fs.readFileSync(path.join(dir, PROBLEMS), 'utf8');
    assert.match(text, /priorities: \[ADTDG-5, ADTDG-9, ADTDG-3\]/);
    assert.match(text, /target: \{value: 1500, due: Q4 2025\/26\}/);
    const fixedRules = new Set(before[0].messages.map((m) => m.ruleId));
    for (const m of after[0].messages) assert.ok(fixedRules.has(m.ruleId), `no new finding: ${m.ruleId}`);
  });

  it('--fix-dry-run writes nothing and gives the fixed text as `output`; --fix with --stdin does too', () => {
    const original = example(PROBLEMS);
    const dir = tempTree({ [PROBLEMS]: original, 'messy.md': MESSY });
    const run = cplan(['lint', '--fix-dry-run', '--format', 'json', PROBLEMS, 'messy.md'], dir);
    assert.equal(run.code, 1, run.stderr);
    const results = JSON.parse(run.stdout) as JsonResult[];
    const problems = results.find((r) => r.filePath.endsWith(PROBLEMS))!;
    assert.match(problems.output!, /target: \{value: 1500, due: Q4 2025\/26\}/);
    assert.equal(problems.fixableErrorCount, 0);
    const messy = results.find((r) => r.filePath.endsWith('messy.md'))!;
    assert.match(messy.output!, /due: Q4 2024\/25\n {4}status: at-risk/, 'canonical periods and values');
    assert.match(messy.output!, /title: Faster diagnosis\nid: WS1/, 'the key order is cplan fmt\'s business, not --fix\'s');
    assert.equal(fs.readFileSync(path.join(dir, PROBLEMS), 'utf8'), original);
    assert.equal(fs.readFileSync(path.join(dir, 'messy.md'), 'utf8'), MESSY);

    const piped = stdin(['lint', '--stdin', '--fix', '--format', 'json', '--stdin-filename', PROBLEMS], original, dir);
    assert.equal((JSON.parse(piped.stdout) as JsonResult[])[0].output, problems.output);
    assert.equal(fs.readFileSync(path.join(dir, PROBLEMS), 'utf8'), original);
  });

  it('a date field written in a notation the format reads is fixed; a guess (`June 24`) is not', () => {
    const plan = MESSY.replace('status: At risk', 'status: done\n    done_on: 31/03/2025').replace('due: Mar-26', 'due: June 24');
    const dir = tempTree({ 'p.md': plan });
    const run = cplan(['lint', '--fix-dry-run', '--format', 'json', 'p.md'], dir);
    const [result] = JSON.parse(run.stdout) as JsonResult[];
    assert.match(result.output!, /done_on: 2025-03-31\n/);
    assert.match(result.output!, /due: June 24\}/);
    assert.ok(result.messages.some((m) => m.ruleId === 'invalid-period'), 'the guess is still reported');
  });
});

/** The lines that differ, by number: formatting and fixing add and drop no line. */
function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(b.length, a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [`${i + 1}: ${line} -> ${b[i]}`]));
}

describe('cplan fmt and lint --fix on the bundled examples (golden)', function () {
  this.timeout(60_000);

  it('changes exactly the lines of test/golden/fmt-and-fix-examples.json', () => {
    const names = fs.readdirSync(path.join(REPO_ROOT, 'examples')).filter((n) => n.endsWith('.md')).sort();
    const dir = tempTree(Object.fromEntries(names.map((n) => [n, example(n)])));
    const fixed = new Map((JSON.parse(cplan(['lint', '--fix-dry-run', '--format', 'json', ...names], dir).stdout) as JsonResult[]).map((r) => [path.basename(r.filePath), r.output]));
    const actual = Object.fromEntries(names.map((name) => {
      const original = example(name);
      return [name, { fmt: changedLines(original, stdin(['fmt', '--stdin'], original, dir).stdout), fix: changedLines(original, fixed.get(name) ?? original) }];
    }));
    matchGoldens([{ file: path.join(REPO_ROOT, 'test', 'golden', 'fmt-and-fix-examples.json'), actual }]);
  });
});
