import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CPLAN, REPO_ROOT, cplan, example, tempTree } from './helpers/cli.js';

// What users of ESLint and markdownlint-cli2 reach for first (issue 19): option typos, stdin, output files, colour.

const WITH_PROBLEMS = 'ncl-adt-2025-26-with-problems.md';
const ANSI = /\u001b\[[0-9;]*m/;

/** The CLI with `input` on stdin and an environment without the test runner's colour settings. */
function run(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(process.execPath, [CPLAN, ...args], { cwd: options.cwd ?? path.join(REPO_ROOT, 'examples'), input: options.input ?? '', encoding: 'utf8', env: env as NodeJS.ProcessEnv, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CLI conventions', function () {
  this.timeout(60_000);

  describe('options', () => {
    for (const [args, message] of [
      [['lint', '--fromat', 'json'], /^cplan: unknown option `--fromat` for cplan lint\. Did you mean `--format`\? See cplan lint --help\.\n$/],
      [['report', '--ot', 'x.html'], /^cplan: unknown option `--ot` for cplan report\. Did you mean `--out`\?/],
      [['new', '--perod', '2025/26'], /^cplan: unknown option `--perod` for cplan new\. Did you mean `--period`\?/],
      [['lint', '--format'], /^cplan: --format needs a value/],
      [['lint', '--quiet=yes'], /^cplan: --quiet takes no value\n$/],
    ] as const) {
      it(`\`cplan ${args.join(' ')}\`: ${String(message).slice(1, 50)}... (exit 2)`, () => {
        const result = cplan([...args]);
        assert.equal(result.code, 2);
        assert.match(result.stderr, message);
        assert.doesNotMatch(result.stderr, /positional argument|place it at the end/);
      });
    }
  });

  describe('--stdin', () => {
    it('lints the text on stdin as the file --stdin-filename names: the same findings at the same places', () => {
      const fromFile = JSON.parse(run(['lint', WITH_PROBLEMS, '--format', 'json']).stdout);
      const fromStdin = run(['lint', '--stdin', '--stdin-filename', WITH_PROBLEMS, '--format', 'json'], { input: example(WITH_PROBLEMS) });
      assert.equal(fromStdin.code, 1, fromStdin.stderr);
      assert.deepEqual(JSON.parse(fromStdin.stdout), fromFile);
    });

    it('applies the .cplanrc.yaml and the relative framework of the folder the file name is in, though no such file exists', () => {
      const root = tempTree({
        'team/.cplanrc.yaml': 'rules:\n  missing-metrics: off\n',
        'team/framework.md': example('ncl-ltp-framework.md'),
      });
      const lint = (text: string, name: string) => JSON.parse(run(['lint', '--stdin', '--stdin-filename', name, '--format', 'json'], { cwd: root, input: text }).stdout)[0] as { filePath: string; messages: { ruleId: string }[] };
      const rules = (result: { messages: { ruleId: string }[] }) => result.messages.map((m) => m.ruleId);
      // The config: WS7 of the example has no metrics, which team/.cplanrc.yaml turns off.
      const inTeam = lint(example(WITH_PROBLEMS), 'team/new-plan.md');
      assert.equal(inTeam.filePath, path.join(root, 'team', 'new-plan.md'));
      assert.ok(!rules(inTeam).includes('missing-metrics'));
      assert.ok(rules(lint(example(WITH_PROBLEMS), 'other/new-plan.md')).includes('missing-metrics'));
      // The framework: ./framework.md is found beside the named file, and only there.
      const plan = example('ncl-long-term-plan-cancer.md').replace(/^framework: .+$/m, 'framework: ./framework.md');
      assert.deepEqual(rules(lint(plan, 'team/new-plan.md')), []);
      assert.deepEqual(rules(lint(plan, 'other/new-plan.md')), ['unresolved-framework']);
    });

    it('refuses files beside --stdin, and --stdin-filename without --stdin', () => {
      const both = run(['lint', '--stdin', WITH_PROBLEMS]);
      assert.equal(both.code, 2);
      assert.match(both.stderr, /^cplan: --stdin lints the text on standard input, so give no files/);
      const alone = run(['lint', '--stdin-filename', 'x.md']);
      assert.equal(alone.code, 2);
      assert.match(alone.stderr, /add --stdin/);
    });

    it('says when the text on stdin is not a plan', () => {
      const result = run(['lint', '--stdin'], { input: '# Notes\n' });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /stdin\.md is not a commissioning plan or framework/);
    });
  });

  describe('--output-file', () => {
    it('writes the output to the file (making its folders), nothing to stdout, and keeps the exit code', () => {
      const root = tempTree({});
      const result = run(['lint', path.join(REPO_ROOT, 'examples', WITH_PROBLEMS), '--format', 'json', '--output-file', 'reports/cplan/lint.json'], { cwd: root });
      assert.equal(result.code, 1);
      assert.equal(result.stdout, '');
      const written = JSON.parse(fs.readFileSync(path.join(root, 'reports/cplan/lint.json'), 'utf8'));
      assert.equal(written[0].messages.length, JSON.parse(run(['lint', WITH_PROBLEMS, '--format', 'json']).stdout)[0].messages.length);
    });

    it('is never coloured unless --color asks, and -o is its short form', () => {
      const root = tempTree({});
      run(['lint', path.join(REPO_ROOT, 'examples', WITH_PROBLEMS), '-o', 'plain.txt'], { cwd: root, env: { FORCE_COLOR: '0' } });
      assert.doesNotMatch(fs.readFileSync(path.join(root, 'plain.txt'), 'utf8'), ANSI);
      run(['lint', path.join(REPO_ROOT, 'examples', WITH_PROBLEMS), '-o', 'coloured.txt', '--color'], { cwd: root });
      assert.match(fs.readFileSync(path.join(root, 'coloured.txt'), 'utf8'), ANSI);
    });
  });

  describe('colour', () => {
    const stylish = (args: string[], env: Record<string, string> = {}) => run(['lint', WITH_PROBLEMS, ...args], { env }).stdout;

    it('a pipe is plain; FORCE_COLOR=1 or --color colours it; FORCE_COLOR=0 and --no-color keep it plain', () => {
      assert.doesNotMatch(stylish([]), ANSI);
      assert.match(stylish([], { FORCE_COLOR: '1' }), ANSI);
      assert.match(stylish(['--color']), ANSI);
      assert.match(stylish(['--color'], { NO_COLOR: '1', FORCE_COLOR: '0' }), ANSI);
      assert.doesNotMatch(stylish(['--no-color'], { FORCE_COLOR: '1' }), ANSI);
      assert.doesNotMatch(stylish([], { FORCE_COLOR: '0' }), ANSI);
    });

    it('a terminal is coloured unless NO_COLOR is set (no-color.org); FORCE_COLOR wins over NO_COLOR', function () {
      const onTerminal = (env: Record<string, string>) => {
        // script(1) runs the CLI on a pseudo-terminal, as a user's shell would.
        const command = `${process.execPath} ${CPLAN} lint ${WITH_PROBLEMS}`;
        const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: path.join(REPO_ROOT, 'examples'), encoding: 'utf8', env: { PATH: process.env.PATH, TERM: 'xterm', ...env }, timeout: 60_000 });
        if (result.error) this.skip();
        return result.stdout;
      };
      assert.match(onTerminal({}), ANSI);
      assert.doesNotMatch(onTerminal({ NO_COLOR: '1' }), ANSI);
      assert.match(onTerminal({ NO_COLOR: '1', FORCE_COLOR: '1' }), ANSI);
    });

    it('--color with --no-color is a usage error', () => {
      const result = run(['lint', WITH_PROBLEMS, '--color', '--no-color']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /--color and --no-color contradict each other/);
    });
  });

  describe('suppression comments: --no-inline-config and --report-unused-disable-directives', () => {
    // WS1 has metrics; WS2 has none, so missing-metrics fires on WS2 only.
    const PLAN = `---
kind: commissioning-plan
id: ncl-early-diagnosis-2025-26
title: Early diagnosis delivery plan 2025/26
organisation: North Central London Cancer Alliance
period: 2025/26
framework: builtin:ncl-cancer-2023-28
aims: [SA1]
as_of: 2025-09-30
---

# Early diagnosis delivery plan 2025/26

<!-- cplan-disable-next-line missing-metrics -->
\`\`\`yaml workstream
id: WS1
title: Faster diagnosis pathways
aims: [SA1]
priorities: [ADTDG-3]
lead: Faster Diagnosis Programme Manager
milestones:
  - id: WS1-M1
    title: Breast pain pathway live at every provider
    due: Q1 2025/26
    status: done
    done_on: 2025-06-20
  - id: WS1-M2
    title: Non-specific symptoms pathway commissioned in primary care
    due: Q4 2025/26
    status: on-track
metrics:
  - id: WS1-K1
    title: Patients told their diagnosis or ruled out within 28 days
    unit: "%"
    baseline: {value: 77.1, period: 2024/25}
    target: {value: 80, due: Q4 2025/26}
    source: Cancer Waiting Times (CWT)
\`\`\`
`;
    const withWs2 = (comment: string) => `${PLAN}\n${comment}\n\`\`\`yaml workstream\nid: WS2\ntitle: Safety netting in primary care\naims: [SA1]\nlead: Primary Care Cancer Lead\nmilestones:\n  - id: WS2-M1\n    title: Safety-netting audit in every PCN\n    due: Q4 2025/26\n    status: on-track\n\`\`\`\n`;
    const lint = (text: string, args: string[] = []) => {
      const dir = tempTree({ 'plan.md': text });
      const result = run(['lint', 'plan.md', '--format', 'json', ...args], { cwd: dir });
      assert.ok(result.code === 0 || result.code === 1, result.stderr);
      return (JSON.parse(result.stdout)[0].messages as { ruleId: string; line: number; column: number; severity: number; message: string }[]);
    };
    const WS2_COMMENT = '<!-- cplan-disable-next-line missing-metrics workstream-without-aim -->';

    it('a comment that silences a finding is used; --no-inline-config brings the finding back', () => {
      const text = withWs2('<!-- cplan-disable-next-line missing-metrics -->');
      assert.deepEqual(lint(text, ['--report-unused-disable-directives']).map((m) => m.ruleId), ['unused-disable-directive'], 'only the stale comment above WS1');
      assert.deepEqual(lint(text, ['--no-inline-config']).map((m) => m.ruleId), ['missing-metrics']);
      assert.deepEqual(lint(text, ['--no-inline-config', '--report-unused-disable-directives']).map((m) => m.ruleId), ['missing-metrics'], 'ignored comments are not reported as unused');
    });

    it('points at the stale comment, names the rules it silenced nothing of, and is an error under the flag', () => {
      const text = withWs2(WS2_COMMENT);
      const found = lint(text, ['--report-unused-disable-directives']);
      const lines = text.split('\n');
      assert.deepEqual(found.map((m) => [m.ruleId, lines[m.line - 1].trim(), m.column, m.severity]), [
        ['unused-disable-directive', '<!-- cplan-disable-next-line missing-metrics -->', 1, 2],
        ['unused-disable-directive', WS2_COMMENT, 1, 2],
      ]);
      assert.match(found[1].message, /^`cplan-disable-next-line missing-metrics workstream-without-aim` silences nothing: no `workstream-without-aim` finding is reported where it applies\. Remove `workstream-without-aim` from it/);
    });

    it('is off by default, and --rule sets its severity, also beside the flag', () => {
      const text = withWs2(WS2_COMMENT);
      assert.deepEqual(lint(text), []);
      assert.deepEqual(lint(text, ['--rule', 'unused-disable-directive=info']).map((m) => m.severity), [1, 1]);
      assert.deepEqual(lint(text, ['--report-unused-disable-directives', '--rule', 'unused-disable-directive=warning']).map((m) => m.severity), [1, 1]);
    });

    it('a comment for every rule is stale only when it silenced nothing at all', () => {
      assert.deepEqual(lint(withWs2('<!-- cplan-disable-next-line -->'), ['--report-unused-disable-directives']).map((m) => m.ruleId), ['unused-disable-directive']);
      const everything = lint(withWs2('<!-- cplan-disable-next-line -->').replace('<!-- cplan-disable-next-line missing-metrics -->\n', ''), ['--report-unused-disable-directives']);
      assert.deepEqual(everything, []);
    });
  });
});
