import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './helpers/cli.js';
import { exampleWorkspace } from './helpers/lsp.js';
import { RULES_BY_ID } from '../server/src/core/rules/index.js';

// The README's Neovim and Emacs set-up, run exactly as written (the blocks are read from README.md), in a plans
// folder where cplan is installed as the README says (`npm install /path/to/cplan`), so the server starts
// through the README's own `npx` command line.

const PLAN = 'ncl-adt-2025-26-with-problems.md';
const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const available = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8' }).status === 0;
const hasNeovim = available('nvim', ['--version']);
const hasVimAle = available('vim', ['-es', '-N', '-u', 'NONE', '-c', 'packadd ale', '-c', 'if !exists("g:loaded_ale") | cquit | endif', '-c', 'qall!']);
const hasEmacs = available('emacs', ['--batch', '--eval', "(progn (require 'eglot) (require 'markdown-mode))"]);

/** The fenced blocks of `lang` in the README section under `heading`, in order. */
function readmeBlocks(heading: string, lang: string): string[] {
  const start = readme.indexOf(`\n${heading}`);
  assert.ok(start >= 0, `README has no section ${heading}`);
  const rest = readme.slice(start + heading.length + 1);
  const section = rest.slice(0, rest.search(/\n#{2,3} /) >>> 0 || rest.length);
  return [...section.matchAll(new RegExp('```' + lang + '\\n([^]*?)```', 'g'))].map((m) => m[1]);
}

interface Golden { ruleId: string; line: number; column: number }
const golden = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/golden/ncl-adt-2025-26-with-problems.json'), 'utf8')) as Golden[];

let plans: string;
function plansFolder(): string {
  if (plans) return plans;
  plans = exampleWorkspace();
  fs.writeFileSync(path.join(plans, 'package.json'), '{ "private": true }\n');
  // --ignore-scripts: the clone is already built by the test run; its prepare script would build it again.
  const installed = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--offline', REPO_ROOT], { cwd: plans, encoding: 'utf8', timeout: 120_000 });
  assert.equal(installed.status, 0, `npm install ${REPO_ROOT}: ${installed.stderr}`);
  assert.ok(fs.existsSync(path.join(plans, 'node_modules', '.bin', 'cplan-language-server')));
  return plans;
}

function run(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): string {
  const env = { ...process.env, ...extraEnv, XDG_STATE_HOME: cwd, XDG_DATA_HOME: cwd, XDG_CACHE_HOME: cwd, HOME: cwd, CPLAN_EXPECTED: String(golden.length) };
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env, timeout: 60_000 });
  assert.equal(result.status, 0, `${command} failed (${result.status ?? result.signal}):\n${result.stderr}\n${result.stdout}`);
  if (extraEnv.CPLAN_OUT) return fs.readFileSync(extraEnv.CPLAN_OUT, 'utf8');
  const json = result.stdout.split('\n').find((line) => line.startsWith('['));
  assert.ok(json, `no JSON in:\n${result.stdout}\n${result.stderr}`);
  return json;
}

describe("README's editor set-up, run as written", function () {
  this.timeout(180_000);

  it('Neovim: the init.lua block starts the server through npx and its settings reach it (Neovim 0.7 included)', function () {
    if (!hasNeovim) this.skip(); // .ci/run installs Debian's neovim, so CI always runs this
    const [block] = readmeBlocks('### Neovim', 'lua');
    assert.ok(block?.includes('cplan-language-server'), 'the Neovim section has a lua block that starts the server');
    const dir = plansFolder();
    const init = path.join(dir, 'init.lua');
    fs.writeFileSync(init, block + '\n' + fs.readFileSync(path.join(REPO_ROOT, 'test/editors/readme-harness.lua'), 'utf8'));
    const diagnostics = JSON.parse(run('nvim', ['--headless', '--clean', '-u', init, PLAN], dir)) as { line: number; col: number; severity: number; code: string }[];
    // Neovim keeps no order among findings at one place: compare them sorted.
    const at = (code: string, line: number, column: number) => `${line}:${column} ${code}`;
    assert.deepEqual(diagnostics.map((d) => at(d.code, d.line + 1, d.col + 1)).sort(), golden.map((g) => at(g.ruleId, g.line, g.column)).sort());
    // The block's setting, rules: {placeholder-value: info}: Neovim's severity 3 is INFO (the rule's default is a warning).
    const placeholders = diagnostics.filter((d) => d.code === 'placeholder-value');
    assert.ok(placeholders.length > 0);
    assert.ok(placeholders.every((d) => d.severity === 3), `placeholder-value severities: ${placeholders.map((d) => d.severity)}`);
    assert.ok(diagnostics.some((d) => d.code !== 'placeholder-value' && d.severity !== 3), 'other rules keep their severities');
  });

  it('Emacs: the init.el block runs the server under eglot and the .dir-locals.el block configures it', function () {
    if (!hasEmacs) this.skip(); // .ci/run installs emacs-nox, elpa-eglot and elpa-markdown-mode
    const [init, dirLocals] = readmeBlocks('### Emacs', 'elisp');
    assert.ok(init?.includes('cplan-language-server') && dirLocals?.includes('eglot-workspace-configuration'), 'the Emacs section has the init.el and .dir-locals.el blocks');
    const dir = plansFolder();
    fs.writeFileSync(path.join(dir, 'init.el'), init);
    fs.writeFileSync(path.join(dir, '.dir-locals.el'), dirLocals);
    try {
      const harness = path.join(REPO_ROOT, 'test/editors/readme-harness.el');
      const diagnostics = JSON.parse(run('emacs', ['--batch', '-l', path.join(dir, 'init.el'), '-l', harness, PLAN], dir)) as [number, string, string][];
      const codeOf = (text: string) => /^cplan \[([a-z-]+)\]/.exec(text)?.[1];
      const key = (code: string | undefined, line: number) => `${code}@${line}`;
      assert.deepEqual(diagnostics.map(([line, , text]) => key(codeOf(text), line)).sort(), golden.map((g) => key(g.ruleId, g.line)).sort());
      const types = new Map(diagnostics.map(([line, type, text]) => [key(codeOf(text), line), type]));
      for (const g of golden) {
        const severity = g.ruleId === 'placeholder-value' ? 'info' : RULES_BY_ID.get(g.ruleId)!.defaultSeverity as 'error' | 'warning' | 'info';
        const expected = { error: 'eglot-error', warning: 'eglot-warning', info: 'eglot-note' }[severity];
        assert.equal(types.get(key(g.ruleId, g.line)), expected, `${g.ruleId} at line ${g.line}`);
      }
    } finally {
      fs.rmSync(path.join(dir, '.dir-locals.el'));
    }
  });

  it('Vim: the .vimrc block runs the server under ALE and its lsp_config reaches it', function () {
    if (!hasVimAle) this.skip(); // .ci/run installs vim-nox and vim-ale
    const [vimrc] = readmeBlocks('### Vim (ALE)', 'vim');
    assert.ok(vimrc?.includes('cplan-language-server'), 'the Vim section has a vim block that starts the server');
    const dir = plansFolder();
    fs.writeFileSync(path.join(dir, '.vimrc'), vimrc);
    const out = path.join(dir, 'vim-diagnostics.json');
    const harness = path.join(REPO_ROOT, 'test/editors/readme-harness.vim');
    // Vim wants a terminal: script(1) gives it one; the harness writes what ALE shows to $CPLAN_OUT.
    const vim = `vim -N -u .vimrc -i NONE -c 'source ${harness}' ${PLAN}`;
    const diagnostics = JSON.parse(run('script', ['-qec', vim, '/dev/null'], dir, { CPLAN_OUT: out, TERM: 'xterm' })) as { line: number; col: number; type: string; code: string }[];
    // The block's setting, rules: {placeholder-value: off}: every finding of the CLI but that one, at the same place.
    const expected = golden.filter((g) => g.ruleId !== 'placeholder-value');
    assert.ok(expected.length < golden.length);
    const at = (code: string, line: number, column: number) => `${code}@${line}:${column}`;
    assert.deepEqual(diagnostics.map((d) => at(d.code, d.line, d.col)).sort(), expected.map((g) => at(g.ruleId, g.line, g.column)).sort());
    for (const d of diagnostics) assert.equal(d.type, RULES_BY_ID.get(d.code)!.defaultSeverity === 'error' ? 'E' : 'W', d.code);
  });
});
