import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, example } from './helpers/cli.js';

// The pre-commit hook and the GitHub Action of the repository, run as they are written: the hook's entry the way
// pre-commit calls it (and by Debian's pre-commit itself where it is installed), and the action's run steps as
// bash in a plans repository, offline. Steps that `uses:` another action (setup-node, upload-sarif) need GitHub.

const GOOD = 'ncl-adt-2025-26.md';
const BAD = 'ncl-adt-2025-26-with-problems.md';
const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;

/** A git repository of plans with cplan installed as a devDependency from this clone, as docs/ci.md recommends. */
function plansRepo(files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-ci-'));
  const all: Record<string, string> = { [GOOD]: example(GOOD), [BAD]: example(BAD), 'README.md': '# Our plans\n', 'notes.txt': 'not Markdown\n', '.gitignore': 'node_modules\n', 'package.json': '{ "private": true }\n', ...files };
  for (const [name, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  // --ignore-scripts: the clone is built by the test run already.
  const installed = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--offline', '--save-dev', REPO_ROOT], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(installed.status, 0, installed.stderr);
  git(root, ['init', '-q']);
  git(root, ['add', '.']);
  return root;
}

function git(cwd: string, args: string[]): string {
  const run = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

interface Hook { id: string; entry: string; language: string; files: string; pass_filenames?: boolean; require_serial?: boolean }
const hooks = parse(fs.readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

/** What pre-commit runs: the entry split as a shell would (it has no quotes), then the staged files its `files` selects. */
function runHook(hook: Hook, repo: string, staged: string[]): SpawnSyncReturns<string> {
  assert.doesNotMatch(hook.entry, /["'\\$`]/, 'an entry without quoting, so splitting on spaces is what shlex does');
  const [command, ...args] = hook.entry.split(/\s+/);
  const files = staged.filter((f) => new RegExp(hook.files).test(f));
  return spawnSync(command, [...args, ...(hook.pass_filenames === false ? [] : files)], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
}

describe('pre-commit hook (.pre-commit-hooks.yaml)', function () {
  this.timeout(180_000);
  let repo: string;
  before(() => {
    repo = plansRepo({ '.cplanrc.yaml': 'exclude: ["archive/**"]\n', 'archive/old.md': example(BAD) });
  });

  it('is one system hook on Markdown files, run once over all of them', () => {
    assert.equal(hooks.length, 1);
    const [hook] = hooks;
    assert.equal(hook.id, 'cplan-lint');
    assert.equal(hook.language, 'system');
    assert.equal(hook.require_serial, true);
    assert.ok(new RegExp(hook.files).test('plans/a.md') && !new RegExp(hook.files).test('notes.txt'));
  });

  it('its entry, on the staged files: fails on a plan with errors, skipping files that are not plans or are excluded', () => {
    const failed = runHook(hooks[0], repo, [BAD, GOOD, 'README.md', 'notes.txt', 'archive/old.md']);
    assert.equal(failed.status, 1, failed.stderr);
    assert.equal(failed.stderr, '');
    assert.ok(failed.stdout.startsWith(`\n${BAD}\n`), failed.stdout);
    assert.doesNotMatch(failed.stdout, /archive|README|ncl-adt-2025-26\.md\n/);
    const passed = runHook(hooks[0], repo, [GOOD, 'README.md', 'archive/old.md']);
    assert.deepEqual([passed.status, passed.stdout, passed.stderr], [0, '', '']);
    const none = runHook(hooks[0], repo, ['README.md']);
    assert.deepEqual([none.status, none.stdout, none.stderr], [0, '', ''], 'a commit of no plan passes quietly');
  });

  it("Debian's pre-commit runs it (try-repo on this clone), offline", function () {
    if (!hasPreCommit) this.skip(); // .ci/run installs Debian's pre-commit
    const env = { ...process.env, NO_COLOR: '1', PRE_COMMIT_HOME: path.join(repo, '.pre-commit-home'), PRE_COMMIT_COLOR: 'never' };
    const run = (files: string[]) => spawnSync('pre-commit', ['try-repo', REPO_ROOT, 'cplan-lint', '--color', 'never', '--files', ...files], { cwd: repo, encoding: 'utf8', env, timeout: 120_000 });
    const failed = run([BAD, GOOD, 'README.md', 'archive/old.md']);
    assert.equal(failed.status, 1, failed.stdout + failed.stderr);
    assert.match(failed.stdout, /cplan lint\.+Failed/);
    assert.match(failed.stdout, /unknown-priority/);
    const passed = run([GOOD, 'README.md']);
    assert.equal(passed.status, 0, passed.stdout + passed.stderr);
    assert.match(passed.stdout, /cplan lint\.+Passed/);
  });
});

interface Step { name: string; id?: string; if?: string; uses?: string; shell?: string; run?: string; env?: Record<string, string>; with?: Record<string, string>; 'working-directory'?: string }
interface Action { inputs: Record<string, { default: string }>; outputs: Record<string, { value: string }>; runs: { using: string; steps: Step[] } }
const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;

/** Runs the action's bash steps in `repo` as the runner would, with these inputs; returns each step's outcome. */
function runAction(repo: string, inputs: Record<string, string>, event = 'push', extraEnv: Record<string, string> = {}) {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-runner-'));
  const githubEnv = path.join(temp, 'env');
  fs.writeFileSync(githubEnv, '');
  const values = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, inputs[name] ?? input.default]));
  const outputs: Record<string, Record<string, string>> = {};
  const expression = (text: string) =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
      if (expr.startsWith('inputs.')) return values[expr.slice(7)];
      if (expr === 'github.action_path') return REPO_ROOT;
      if (expr === 'github.token') return 'token';
      if (expr === 'github.event.pull_request.number') return '7';
      const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
      if (output) return outputs[output[1]]?.[output[2]] ?? '';
      throw new Error(`the test does not know the expression ${expr}`);
    });
  const condition = (expr: string) => {
    // The two conditions the action uses; anything else fails the test, so that it is looked at.
    if (expr === "inputs.sarif == 'true'") return values.sarif === 'true';
    if (expr === "inputs.diff-base != '' && github.event_name == 'pull_request'") return values['diff-base'] !== '' && event === 'pull_request';
    throw new Error(`the test does not know the condition ${expr}`);
  };
  const steps: Record<string, { ran: boolean; status?: number | null; stdout?: string; stderr?: string }> = {};
  for (const [i, step] of action.runs.steps.entries()) {
    const key = step.id ?? `step${i}`;
    if (step.uses || (step.if && !condition(step.if))) {
      steps[key] = { ran: false };
      continue;
    }
    const outputFile = path.join(temp, `output-${i}`);
    fs.writeFileSync(outputFile, '');
    const fromGithubEnv = Object.fromEntries(fs.readFileSync(githubEnv, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expression(v)]));
    const cwd = path.resolve(repo, expression(step['working-directory'] ?? '.'));
    const run = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step.run!], {
      cwd, encoding: 'utf8', timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1', npm_config_offline: 'true', RUNNER_TEMP: temp, GITHUB_ENV: githubEnv, GITHUB_OUTPUT: outputFile, GITHUB_EVENT_NAME: event, ...fromGithubEnv, ...stepEnv, ...extraEnv },
    });
    outputs[key] = Object.fromEntries(fs.readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    steps[key] = { ran: true, status: run.status, stdout: run.stdout, stderr: run.stderr };
    if (run.status !== 0) break; // as the runner does: later steps without `if: always()` are skipped
  }
  return { steps, outputs };
}

describe('GitHub Action (action.yml)', function () {
  this.timeout(240_000);

  it('is a composite action whose scripts take every input through env, never pasted into the script', () => {
    assert.equal(action.runs.using, 'composite');
    for (const step of action.runs.steps) {
      if (step.run) {
        assert.doesNotMatch(step.run, /\$\{\{/, `${step.name}: an expression in the script`);
        assert.equal(step.shell, 'bash', step.name);
      }
      for (const value of Object.values({ ...step.env, ...step.with })) {
        for (const [, name] of String(value).matchAll(/inputs\.([\w-]+)/g)) assert.ok(name in action.inputs, `${step.name} uses an input that is not declared: ${name}`);
      }
    }
    const uses = action.runs.steps.map((s) => s.uses).filter(Boolean);
    assert.deepEqual(uses, ['actions/setup-node@v4', 'github/codeql-action/upload-sarif@v3']);
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    assert.equal(upload.with!.sarif_file, '${{ inputs.working-directory }}/${{ inputs.sarif-file }}');
    assert.equal(action.outputs['exit-code'].value, '${{ steps.lint.outputs.exit-code }}');
  });

  it('installs cplan from its own checkout, annotates, writes SARIF, and fails the job on errors', () => {
    const repo = plansRepo({ 'plans/a.md': example(BAD) });
    const { steps, outputs } = runAction(repo, { paths: 'plans', args: '--max-warnings 1000' });
    assert.equal(steps.install.status, 0, steps.install.stderr);
    assert.equal(steps.install.stdout!.trim().split('\n').at(-1), JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    assert.equal(steps.lint.status, 0, steps.lint.stderr);
    assert.match(steps.lint.stdout!, /^::error file=plans\/a\.md,line=\d+/m);
    assert.equal(outputs.lint['exit-code'], '1');
    assert.equal(steps.sarif.status, 0, `${steps.sarif.stdout}${steps.sarif.stderr}`);
    const sarif = JSON.parse(fs.readFileSync(path.join(repo, 'cplan.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0].results.length > 10);
    assert.deepEqual([steps.finish.ran, steps.finish.status], [true, 1], 'the last step fails the job with lint\'s exit code');
  });

  it('a clean run passes; sarif false writes none; a tarball from npm pack installs offline as input cplan', () => {
    const repo = plansRepo();
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', repo], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(pack.status, 0, pack.stderr);
    const tarball = (JSON.parse(pack.stdout) as { filename: string }[])[0].filename;
    const { steps } = runAction(repo, { paths: GOOD, sarif: 'false', cplan: `./${tarball}` });
    assert.equal(steps.install.status, 0, `${steps.install.stdout}${steps.install.stderr}`);
    assert.equal(steps.lint.stdout, '');
    assert.equal(steps.sarif.ran, false);
    assert.ok(!fs.existsSync(path.join(repo, 'cplan.sarif')));
    assert.deepEqual(steps.finish, { ran: true, status: 0, stdout: '', stderr: '' });
  });

  it('diff-base: on a pull request, refuses clearly when this cplan has no diff command, or posts its Markdown', () => {
    const repo = plansRepo();
    git(repo, ['commit', '-qm', 'plans']);
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-gh-'));
    // `gh` is GitHub's CLI on its runners; here a stand-in that keeps the comment it is asked to post.
    fs.writeFileSync(path.join(bin, 'gh'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${bin}/args"\ncat "$5" > "${bin}/body"\n`, { mode: 0o755 });
    const pushed = runAction(repo, { paths: GOOD, 'diff-base': 'HEAD' }, 'push', { PATH: `${bin}:${process.env.PATH}` });
    assert.equal(Object.values(pushed.steps).filter((s) => s.ran).length, 4, 'not on a push');
    const { steps } = runAction(repo, { paths: GOOD, 'diff-base': 'HEAD' }, 'pull_request', { PATH: `${bin}:${process.env.PATH}` });
    const diff = steps.diff;
    assert.equal(diff.ran, true);
    const hasDiff = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/cplan.js'), 'diff', '--help'], { encoding: 'utf8' }).stdout.startsWith('Usage: cplan diff');
    if (!hasDiff) {
      assert.equal(diff.status, 1);
      assert.match(diff.stdout!, /^::error::diff-base is set, but this cplan \(\S+\) has no diff command; install one that has it \(input cplan\) or leave diff-base empty$/m);
    } else {
      assert.deepEqual(fs.readFileSync(path.join(bin, 'args'), 'utf8').split('\n').slice(0, 3), ['pr', 'comment', '7']);
      assert.ok(fs.readFileSync(path.join(bin, 'body'), 'utf8').length > 0);
    }
  });
});
