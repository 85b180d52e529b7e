import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse } from 'yaml';
import { REPO_ROOT, example } from './helpers/cli.js';

// docs/ci.md's snippets, read from the page and run as written in a plans repository where cplan is installed
// as the page says (a devDependency; installed here from this clone, offline, in place of `npm ci`): every YAML
// block parses, every cplan command of the GitHub, GitLab, Jenkins and cache snippets runs and writes the file
// the next part of its snippet reads, the action and pre-commit snippets name real inputs and hooks, and Vim's
// `:cexpr` line fills the quickfix list.

const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'ci.md'), 'utf8');
const blocks = (lang: string) => [...doc.matchAll(new RegExp('```' + lang + '\\n([^]*?)```', 'g'))].map((m) => m[1]);
const hasVim = spawnSync('vim', ['--version'], { encoding: 'utf8' }).status === 0;
const BAD = 'ncl-adt-2025-26-with-problems.md';

type Yaml = unknown;
/** Every `run:` string and `script:` entry of a parsed YAML block, depth first. */
function commandsIn(node: Yaml, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => commandsIn(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'run' && typeof value === 'string') found.push(value);
      else if (key === 'script' && Array.isArray(value)) found.push(...value.filter((v): v is string => typeof v === 'string'));
      else commandsIn(value, found);
    }
  }
  return found;
}

/** The values of `key` anywhere in a parsed YAML block. */
function valuesOf(node: Yaml, key: string, found: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((n) => valuesOf(n, key, found));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) found.push(v);
      valuesOf(v, key, found);
    }
  }
  return found;
}

describe('docs/ci.md snippets, run as written', function () {
  this.timeout(180_000);
  const yamlBlocks = blocks('yaml');
  const parsed = yamlBlocks.map((text) => parse(text) as Yaml);
  let repo: string;
  const ran = new Map<string, { status: number | null; stdout: string; stderr: string }>();

  before(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-ci-docs-'));
    for (const name of [BAD, 'ncl-adt-2025-26.md']) fs.writeFileSync(path.join(repo, name), example(name));
    fs.writeFileSync(path.join(repo, 'README.md'), '# Plans\n');
    fs.writeFileSync(path.join(repo, 'package.json'), '{ "private": true }\n');
    const installed = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--offline', '--save-dev', REPO_ROOT], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
    assert.equal(installed.status, 0, installed.stderr);
    spawnSync('git', ['init', '-q'], { cwd: repo });
    fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n.cplancache\n');
    // The base branch the cplan diff snippets compare with: the plans as committed, then one of them revised.
    const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' };
    spawnSync('git', ['add', '.'], { cwd: repo });
    spawnSync('git', ['commit', '-q', '-m', 'base'], { cwd: repo, env: gitEnv });
    spawnSync('git', ['update-ref', 'refs/remotes/origin/main', 'HEAD'], { cwd: repo });
    fs.writeFileSync(path.join(repo, 'ncl-adt-2025-26.md'), example('ncl-adt-2025-26.md').replace('    due: Q3 2025/26\n', '    due: Q4 2025/26\n'));
  });

  const run = (command: string) => {
    if (!ran.has(command)) {
      // The branch names GitHub Actions and GitLab CI give a pull or merge request's pipeline.
      const env = { ...process.env, NO_COLOR: '1', npm_config_offline: 'true', GITHUB_BASE_REF: 'main', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main' };
      const result = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', command], { cwd: repo, encoding: 'utf8', env, timeout: 60_000 });
      ran.set(command, { status: result.status, stdout: result.stdout, stderr: result.stderr });
    }
    return ran.get(command)!;
  };
  const cplanCommands = () => [
    ...parsed.flatMap((p) => commandsIn(p)),
    ...blocks('groovy').flatMap((b) => [...b.matchAll(/sh '([^']+)'/g)].map((m) => m[1])),
    ...blocks('sh').flatMap((b) => b.split('\n')),
  ].map((c) => c.trim()).filter((c) => c.startsWith('npx --no cplan'));

  it('every YAML block parses', () => {
    assert.ok(yamlBlocks.length >= 8, `${yamlBlocks.length} YAML blocks`);
    for (const [i, text] of yamlBlocks.entries()) assert.ok(parsed[i] !== undefined, text);
  });

  it('every cplan command of the snippets runs: no usage error, and lint findings only where the plans have them', () => {
    const commands = cplanCommands();
    assert.ok(commands.length >= 8, commands.join('\n'));
    for (const command of commands) {
      const result = run(command);
      assert.ok(result.status === 0 || result.status === 1, `${command}: exit ${result.status}\n${result.stderr}`);
      assert.doesNotMatch(result.stderr, /^cplan: (?!warning)/m, command);
      if (result.status === 1) assert.doesNotMatch(command, /\|\| true$/);
    }
    assert.match(run('npx --no cplan lint --format github').stdout, /^::error file=ncl-adt-2025-26-with-problems\.md,/m);
    // The diff snippets see the revised plan: its slipped milestone in the comment, and the gate fails.
    const diffs = commands.filter((c) => c.startsWith('npx --no cplan diff'));
    assert.ok(diffs.length >= 4, diffs.join('\n'));
    assert.match(fs.readFileSync(path.join(repo, 'cplan-diff.md'), 'utf8'), /^1 milestone slipped/m);
    for (const gate of diffs.filter((c) => c.includes('--fail-on'))) assert.equal(run(gate).status, 1, gate);
  });

  it('junit (GitLab), checkstyle (Jenkins), Code Quality and SARIF: the file each command writes is the one its snippet reads', () => {
    const reads = (key: string) => parsed.flatMap((p) => valuesOf(p, key)).filter((v): v is string => typeof v === 'string');
    for (const command of cplanCommands()) run(command);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
    const junit = reads('junit');
    assert.deepEqual(junit, ['cplan-junit.xml']);
    const junitText = fs.readFileSync(path.join(repo, junit[0]), 'utf8');
    assert.equal(XMLValidator.validate(junitText), true);
    assert.ok(xml.parse(junitText).testsuites.testsuite.length >= 2);
    const pattern = /checkStyle\(pattern: '([^']+)'\)/.exec(blocks('groovy').join('\n'))?.[1];
    assert.equal(pattern, 'cplan-checkstyle.xml');
    const checkstyle = fs.readFileSync(path.join(repo, pattern!), 'utf8');
    assert.equal(XMLValidator.validate(checkstyle), true);
    assert.ok(xml.parse(checkstyle).checkstyle.file.some((f: { error?: unknown }) => f.error));
    const quality = reads('codequality');
    assert.deepEqual(quality, ['gl-code-quality-report.json']);
    assert.ok((JSON.parse(fs.readFileSync(path.join(repo, quality[0]), 'utf8')) as unknown[]).length > 10);
    const sarif = reads('sarif_file');
    assert.deepEqual(sarif, ['cplan.sarif']);
    assert.equal(JSON.parse(fs.readFileSync(path.join(repo, sarif[0]), 'utf8')).version, '2.1.0');
    assert.ok(fs.existsSync(path.join(repo, reads('path').find((p) => p === '.cplancache')!)), 'the cache snippet writes the path its cache step keeps');
  });

  it('the action and pre-commit snippets name inputs the action has and the hook the repository has', () => {
    const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
    const steps = parsed.flatMap((p) => valuesOf(p, 'steps')).flat() as { uses?: string; with?: Record<string, unknown> }[];
    const used = steps.filter((s) => s.uses?.startsWith('cplan-dev/cplan@'));
    assert.equal(used.length, 1);
    for (const input of Object.keys(used[0].with ?? {})) assert.ok(input in action.inputs, `docs/ci.md passes ${input}, which action.yml does not declare`);
    const hookIds = (parse(fs.readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string }[]).map((h) => h.id);
    const repos = parsed.flatMap((p) => valuesOf(p, 'repos')).flat() as { repo: string; hooks: { id: string }[] }[];
    assert.equal(repos.length, 1);
    assert.deepEqual(repos[0].hooks.map((h) => h.id).filter((id) => !hookIds.includes(id)), []);
    const cplanRepo = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).repository.url.replace(/\.git$/, '');
    assert.equal(repos[0].repo, cplanRepo);
  });

  it("Vim: the :cexpr line fills the quickfix list with every finding", function () {
    if (!hasVim) this.skip(); // .ci/run installs vim-nox
    const line = /`(:cexpr system\('[^']+'\))`/.exec(doc)?.[1];
    assert.ok(line, 'docs/ci.md has a :cexpr line');
    const out = path.join(repo, 'qf.json');
    const commands = [line.slice(1), `call writefile([json_encode(map(filter(getqflist(), 'v:val.valid'), {_, e -> {'file': fnamemodify(bufname(e.bufnr), ':t'), 'lnum': e.lnum, 'col': e.col}}))], '${out}')`, 'qall!'];
    const vim = spawnSync('vim', ['-es', '-N', '-u', 'NONE', '-i', 'NONE', ...commands.flatMap((c) => ['-c', c])], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    assert.equal(vim.status, 0, vim.stderr);
    const quickfix = JSON.parse(fs.readFileSync(out, 'utf8')) as { file: string; lnum: number; col: number }[];
    const findings = (JSON.parse(run('npx --no cplan lint --format json || true').stdout) as { messages: unknown[] }[]).reduce((n, r) => n + r.messages.length, 0);
    assert.equal(quickfix.length, findings);
    assert.ok(quickfix.every((e) => e.file === BAD && e.lnum > 0 && e.col > 0));
  });
});
