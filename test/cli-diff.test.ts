import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cplan, REPO_ROOT, tempTree } from './helpers/cli.js';
import { matchGoldens } from './helpers/golden.js';
import { CHANGE_KINDS, GATES } from '../server/src/core/diff/severity.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'diff');
const V11 = 'test/fixtures/diff/ncl-adt-2025-26-v1.1.md';
const V12 = 'test/fixtures/diff/ncl-adt-2025-26-v1.2.md';

interface JsonChange { kind: string; entity: string; id: string; severity: string; line: number; [key: string]: unknown }

function diffJson(args: string[], cwd = REPO_ROOT): { code: number; result: any } {
  const run = cplan(['diff', ...args, '--format', 'json'], cwd);
  assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
  return { code: run.code, result: JSON.parse(run.stdout) };
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' } });
}

const FRAMEWORK = `---\nkind: commissioning-framework\nid: shared\ntitle: Shared framework\n---\n\n\`\`\`yaml aims\n- id: AIM1\n  title: First aim\n- id: AIM2\n  title: Second aim\n\`\`\`\n`;

function plan(id: string, aims = '[AIM1]', due = 'Q2 2025/26'): string {
  return `---\nkind: commissioning-plan\nid: ${id}\ntitle: Plan ${id}\norganisation: Alliance\nperiod: 2025/26\nframework: ./framework.md\nas_of: 2025-06-30\n---\n\n# Plan ${id}\n\n\`\`\`yaml workstream\nid: WS1\ntitle: Work\naims: ${aims}\nlead: Lead\nmilestones:\n  - id: WS1-M1\n    title: Pathway live\n    due: ${due}\n    status: on-track\nmetrics:\n  - id: WS1-K1\n    title: Patients seen\n    unit: "%"\n    baseline: {value: 70, period: 2024/25}\n    target: {value: 80, due: 2025/26}\n    source: CWT\n\`\`\`\n`;
}

describe('cplan diff (issue 18)', function () {
  this.timeout(120_000);

  it('compares two versions of a plan: the golden JSON, Markdown, GitHub and stylish outputs', () => {
    const outputs = Object.fromEntries(['json', 'md', 'github', 'stylish'].map((format) => {
      const run = cplan(['diff', V11, V12, '--format', format]);
      assert.equal(run.code, 0, run.stderr);
      return [format, format === 'json' ? JSON.parse(run.stdout) : run.stdout.split('\n')];
    }));
    matchGoldens([{ file: path.join(REPO_ROOT, 'test', 'golden', 'diff-ncl-adt-2025-26.json'), actual: outputs }]);
  });

  it('reports every kind of change at least once across the pair and its reverse', () => {
    const forward = diffJson([V11, V12]).result;
    const back = diffJson([V12, V11]).result;
    assert.equal(forward.old, V11);
    assert.equal(forward.new, V12);
    const kinds = new Set([...forward.changes, ...back.changes].map((c: JsonChange) => c.kind));
    for (const kind of ['added', 'removed', 'renamed', 'due-moved', 'status-changed', 'target-changed', 'baseline-changed', 'links-changed', 'aim-unserved', 'aim-served', 'field-changed', 'text-changed', 'finding-new', 'finding-fixed']) {
      assert.ok(kinds.has(kind), `no ${kind} change`);
    }
    const slip = forward.changes.find((c: JsonChange) => c.kind === 'due-moved' && c.id === 'WS2-M4');
    assert.deepEqual({ from: slip.from, to: slip.to, quarters: slip.quarters, severity: slip.severity, workstream: slip.workstream }, { from: 'Q2 2025/26', to: 'Q4 2025/26', quarters: 2, severity: 'warning', workstream: 'WS2' });
    assert.equal(slip.days, 182);
    const forwardOne = forward.changes.find((c: JsonChange) => c.kind === 'due-moved' && c.id === 'WS3-M2');
    assert.equal(forwardOne.quarters, -1, 'brought forward');
    assert.equal(forwardOne.severity, 'info');
    const weakened = forward.changes.find((c: JsonChange) => c.kind === 'target-changed' && c.id === 'WS1-K1');
    assert.deepEqual([weakened.from, weakened.to, weakened.weakened, weakened.severity], [80, 78, true, 'warning']);
    const raised = forward.changes.find((c: JsonChange) => c.kind === 'target-changed' && c.id === 'WS1-K2');
    assert.deepEqual([raised.weakened, raised.severity], [false, 'info']);
    const renamed = forward.changes.find((c: JsonChange) => c.kind === 'renamed');
    assert.deepEqual([renamed.id, renamed.from], ['WS1-CCE', 'WS1-M6']);
    assert.ok(!forward.changes.some((c: JsonChange) => c.kind === 'removed' && c.id === 'WS1-M6'), 'a rename is not a removal');
    const removed = forward.changes.find((c: JsonChange) => c.kind === 'removed');
    assert.deepEqual([removed.id, removed.line, removed.severity], ['WS3-M3', 167, 'warning']);
    const text = fs.readFileSync(path.join(REPO_ROOT, V11), 'utf8').split('\n');
    assert.equal(text[removed.line - 1], '  - id: WS3-M3', 'a removal points at the old file');
    const unserved = forward.changes.find((c: JsonChange) => c.kind === 'aim-unserved');
    assert.equal(unserved.id, 'SA5');
    assert.equal(fs.readFileSync(path.join(REPO_ROOT, V12), 'utf8').split('\n')[unserved.line - 1], 'aims: [SA6]', 'at the aims of the workstream that served it');
    // Findings by rule and entity: the period typo of the new milestone, and the aim no workstream serves.
    assert.deepEqual(forward.changes.filter((c: JsonChange) => c.kind === 'finding-new').map((c: JsonChange) => [c.rule, c.id]).sort(), [['aim-without-workstream', 'ncl-adt-2025-26'], ['invalid-period', 'WS1-M7']]);
  });

  it('reordered blocks, reordered keys and moved sections are no change', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, V11), 'utf8');
    const sections = text.split(/(?=^## )/m);
    const moved = [sections[0], ...sections.slice(1).reverse()].join('').replace('    unit: "%"\n    baseline: {value: 77.1, period: Q4 2024/25}\n', '    baseline: {value: 77.1, period: Q4 2024/25}\n    unit: "%"\n');
    assert.notEqual(moved, text);
    const dir = tempTree({ 'old.md': text, 'new.md': moved });
    const run = cplan(['diff', 'old.md', 'new.md', '--format', 'json'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).changes, []);
    assert.match(cplan(['diff', 'old.md', 'new.md'], dir).stdout, /No change of substance/);
  });

  it('--fail-on gates on kinds, gates and severities; exit 2 on usage errors', () => {
    const exit = (...args: string[]) => cplan(['diff', V11, V12, ...args]).code;
    assert.equal(exit(), 0, 'no gate: 0 whatever changed');
    assert.equal(exit('--fail-on', 'slipped'), 1);
    assert.equal(exit('--fail-on', 'target-weakened,removed'), 1);
    assert.equal(exit('--fail-on', 'aim-served'), 0);
    assert.equal(exit('--fail-on', 'warning'), 1);
    assert.equal(exit('--fail-on', 'error'), 0);
    assert.equal(cplan(['diff', V11, V11, '--fail-on', 'info']).code, 0, 'nothing changed');
    const bad = cplan(['diff', V11, V12, '--fail-on', 'slip']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--fail-on: unknown `slip`/);
    assert.equal(cplan(['diff', V11]).code, 2);
    assert.match(cplan(['diff', V11, 'missing.md']).stderr, /cannot read missing\.md/);
    assert.match(cplan(['diff', V11, V12, '--format', 'html']).stderr, /unknown format `html`/);
    assert.equal(cplan(['diff', 'README.md', 'README.md']).code, 2, 'not plans');
  });

  it('.cplanrc.yaml diff: takes exactly the change kinds and gate names', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'cplanrc.schema.json'), 'utf8'));
    assert.deepEqual([...schema.properties.diff.propertyNames.enum].sort(), [...new Set([...CHANGE_KINDS, ...GATES])].sort());
  });

  it('.cplanrc.yaml diff: sets severities by gate or kind', () => {
    const dir = tempTree({ '.cplanrc.yaml': 'diff:\n  slipped: error\n  added: warning\n', 'framework.md': FRAMEWORK, 'old.md': plan('p1'), 'new.md': plan('p1', '[AIM1]', 'Q4 2025/26').replace('metrics:\n', '  - id: WS1-M2\n    title: Second\n    due: Q4 2025/26\n    status: on-track\nmetrics:\n') });
    const { code, result } = diffJson(['old.md', 'new.md', '--fail-on', 'error'], dir);
    assert.equal(code, 1);
    assert.deepEqual(result.changes.map((c: JsonChange) => [c.kind, c.id, c.severity]), [['added', 'WS1-M2', 'warning'], ['due-moved', 'WS1-M1', 'error']]);
    const broken = tempTree({ '.cplanrc.yaml': 'diff:\n  slipped: fatal\n', 'framework.md': FRAMEWORK, 'old.md': plan('p1'), 'new.md': plan('p1') });
    const run = cplan(['diff', 'old.md', 'new.md'], broken);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /diff/);
  });

  it('--base compares what changed since a git revision: edited, renamed, added and deleted files, and a plan whose framework changed', () => {
    const dir = tempTree({ 'framework.md': FRAMEWORK, 'edited.md': plan('edited'), 'moving.md': plan('moving'), 'doomed.md': plan('doomed'), 'steady.md': plan('steady', '[AIM2]'), 'README.md': '# Plans\n' });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'approved');
    fs.writeFileSync(path.join(dir, 'edited.md'), plan('edited', '[AIM1]', 'Q4 2025/26'));
    git(dir, 'mv', 'moving.md', 'moved.md');
    fs.rmSync(path.join(dir, 'doomed.md'));
    fs.writeFileSync(path.join(dir, 'fresh.md'), plan('fresh'));
    fs.writeFileSync(path.join(dir, 'README.md'), '# Plans, edited\n');
    // The framework drops AIM2, which steady.md (unchanged) uses.
    fs.writeFileSync(path.join(dir, 'framework.md'), FRAMEWORK.replace('- id: AIM2\n  title: Second aim\n', ''));
    const { code, result } = diffJson(['--base', 'HEAD', '--fail-on', 'slipped'], dir);
    assert.equal(code, 1);
    const byFile = new Map<string, { old: string | null; new: string | null; changes: JsonChange[] }>(result.map((d: { old: string | null; new: string | null }) => [d.new ?? d.old, d]));
    assert.deepEqual([...byFile.keys()].sort(), ['doomed.md', 'edited.md', 'framework.md', 'fresh.md', 'moved.md', 'steady.md']);
    // Its slip, and, judged with the new framework, the finding about AIM2 (adopted by default, served by nothing) gone.
    assert.deepEqual(byFile.get('edited.md')!.changes.map((c) => [c.kind, c.id, c.quarters ?? c.rule]), [['due-moved', 'WS1-M1', 2], ['finding-fixed', 'edited', 'aim-without-workstream']]);
    assert.deepEqual(byFile.get('moved.md')!.old, 'moving.md', 'the rename is followed');
    assert.deepEqual(byFile.get('moved.md')!.changes.map((c) => [c.kind, c.rule]), [['finding-fixed', 'aim-without-workstream']], 'its text did not change; only what the new framework means for it');
    assert.deepEqual(byFile.get('doomed.md')!.changes.map((c) => [c.kind, c.entity, c.severity]), [['removed', 'plan', 'warning']]);
    assert.deepEqual(byFile.get('fresh.md')!.changes.map((c) => [c.kind, c.entity]), [['added', 'plan']]);
    assert.deepEqual(byFile.get('framework.md')!.changes.map((c) => [c.kind, c.entity, c.id]), [['removed', 'aim', 'AIM2']]);
    const steady = byFile.get('steady.md')!.changes.map((c) => [c.kind, c.rule ?? '', c.id]);
    assert.ok(steady.some(([kind, rule]) => kind === 'finding-new' && rule === 'unknown-aim'), `steady.md: ${JSON.stringify(steady)}`);

    // --head: between two revisions, from a subfolder, limited to a path.
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'revised');
    const between = diffJson(['--base', 'HEAD~1', '--head', 'HEAD', 'edited.md'], dir).result;
    assert.deepEqual(between.map((d: { new: string }) => d.new), ['edited.md']);
    // The README's --base line, as written (its `npx cplan` being this clone's bin), in a repository with origin/main.
    git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD~1');
    const readme = /^npx cplan (diff --base origin\/main [^#\n]+?)\s+#/m.exec(fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8'));
    assert.ok(readme, 'README.md has the --base line');
    const asWritten = cplan(readme[1].split(' '), dir);
    assert.equal(asWritten.code, 1, 'edited.md slipped');
    assert.match(asWritten.stdout, /^## cplan diff\n\n1 milestone slipped/);
    assert.equal(cplan(['diff', '--base', 'no-such-rev'], dir).code, 2);
    assert.match(cplan(['diff', '--base', 'no-such-rev'], dir).stderr, /git/);
  });

  it('github output: one annotation per change at its line, escaped as @actions/core does', () => {
    const run = cplan(['diff', V11, V12, '--format', 'github']);
    const lines = run.stdout.trim().split('\n');
    assert.ok(lines.every((l) => /^::(warning|notice|error) file=test\/fixtures\/diff\/ncl-adt-2025-26-v1\.2\.md,line=\d+,title=cplan diff%3A [a-z-]+::/.test(l)), run.stdout);
    assert.ok(lines.some((l) => l.startsWith('::warning') && l.includes('WS2-M4 slipped 2 quarters, from Q2 2025/26 to Q4 2025/26')));
    assert.ok(!lines.some((l) => /[\r\n]/.test(l.split('::').pop()!)));
  });

  it('the README\'s first cplan diff line runs as written', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const line = /^npx cplan diff (test\/fixtures\S+ \S+)$/m.exec(readme);
    assert.ok(line, 'README.md has the cplan diff example');
    const run = cplan(['diff', ...line[1].split(' ')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /2 milestones slipped, 1 target weakened, 1 aim no longer served/);
  });

  it('md output: the summary line first, then a table per workstream with slips in words', () => {
    const run = cplan(['diff', V11, V12, '--format', 'md']);
    const lines = run.stdout.split('\n');
    assert.equal(lines[2], '2 milestones slipped, 1 target weakened, 1 aim no longer served, 1 entity removed, 2 new findings; 12 other changes.');
    assert.ok(lines.includes('#### Workstream `WS2`'));
    assert.ok(lines.some((l) => l.includes('`WS2-M4` slipped 2 quarters, from `Q2 2025/26` to `Q4 2025/26`')));
    assert.ok(fs.existsSync(FIXTURES));
  });
});
