import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FORMATTERS } from '../server/src/cli/formatters/index.js';
import type { JsonResult } from '../server/src/cli/formatters/json.js';
import { REPO_ROOT, cplan } from './helpers/cli.js';

// compact, unix, junit and checkstyle, read by the programs that consume them (Vim's quickfix, Emacs's
// compilation mode) and compared with ESLint's own formatters fed the same `--format json` results.

const require = createRequire(import.meta.url);
const eslintJunit = require('eslint-formatter-junit') as (results: JsonResult[]) => string;
const eslintCheckstyle = require('eslint-formatter-checkstyle') as (results: JsonResult[]) => string;

const PLANS = ['examples/ncl-adt-2025-26-with-problems.md', 'examples/ncl-screening-2024-25-with-problems.md', 'examples/ncl-adt-2025-26.md'];
const hasVim = spawnSync('vim', ['--version'], { encoding: 'utf8' }).status === 0;
const hasEmacs = spawnSync('emacs', ['--version'], { encoding: 'utf8' }).status === 0;

function lint(format: string): string {
  const run = cplan(['lint', ...PLANS, '--format', format]);
  assert.equal(run.code, 1, run.stderr);
  return run.stdout;
}
const results = () => JSON.parse(lint('json')) as JsonResult[];
/** Every finding as `file:line:col rule`, in order. */
const findings = (rs: JsonResult[]) => rs.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line}:${m.column} ${m.ruleId}`));

function tempFile(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-formats-')), name);
  fs.writeFileSync(file, text);
  return file;
}

/** Vim's quickfix list after `:cgetfile` of the output, with `setup` commands run first. */
function vimQuickfix(output: string, setup: string[]): { file: string; lnum: number; col: number; text: string }[] {
  const input = tempFile('out.txt', output);
  const json = path.join(path.dirname(input), 'qf.json');
  const commands = [...setup, `cgetfile ${input}`, `call writefile([json_encode(map(filter(getqflist(), 'v:val.valid'), {_, e -> {'file': fnamemodify(bufname(e.bufnr), ':p'), 'lnum': e.lnum, 'col': e.col, 'text': e.text}}))], '${json}')`, 'qall!'];
  const run = spawnSync('vim', ['-es', '-N', '-u', 'NONE', '-i', 'NONE', ...commands.flatMap((c) => ['-c', c])], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(fs.readFileSync(json, 'utf8'));
}

describe('line formats, read by their consumers', function () {
  this.timeout(60_000);

  it('unix: Vim\'s default errorformat puts every finding in the quickfix list at its file, line and column', function () {
    if (!hasVim) this.skip(); // .ci/run installs vim-nox
    const expected = results();
    const quickfix = vimQuickfix(lint('unix'), []);
    assert.deepEqual(quickfix.map((e) => `${e.file}:${e.lnum}:${e.col} ${/\/([a-z-]+)\]$/.exec(e.text)?.[1]}`), findings(expected));
    assert.ok(quickfix.every((e, i) => e.text.trim().startsWith(expected.flatMap((r) => r.messages)[i].message.slice(0, 40))));
  });

  it('compact: Vim\'s `:compiler eslint` reads it the same way', function () {
    if (!hasVim) this.skip();
    const quickfix = vimQuickfix(lint('compact'), ['compiler eslint']);
    assert.deepEqual(quickfix.map((e) => `${e.file}:${e.lnum}:${e.col} ${/\(([a-z-]+)\)$/.exec(e.text)?.[1]}`), findings(results()));
  });

  it('unix: Emacs\'s compilation mode (the gnu regexp of M-x compile) finds each file, line and column', function () {
    if (!hasEmacs) this.skip();
    const input = tempFile('out.txt', lint('unix'));
    // The gnu entry names its own groups: (gnu REGEXP FILE LINE COLUMN ...), LINE and COLUMN maybe (START . END).
    const script = `(progn (require 'compile)
      (let* ((entry (assq 'gnu compilation-error-regexp-alist-alist)) (re (nth 1 entry))
             (group (lambda (g) (if (consp g) (car g) g))) (out nil))
        (with-temp-buffer (insert-file-contents "${input}") (goto-char (point-min))
          (while (re-search-forward re nil t)
            (push (format "%s:%s:%s" (match-string (nth 2 entry)) (match-string (funcall group (nth 3 entry))) (match-string (funcall group (nth 4 entry)))) out)))
        (princ (mapconcat 'identity (nreverse out) "\\n"))))`;
    const run = spawnSync('emacs', ['--batch', '--eval', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.stdout.trim().split('\n'), findings(results()).map((f) => f.split(' ')[0]));
  });

  it('no finding spreads over two lines, even a message with a line break', () => {
    const report = { filePath: '/plans/a.md', errorCount: 1, warningCount: 0, infoCount: 0, messages: [{ ruleId: 'yaml-syntax', severity: 'error' as const, message: 'first line\n  second line', line: 3, column: 4, endLine: 3, endColumn: 5 }] };
    const context = { cwd: '/plans', repoRoot: '/plans', rules: [], color: false, toolVersion: '0' };
    assert.equal(FORMATTERS.unix([report], context), '/plans/a.md:3:4: first line second line [Error/yaml-syntax]\n\n1 problem');
    assert.equal(FORMATTERS.compact([report], context), '/plans/a.md: line 3, col 4, Error - first line second line (yaml-syntax)\n\n1 problem');
  });
});

describe('XML formats against ESLint\'s own formatters', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'file', 'error'].includes(name) });

  it('junit: well-formed, one failing case per error or warning as ESLint counts them, infos as passing cases', () => {
    const ours = lint('junit');
    assert.equal(XMLValidator.validate(ours), true);
    const expected = results();
    const theirs = parser.parse(eslintJunit(expected));
    const mine = parser.parse(ours);
    const infos = (file: string) => JSON.parse(lint('json')).find((r: JsonResult) => r.filePath === file).infoCount as number;
    assert.equal(mine.testsuites.testsuite.length, theirs.testsuites.testsuite.length);
    for (const [i, suite] of mine.testsuites.testsuite.entries()) {
      const theirSuite = theirs.testsuites.testsuite[i];
      const file = expected[i].filePath;
      assert.equal(path.resolve(REPO_ROOT, suite.name), theirSuite.name);
      assert.equal(Number(suite.tests), Number(theirSuite.tests));
      assert.equal(Number(suite.failures), Number(theirSuite.errors) - (expected[i].messages.length ? infos(file) : 0));
      const failing = suite.testcase.filter((c: { failure?: unknown }) => c.failure);
      assert.deepEqual(failing.map((c: { failure: { type: string } }) => c.failure.type), expected[i].messages.filter((m) => !isInfo(file, m)).map((m) => m.ruleId));
      assert.deepEqual(suite.testcase.filter((c: { failure?: { message: string } }) => c.failure).map((c: { failure: { message: string } }) => c.failure.message),
        theirSuite.testcase.filter((c: { failure?: { message: string } }) => c.failure).map((c: { failure: { message: string } }) => c.failure.message).filter((_: string, j: number) => !isInfo(file, expected[i].messages[j])));
    }
  });

  it('checkstyle: well-formed, the same files, lines, columns and messages as ESLint\'s, with info kept as info', () => {
    const ours = lint('checkstyle');
    assert.equal(XMLValidator.validate(ours), true);
    const expected = results();
    const theirs = parser.parse(eslintCheckstyle(expected)).checkstyle.file;
    const mine = parser.parse(ours).checkstyle.file;
    assert.deepEqual(mine.map((f: { name: string }) => f.name), theirs.map((f: { name: string }) => f.name));
    for (const [i, file] of mine.entries()) {
      const theirErrors = theirs[i].error ?? [];
      const myErrors = file.error ?? [];
      assert.deepEqual(myErrors.map((e: Record<string, string>) => [e.line, e.column, `${e.message} (${e.source.replace('cplan.rules.', '')})`]), theirErrors.map((e: Record<string, string>) => [e.line, e.column, e.message]));
      for (const [j, e] of myErrors.entries()) {
        const theirSeverity = theirErrors[j].severity;
        assert.ok(e.severity === theirSeverity || (e.severity === 'info' && theirSeverity === 'warning'), `${e.severity} vs ${theirSeverity}`);
      }
    }
    assert.ok(mine.some((f: { error?: { severity: string }[] }) => f.error?.some((e) => e.severity === 'info')), 'the examples have an info finding');
  });
});

const infoCache = new Map<string, Set<string>>();
/** Whether a JSON message (severity 1 covers both) was an info, from the SARIF levels of the same run. */
function isInfo(file: string, message: { line: number; column: number; ruleId: string }): boolean {
  if (!infoCache.size) {
    const sarif = JSON.parse(cplan(['lint', ...PLANS, '--format', 'sarif']).stdout);
    for (const result of sarif.runs[0].results) {
      if (result.level !== 'note') continue;
      const location = result.locations[0].physicalLocation;
      const key = path.resolve(REPO_ROOT, location.artifactLocation.uri);
      if (!infoCache.has(key)) infoCache.set(key, new Set());
      infoCache.get(key)!.add(`${location.region.startLine}:${location.region.startColumn} ${result.ruleId}`);
    }
  }
  return infoCache.get(file)?.has(`${message.line}:${message.column} ${message.ruleId}`) ?? false;
}
