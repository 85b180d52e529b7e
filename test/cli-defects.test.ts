import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cplan, tempTree, example, CPLAN, REPO_ROOT, type RunResult } from './helpers/cli.js';
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

/** Runs the CLI as an unprivileged user when the tests run as root, so that file modes mean what they say. */
function cplanUnprivileged(args: string[], cwd: string): RunResult {
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const result = spawnSync(process.execPath, [CPLAN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', HOME: cwd }, timeout: 60_000, ...asNobody });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temp tree other users can read (mkdtemp makes it private). */
function worldReadableTree(files: Record<string, string>): string {
  const root = tempTree(files);
  const open = (dir: string) => {
    fs.chmodSync(dir, 0o755);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) open(path.join(dir, entry.name));
      else fs.chmodSync(path.join(dir, entry.name), 0o644);
    }
  };
  open(root);
  return root;
}

describe('cplan: defects found in review (issue 13)', function () {
  this.timeout(60_000);

  describe('1. cplan report --out never overwrites a plan or framework', () => {
    it('refuses an --out that is an input plan, in a folder run or named, with one line and exit 2', () => {
      const dir = tempTree({ [PLAN_NAME]: PLAN, [FRAMEWORK_NAME]: FRAMEWORK });
      for (const args of [['report', '--out', PLAN_NAME, PLAN_NAME], ['report', '--out', PLAN_NAME], ['report', '.', '--format', 'md', '--out', `./${PLAN_NAME}`]]) {
        const run = cplan(args, dir);
        oneLine(run, 2, new RegExp(`--out (\\./)?${PLAN_NAME.replace(/\./g, '\\.')} would overwrite the commissioning plan ${PLAN_NAME.replace(/\./g, '\\.')}; write the report to another file`));
        assert.equal(fs.readFileSync(path.join(dir, PLAN_NAME), 'utf8'), PLAN, args.join(' '));
      }
      assert.deepEqual(fs.readdirSync(dir).sort(), [PLAN_NAME, FRAMEWORK_NAME].sort(), 'nothing else written');
    });

    it('refuses an --out that is an existing plan or framework, also through a symlink', () => {
      const dir = tempTree({ [PLAN_NAME]: PLAN, [FRAMEWORK_NAME]: FRAMEWORK, 'other/plan.md': PLAN.replace('./ncl-ltp', '../ncl-ltp') });
      fs.symlinkSync(path.join(dir, 'other', 'plan.md'), path.join(dir, 'link.html'));
      const cases: [string, RegExp][] = [[FRAMEWORK_NAME, /framework/], ['other/plan.md', /commissioning plan/], ['link.html', /commissioning plan/]];
      for (const [out, kind] of cases) {
        const run = cplan(['report', PLAN_NAME, '--out', out], dir);
        oneLine(run, 2, kind);
        assert.match(run.stderr, /would overwrite/);
      }
      assert.equal(fs.readFileSync(path.join(dir, FRAMEWORK_NAME), 'utf8'), FRAMEWORK);
      assert.equal(fs.readFileSync(path.join(dir, 'other', 'plan.md'), 'utf8'), PLAN.replace('./ncl-ltp', '../ncl-ltp'));
    });

    it('replaces an earlier report through a temporary file, and can run again over its own Markdown report', () => {
      const dir = worldReadableTree({ [PLAN_NAME]: PLAN, [FRAMEWORK_NAME]: FRAMEWORK, 'report.html': 'the old report\n' });
      const html = cplan(['report', PLAN_NAME, '--out', 'report.html'], dir);
      assert.equal(html.code, 0, html.stderr);
      assert.match(fs.readFileSync(path.join(dir, 'report.html'), 'utf8'), /^<!DOCTYPE html>/);
      for (let i = 0; i < 2; i++) {
        const md = cplan(['report', '--format', 'md', '--out', 'report.md'], dir);
        assert.equal(md.code, 0, md.stderr);
      }
      assert.match(fs.readFileSync(path.join(dir, 'report.md'), 'utf8'), /^# Plan report: /);
      assert.deepEqual(fs.readdirSync(dir).sort(), [PLAN_NAME, FRAMEWORK_NAME, 'report.html', 'report.md'].sort(), 'no temporary file left behind');
      const shared = worldReadableTree({ 'report.html': 'the old report\n' });
      fs.chmodSync(path.join(shared, 'report.html'), 0o666);
      const inPlace = cplanUnprivileged(['report', path.join(dir, PLAN_NAME), '--out', path.join(shared, 'report.html')], shared);
      assert.equal(inPlace.code, 0, `a writable report in a folder the user cannot write to is written in place: ${inPlace.stderr}`);
      assert.match(fs.readFileSync(path.join(shared, 'report.html'), 'utf8'), /^<!DOCTYPE html>/);
      const unwritable = cplan(['report', PLAN_NAME, '--out', 'missing/r.html'], dir);
      oneLine(unwritable, 2, /cannot write missing\/r\.html: ENOENT/);
      assert.deepEqual(fs.readdirSync(dir).sort(), [PLAN_NAME, FRAMEWORK_NAME, 'report.html', 'report.md'].sort());
    });

    it('writes into a pipe or device (--out /dev/null) instead of renaming a file over it', async () => {
      const dir = tempTree({ [PLAN_NAME]: PLAN, [FRAMEWORK_NAME]: FRAMEWORK });
      const fifo = path.join(dir, 'pipe');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      // The reader writes to a file, not to this process, which is blocked in spawnSync while cplan writes.
      const reader = spawn('sh', ['-c', 'exec cat pipe > received'], { cwd: dir });
      const done = new Promise((resolve) => reader.on('exit', resolve));
      const run = cplan(['report', PLAN_NAME, '--out', 'pipe'], dir);
      try {
        assert.equal(run.code, 0, run.stderr);
        assert.ok(fs.statSync(fifo).isFIFO(), 'the pipe is still a pipe');
        await done;
        assert.match(fs.readFileSync(path.join(dir, 'received'), 'utf8'), /^<!DOCTYPE html>/);
      } finally {
        reader.kill();
      }
    });
  });

  describe('2. the workspace root of a run outside the current folder', () => {
    const tree = () => ({ [`a/${PLAN_NAME}`]: PLAN, [`a/${FRAMEWORK_NAME}`]: FRAMEWORK, [`b/${PLAN_NAME}`]: PLAN.replace('framework: ./', 'framework: ../a/') });
    const frameworkFindings = (results: Result[]) => results.map((r) => [path.basename(path.dirname(r.filePath)), r.messages.filter((m) => m.ruleId === 'unresolved-framework').map((m) => m.message)]);

    it('is the folder named, or the file\'s own folder, when there is no config or git repository', () => {
      const dir = tempTree(tree());
      const elsewhere = tempTree({});
      for (const target of [path.join(dir, 'a'), path.join(dir, 'a', PLAN_NAME), `${dir}/a/*.md`, dir]) {
        const run = cplan(['lint', target, '--format', 'json'], elsewhere);
        assert.equal(run.code, 0, `${target}: ${run.stdout}${run.stderr}`);
      }
      const escape = json(cplan(['lint', path.join(dir, 'b'), '--format', 'json'], elsewhere));
      assert.deepEqual(frameworkFindings(escape), [['b', [`The framework path \`../a/${FRAMEWORK_NAME}\` leads outside the workspace folder; frameworks must live inside it.`]]], 'a path out of the folder named is still refused');
    });

    it('is also the config\'s folder and the git root', () => {
      const elsewhere = tempTree({});
      for (const marker of ['.cplanrc.yaml', '.git/HEAD']) {
        const dir = tempTree({ ...tree(), [marker]: marker === '.git/HEAD' ? 'ref: refs/heads/main\n' : '{}\n' });
        const run = cplan(['lint', path.join(dir, 'b'), '--format', 'json'], elsewhere);
        assert.equal(run.code, 0, `${marker}: ${run.stdout}${run.stderr}`);
      }
    });
  });

  describe('3. an unreadable folder in the tree', () => {
    it('is skipped with a one-line warning; the readable plans are linted and reported', () => {
      const dir = worldReadableTree({ [`plans/${PLAN_NAME}`]: PLAN, [`plans/${FRAMEWORK_NAME}`]: FRAMEWORK, 'plans/locked/secret.md': PLAN });
      fs.chmodSync(path.join(dir, 'plans', 'locked'), 0o000);
      try {
        const lint = cplanUnprivileged(['lint', '--format', 'json'], dir);
        oneLine(lint, 0, /warning: cannot read folder plans\/locked \(EACCES\); skipped it/);
        assert.deepEqual(json(lint).map((r) => [path.relative(dir, r.filePath), r.messages.length]), [[`plans/${PLAN_NAME}`, 0], [`plans/${FRAMEWORK_NAME}`, 0]]);
        const report = cplanUnprivileged(['report', 'plans', '--format', 'json'], dir);
        oneLine(report, 0, /warning: cannot read folder plans\/locked \(EACCES\); skipped it/);
        assert.deepEqual((JSON.parse(report.stdout) as { plans: { path: string }[] }).plans.map((p) => p.path), [`plans/${PLAN_NAME}`]);
        const named = cplanUnprivileged(['lint', 'plans/locked'], dir);
        oneLine(named, 2, /cannot read folder plans\/locked: EACCES/);
      } finally {
        fs.chmodSync(path.join(dir, 'plans', 'locked'), 0o755);
      }
    });
  });

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

  describe('5. a path, folder or glob that matches no plan', () => {
    it('exits 2 with one line naming it, for lint and report', () => {
      const dir = tempTree({ [`plans/${PLAN_NAME}`]: PLAN, [`plans/${FRAMEWORK_NAME}`]: FRAMEWORK, 'notes/readme.md': '# Notes\n', 'drafts/a.md': PLAN, '.gitignore': 'drafts/\n', '.git/HEAD': 'ref: refs/heads/main\n' });
      fs.mkdirSync(path.join(dir, 'empty'));
      const cases: [string[], RegExp][] = [
        [['plns/**/*.md'], /no commissioning plans or frameworks match `plns\/\*\*\/\*\.md`: no file matches it/],
        [['empty'], /no commissioning plans or frameworks found in `empty`: it holds no Markdown files/],
        [['drafts'], /no commissioning plans or frameworks found in `drafts`: its 1 Markdown file is ignored by \.gitignore/],
        [['plans', 'notes/'], /no commissioning plans or frameworks found in `notes\/`: none of its 1 Markdown file has `kind: commissioning-plan` or `kind: commissioning-framework`/],
        [['notes/*.md'], /no commissioning plans or frameworks match `notes\/\*\.md`: none of its 1 Markdown file has/],
      ];
      for (const [targets, message] of cases) {
        for (const command of ['lint', 'report']) {
          const run = cplan([command, ...targets, '--format', 'json'], dir);
          oneLine(run, 2, message);
        }
      }
      const withPlans = cplan(['lint', 'plans', 'notes/', '--format', 'json'], dir);
      assert.deepEqual(json(withPlans).map((r) => path.basename(r.filePath)), [PLAN_NAME, FRAMEWORK_NAME], 'the plans found are still linted');
      oneLine(cplan(['lint'], path.join(dir, 'notes')), 2, /no commissioning plans or frameworks found in the current folder/);
      assert.equal(cplan(['lint', 'plans', `plans/${PLAN_NAME}`, 'plans/*.md'], dir).code, 0, 'each pattern matched a plan');
    });

    it('is documented in --help and the README', () => {
      // --help wraps to the terminal, so a line may break between any two words.
      for (const help of [['--help'], ['report', '--help']]) assert.match(cplan(help).stdout, /a\s+path,\s+folder\s+or\s+glob\s+with\s+no\s+plan\s+or\s+framework\s+in\s+it\s+is\s+an\s+error\s+\(exit\s+2\)/i, help.join(' '));
      assert.match(fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8'), /A path, folder or glob that matches no plan or framework is an error/);
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
