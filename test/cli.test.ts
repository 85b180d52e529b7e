import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cplan, tempTree, example, REPO_ROOT } from './helpers/cli.js';
import { matchGoldens, type GoldenCase } from './helpers/golden.js';

const CLEAN_PLAN = `---
kind: commissioning-plan
id: small-plan
title: Small plan
organisation: NCL Cancer Alliance
period: 2024/25
as_of: 2024-06-30
---

\`\`\`yaml aims
- id: A1
  title: Improve early diagnosis
\`\`\`

\`\`\`yaml workstream
id: WS1
title: Faster diagnosis
aims: [A1]
milestones:
  - id: WS1-M1
    title: Launch pathway
    due: Q4 2024/25
    status: on-track
metrics:
  - id: WS1-K1
    title: Faster Diagnosis Standard
    unit: "%"
    baseline: {value: 70, period: 2023/24}
    target: {value: 77, due: Q4 2024/25}
    source: Cancer Waiting Times
\`\`\`
`;
const WARNING_PLAN = CLEAN_PLAN.replace('    source: Cancer Waiting Times\n', '');
const ERROR_PLAN = CLEAN_PLAN.replace('aims: [A1]', 'aims: [A9]');

interface EslintResult {
  filePath: string;
  messages: { ruleId: string; severity: number; message: string; line: number; column: number; endLine: number; endColumn: number }[];
  errorCount: number;
  warningCount: number;
}

function json(stdout: string): EslintResult[] {
  return JSON.parse(stdout) as EslintResult[];
}

describe('cplan lint (as a process)', function () {
  this.timeout(60_000);

  it('lints the bundled examples: clean files have no messages, problem files match their golden files', () => {
    const run = cplan(['lint', 'examples/', '--format', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const results = json(run.stdout);
    const names = results.map((r) => path.basename(r.filePath)).sort();
    assert.ok(names.length >= 5, names.join());
    const goldens: GoldenCase[] = [];
    for (const result of results) {
      const name = path.basename(result.filePath, '.md');
      if (!name.endsWith('-with-problems')) {
        assert.deepEqual(result.messages, [], `${name} should be clean`);
        continue;
      }
      const golden = path.join(REPO_ROOT, 'test', 'golden', `${name}.json`);
      const actual = result.messages.map(({ ruleId, severity, line, column, endLine, endColumn, message }) => ({ ruleId, severity, line, column, endLine, endColumn, message }));
      goldens.push({ file: golden, actual });
    }
    assert.equal(goldens.length, 2, 'both problem examples have a golden file');
    matchGoldens(goldens);
  });

  it('the problems example exercises every rule except file-too-large', () => {
    // --report-unused-disable-directives turns on the one rule that is off by default.
    const run = cplan(['lint', 'examples/', '--format', 'json', '--report-unused-disable-directives']);
    const fired = new Set(json(run.stdout).flatMap((r) => r.messages.map((m) => m.ruleId)));
    const rules = fs.readdirSync(path.join(REPO_ROOT, 'server/src/core/rules')).filter((f) => !['index.ts', 'rule.ts', 'helpers.ts'].includes(f)).map((f) => f.replace(/\.ts$/, ''));
    assert.deepEqual(rules.filter((r) => !fired.has(r) && r !== 'file-too-large'), []);
  });

  it('exits 0 on a clean plan and prints nothing in stylish', () => {
    const dir = tempTree({ 'plan.md': CLEAN_PLAN });
    const run = cplan(['lint', 'plan.md'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
  });

  it('exits 0 with warnings, 1 above --max-warnings, 1 on errors', () => {
    const dir = tempTree({ 'warn.md': WARNING_PLAN, 'error.md': ERROR_PLAN });
    const warned = cplan(['lint', 'warn.md'], dir);
    assert.equal(warned.code, 0);
    assert.match(warned.stdout, /warn\.md\n\s+\d+:\d+\s+warning\s+Metric `WS1-K1` has no `source`.*incomplete-metric/);
    assert.equal(cplan(['lint', 'warn.md', '--max-warnings', '1'], dir).code, 0);
    const tooMany = cplan(['lint', 'warn.md', '--max-warnings', '0'], dir);
    assert.equal(tooMany.code, 1);
    assert.match(tooMany.stderr, /1 warnings, more than --max-warnings 0/);
    assert.equal(cplan(['lint', 'error.md'], dir).code, 1);
  });

  it('--quiet reports errors only; --rule changes severities', () => {
    const dir = tempTree({ 'warn.md': WARNING_PLAN, 'error.md': ERROR_PLAN });
    const quiet = json(cplan(['lint', '.', '--quiet', '--format', 'json'], dir).stdout);
    assert.deepEqual(quiet.flatMap((r) => r.messages.map((m) => m.ruleId)), ['unknown-aim']);
    const raised = cplan(['lint', 'warn.md', '--rule', 'incomplete-metric=error', '--format', 'json'], dir);
    assert.equal(raised.code, 1);
    assert.equal(json(raised.stdout)[0].messages[0].severity, 2);
    assert.equal(cplan(['lint', 'error.md', '--rule', 'unknown-aim=off', '--rule', 'aim-without-workstream=off'], dir).code, 0);
  });

  it('--as-of overrides the as_of in the file', () => {
    const dir = tempTree({ 'plan.md': CLEAN_PLAN });
    const run = cplan(['lint', 'plan.md', '--as-of', '2025-04-01', '--format', 'json'], dir);
    assert.deepEqual(json(run.stdout)[0].messages.map((m) => [m.ruleId, m.line, m.column]), [['overdue-milestone', 22, 10]]);
  });

  it('exits 2 with a one-line message on usage, config and file errors', () => {
    const dir = tempTree({ 'plan.md': CLEAN_PLAN, 'notes.md': '# Just notes\n', 'bad/.cplanrc.yaml': 'rules: {missing-metrics: loud}\n', 'bad/plan.md': CLEAN_PLAN });
    const cases: [string[], RegExp][] = [
      [['lint', '--bogus'], /unknown option `--bogus` for cplan lint\. See cplan lint --help/],
      [['lint', '--format', 'xml'], /unknown format `xml`/],
      [['lint', '--as-of', '2025-02-30'], /--as-of `2025-02-30` is not a real date/],
      [['lint', '--rule', 'missing-metric=off'], /unknown rule `missing-metric`\. Did you mean `missing-metrics`\?/],
      [['lint', '--rule', 'missing-metrics=loud'], /severity must be off, info, warning or error/],
      [['lint', '--max-warnings', 'many'], /--max-warnings needs a whole number/],
      [['lint', 'nothing-here.md'], /no such file or folder: nothing-here\.md/],
      [['lint', 'notes.md'], /notes\.md is not a commissioning plan or framework/],
      [['lint', 'bad/plan.md'], /\.cplanrc\.yaml: .*missing-metrics.* must be one of off, info, warning, error/],
      [['lint', '--config', 'missing.yaml'], /cannot read config .*missing\.yaml: ENOENT/],
      [['frobnicate'], /unknown command `frobnicate`/],
    ];
    for (const [args, message] of cases) {
      const run = cplan(args, dir);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message, args.join(' '));
      assert.equal(run.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${run.stderr}`);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    }
  });

  it('walking a folder skips non-plans, node_modules and git-ignored files silently', () => {
    const dir = tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'drafts/\n',
      'plans/a.md': ERROR_PLAN,
      'plans/notes.md': '# Notes\n',
      'drafts/b.md': ERROR_PLAN,
      'node_modules/pkg/c.md': ERROR_PLAN,
      'plans/sub/.gitignore': 'ignored.md\n',
      'plans/sub/ignored.md': ERROR_PLAN,
    });
    const run = cplan(['lint', '--format', 'json'], dir);
    assert.equal(run.stderr, '');
    assert.deepEqual(json(run.stdout).map((r) => path.relative(dir, r.filePath)), [path.join('plans', 'a.md')]);
  });

  it('accepts globs', () => {
    const dir = tempTree({ 'plans/a.md': CLEAN_PLAN, 'plans/b.md': ERROR_PLAN, 'other/c.md': ERROR_PLAN });
    const run = cplan(['lint', 'plans/**/*.md', '--format', 'json'], dir);
    assert.deepEqual(json(run.stdout).map((r) => path.basename(r.filePath)), ['a.md', 'b.md']);
  });

  it('finds the nearest .cplanrc.yaml upwards from each file, and --config replaces it', () => {
    const dir = tempTree({
      '.cplanrc.yaml': 'rules:\n  incomplete-metric: error\n',
      'a/warn.md': WARNING_PLAN,
      'b/.cplanrc.yaml': 'rules:\n  incomplete-metric: "off"\nas_of: 2025-06-30\n',
      'b/warn.md': WARNING_PLAN.replace('as_of: 2024-06-30\n', ''),
      'other.yaml': 'exclude: ["b/**"]\n',
    });
    const results = json(cplan(['lint', '.', '--format', 'json'], dir).stdout);
    const byName = new Map(results.map((r) => [path.relative(dir, r.filePath), r.messages.map((m) => `${m.ruleId}:${m.severity}`)]));
    assert.deepEqual(byName.get(path.join('a', 'warn.md')), ['incomplete-metric:2']);
    assert.deepEqual(byName.get(path.join('b', 'warn.md')), ['overdue-milestone:1'], 'b uses its own config: rule off and as_of from the config');
    const withConfig = json(cplan(['lint', '.', '--config', 'other.yaml', '--format', 'json'], dir).stdout);
    assert.deepEqual(withConfig.map((r) => path.relative(dir, r.filePath)), [path.join('a', 'warn.md')]);
  });

  it('resolves relative framework paths, refusing ones that leave the workspace', () => {
    const framework = example('ncl-ltp-framework.md');
    const plan = example('ncl-long-term-plan-cancer.md');
    const dir = tempTree({ '.cplanrc.yaml': '{}\n', 'ws/framework/ncl-ltp-framework.md': framework, 'ws/plans/plan.md': plan.replace('./ncl-ltp-framework.md', '../framework/ncl-ltp-framework.md'), 'ws/plans/escape.md': plan.replace('./ncl-ltp-framework.md', '../../../etc/passwd') });
    const outside = tempTree({ 'framework.md': framework });
    fs.symlinkSync(path.join(outside, 'framework.md'), path.join(dir, 'ws', 'plans', 'linked.md'));
    fs.writeFileSync(path.join(dir, 'ws', 'plans', 'via-link.md'), plan.replace('./ncl-ltp-framework.md', './linked.md'));
    const results = json(cplan(['lint', 'ws', '--format', 'json'], dir).stdout);
    const viaLink = results.find((r) => r.filePath.endsWith('via-link.md'))!;
    assert.equal(viaLink.messages[0].ruleId, 'unresolved-framework');
    assert.match(viaLink.messages[0].message, /link that points outside/);
    fs.writeFileSync(path.join(dir, 'ws', 'plans', 'absolute.md'), plan.replace('./ncl-ltp-framework.md', path.join(outside, 'framework.md')));
    const absolute = json(cplan(['lint', 'ws/plans/absolute.md', '--format', 'json'], dir).stdout)[0];
    assert.match(absolute.messages[0].message, /is absolute; write it relative to this plan/);
    const escape = results.find((r) => r.filePath.endsWith('escape.md'))!;
    assert.equal(escape.messages[0].ruleId, 'unresolved-framework');
    assert.match(escape.messages[0].message, /leads outside the workspace/);
    assert.deepEqual(results.find((r) => r.filePath.endsWith('plan.md'))!.messages, []);
  });

  it('files over max_file_size get one file-too-large diagnostic at line 1 and are not parsed', () => {
    const big = CLEAN_PLAN.replace('aims: [A1]', 'aims: [A9]') + '\n' + 'Lorem ipsum dolor sit amet.\n'.repeat(200);
    const dir = tempTree({ '.cplanrc.yaml': 'max_file_size: 2000\n', 'big.md': big, 'big-notes.md': '# Notes\n' + 'x\n'.repeat(2000), 'small.md': CLEAN_PLAN });
    const run = cplan(['lint', '.', '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    const results = json(run.stdout);
    assert.deepEqual(results.map((r) => path.basename(r.filePath)), ['big.md', 'small.md'], 'a large file that is not a plan is skipped');
    assert.deepEqual(results[0].messages.map((m) => [m.ruleId, m.line, m.column]), [['file-too-large', 1, 1]]);
    assert.match(results[0].messages[0].message, /over the maximum of 2000 bytes/);
  });

  it('resolves a framework named by id from the config\'s framework folders', () => {
    const dir = tempTree({
      '.cplanrc.yaml': 'frameworks: [./shared]\n',
      'shared/ltp.md': example('ncl-ltp-framework.md'),
      'plans/plan.md': example('ncl-long-term-plan-cancer.md').replace('framework: ./ncl-ltp-framework.md', 'framework: ncl-ltp-framework'),
      'plans/typo.md': example('ncl-long-term-plan-cancer.md').replace('framework: ./ncl-ltp-framework.md', 'framework: ncl-ltp-framwork'),
    });
    const results = json(cplan(['lint', 'plans', '--format', 'json'], dir).stdout);
    assert.deepEqual(results[0].messages, []);
    assert.deepEqual(results[1].messages.map((m) => m.ruleId), ['unresolved-framework'], 'references into an unresolved framework are not judged');
    assert.match(results[1].messages[0].message, /No framework with id `ncl-ltp-framwork`.*Did you mean `ncl-ltp-framework`\?/);
  });

  it('reads a framework folder of .cplanrc.yaml that lies outside the folder linted and its git root', () => {
    const shared = tempTree({ 'ltp.md': example('ncl-ltp-framework.md') });
    const dir = tempTree({ 'plan.md': example('ncl-long-term-plan-cancer.md').replace('framework: ./ncl-ltp-framework.md', 'framework: ncl-ltp-framework') });
    fs.writeFileSync(path.join(dir, '.cplanrc.yaml'), `frameworks: [${JSON.stringify(path.relative(dir, shared))}]\n`);
    const run = cplan(['lint', '.', '--format', 'json'], dir);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(json(run.stdout).map((r) => [path.basename(r.filePath), r.messages]), [['plan.md', []]]);
  });

  it('large runs lint on worker threads with exactly the results of an in-process run', async () => {
    const files: Record<string, string> = { 'framework.md': example('ncl-ltp-framework.md') };
    const plan = example('ncl-long-term-plan-cancer.md').replace('framework: ./ncl-ltp-framework.md', 'framework: ./framework.md');
    for (let i = 0; i < 260; i++) files[`plans/p${String(i).padStart(3, '0')}.md`] = i % 7 === 0 ? plan.replace('aims: [LTP-O1]', 'aims: [LTP-O9]') : plan;
    files['plans/by-id.md'] = plan.replace('framework: ./framework.md', 'framework: ncl-ltp-framework');
    const dir = tempTree(files);
    const run = cplan(['lint', '.', '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    const parallel = json(run.stdout).map((r) => [path.relative(dir, r.filePath), r.messages.map((m) => `${m.ruleId}@${m.line}:${m.column}`)]);
    const { lintFiles } = await import('../server/src/index.js');
    const inProcess = (await lintFiles(['.'], { cwd: dir })).results.map((r) => [path.relative(dir, r.path), r.diagnostics.map((d) => {
      const p = r.document.lines.positionAt(d.span.start);
      return `${d.ruleId}@${p.line + 1}:${p.character + 1}`;
    })]);
    assert.equal(parallel.length, 262);
    assert.deepEqual(parallel, inProcess);
    assert.deepEqual(parallel.find(([name]) => name === path.join('plans', 'by-id.md'))![1], [], 'a framework named by id is found among the files of the run');
  });

  it('writes GitHub workflow commands, SARIF and a GitLab code quality report', () => {
    const dir = tempTree({ 'warn.md': WARNING_PLAN });
    const github = cplan(['lint', 'warn.md', '--format', 'github'], dir);
    assert.equal(github.stdout.trim(), '::warning file=warn.md,line=25,col=9,endLine=25,endColumn=15,title=incomplete-metric::Metric `WS1-K1` has no `source`; without it progress against the target cannot be judged. Add it.');
    const sarif = JSON.parse(cplan(['lint', 'warn.md', '--format', 'sarif'], dir).stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results[0].ruleId, 'incomplete-metric');
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine, 25);
    const gitlab = JSON.parse(cplan(['lint', 'warn.md', '--format', 'gitlab'], dir).stdout);
    assert.deepEqual([gitlab[0].check_name, gitlab[0].severity, gitlab[0].location.lines.begin], ['incomplete-metric', 'minor', 25]);
  });

  it('--help and --version', () => {
    assert.match(cplan(['--help']).stdout, /Usage: cplan lint/);
    const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;
    assert.equal(cplan(['--version']).stdout.trim(), version);
  });
});
