import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CPLAN, cplan, tempTree } from './helpers/cli.js';

// `cplan lint --cache`, run as a process. Whether a result came from the cache is seen from outside by marking
// the cached results: every entry of the cache file gets one extra message, so a file whose output still has it
// was served from the cache and one without it was linted again.

const MARK = 'cache-marker';

function framework(id: string, aims: string[]): string {
  return `---\nkind: commissioning-framework\nid: ${id}\ntitle: Framework ${id}\nperiod: 2024/25-2025/26\n---\n\n\`\`\`yaml aims\n${aims.map((a) => `- id: ${a}\n  title: Aim ${a}\n`).join('')}\`\`\`\n`;
}

/** A plan whose one milestone is due in Q1 2025/26; `asOf` null: no review date set, so today's applies. */
function plan(id: string, frameworkRef: string, aim: string, asOf: string | null = '2025-06-30'): string {
  return `---\nkind: commissioning-plan\nid: ${id}\ntitle: Plan ${id}\norganisation: Test Alliance\nperiod: 2024/25-2025/26\nframework: ${frameworkRef}\naims: [${aim}]\n${asOf ? `as_of: ${asOf}\n` : ''}---\n\n\`\`\`yaml workstream\nid: WS1\ntitle: Work\naims: [${aim}]\nmilestones:\n  - id: WS1-M1\n    title: Pathway live\n    due: Q1 2025/26\n    status: on-track\n\`\`\`\n`;
}

/** Adds the marker message to every cached result. */
function markCache(file: string): void {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const entry of Object.values(data.entries) as { outcome: { kind: string; report?: { messages: unknown[]; infoCount: number } } }[]) {
    if (entry.outcome.kind !== 'linted') continue;
    entry.outcome.report!.messages.push({ ruleId: MARK, severity: 'info', message: 'served from the cache', line: 1, column: 1, endLine: 1, endColumn: 2 });
    entry.outcome.report!.infoCount++;
  }
  fs.writeFileSync(file, JSON.stringify(data));
}

interface Result { filePath: string; messages: { ruleId: string; message: string }[]; warningCount: number; infoCount: number }

function lintJson(root: string, args: string[] = [], env: Record<string, string> = {}) {
  const run = cplan(['lint', '--format', 'json', ...args], root, env);
  assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
  return { run, results: JSON.parse(run.stdout) as Result[] };
}

const cachedFiles = (results: Result[]) => results.filter((r) => r.messages.some((m) => m.ruleId === MARK)).map((r) => path.basename(r.filePath)).sort();
/** The results as linting gives them: the marker taken out, with the count it added. */
const without = (results: Result[]) =>
  results.map((r) => {
    const marked = r.messages.some((m) => m.ruleId === MARK) ? 1 : 0;
    return { ...r, messages: r.messages.filter((m) => m.ruleId !== MARK), warningCount: r.warningCount - marked, infoCount: r.infoCount - marked };
  });

/** Runs the CLI with the clock at noon UTC of `day`: Date.now, which the one clock (todayDay) reads, is moved. */
const onDay = (day: string) => ({ NODE_OPTIONS: `--import=data:text/javascript,Date.now=()=>${Date.parse(`${day}T12:00:00Z`)}` });

describe('cplan lint --cache', function () {
  this.timeout(60_000);

  it('a second run gives the same output and exit code, from .cplancache in the current folder', () => {
    const root = tempTree({ 'a.md': plan('a', 'builtin:ncl-cancer-2023-28', 'SA1'), 'b.md': plan('b', 'builtin:ncl-cancer-2023-28', 'SA9'), 'notes.md': '# Notes\n' });
    for (const format of ['stylish', 'json', 'sarif']) {
      fs.rmSync(path.join(root, '.cplancache'), { force: true });
      const uncached = cplan(['lint', '--format', format], root);
      const first = cplan(['lint', '--cache', '--format', format], root);
      assert.ok(fs.existsSync(path.join(root, '.cplancache')), 'the cache is written to .cplancache');
      const second = cplan(['lint', '--cache', '--format', format], root);
      assert.equal(uncached.code, 1, uncached.stderr);
      for (const run of [first, second]) assert.deepEqual(run, uncached, format);
    }
    markCache(path.join(root, '.cplancache'));
    assert.deepEqual(cachedFiles(lintJson(root, ['--cache']).results), ['a.md', 'b.md'], 'both plans come from the cache');
    assert.deepEqual(cachedFiles(lintJson(root).results), [], 'without --cache the cache is not read');
  });

  it('editing a framework re-lints exactly the plans that use it', () => {
    const root = tempTree({
      'fw-a.md': framework('fw-a', ['A1', 'A2']),
      'fw-b.md': framework('fw-b', ['B1']),
      'a1.md': plan('a1', './fw-a.md', 'A1'),
      'a2.md': plan('a2', './fw-a.md', 'A2'),
      'b.md': plan('b', './fw-b.md', 'B1'),
      'builtin.md': plan('builtin', 'builtin:ncl-cancer-2023-28', 'SA1'),
    });
    const first = lintJson(root, ['--cache']);
    markCache(path.join(root, '.cplancache'));
    fs.writeFileSync(path.join(root, 'fw-a.md'), framework('fw-a', ['A1'])); // A2 is gone
    const second = lintJson(root, ['--cache']);
    assert.deepEqual(cachedFiles(second.results), ['b.md', 'builtin.md', 'fw-b.md'], 'the plans of fw-b and the built-in framework are not linted again');
    const a2 = second.results.find((r) => r.filePath.endsWith('a2.md'))!;
    assert.ok(a2.messages.some((m) => m.ruleId === 'unknown-aim' && m.message.includes('A2')), `a2.md reports the aim fw-a no longer has: ${JSON.stringify(a2.messages)}`);
    assert.deepEqual(without(second.results).filter((r) => !/a2\.md|fw-a\.md/.test(r.filePath)), first.results.filter((r) => !/a2\.md|fw-a\.md/.test(r.filePath)));
    // And against a run without the cache: what the cache served is what linting gives.
    assert.deepEqual(without(lintJson(root, ['--cache']).results), lintJson(root).results);
  });

  it('a run large enough for worker threads (over 200 files) caches what the workers linted, with their frameworks', () => {
    const files: Record<string, string> = { 'fw-a.md': framework('fw-a', ['A1']), 'fw-b.md': framework('fw-b', ['B1']) };
    for (let i = 0; i < 220; i++) files[`p${String(i).padStart(3, '0')}.md`] = i % 2 ? plan(`p${i}`, './fw-a.md', 'A1') : plan(`p${i}`, './fw-b.md', 'B1', null);
    const root = tempTree(files);
    const first = lintJson(root, ['--cache']);
    assert.equal(first.results.length, 222);
    markCache(path.join(root, '.cplancache'));
    fs.appendFileSync(path.join(root, 'fw-a.md'), '\nA note.\n');
    const second = lintJson(root, ['--cache']);
    const cached = cachedFiles(second.results);
    assert.equal(cached.length, 111, 'the 110 plans of fw-b and fw-b itself');
    assert.ok(cached.every((f) => f === 'fw-b.md' || Number(f.slice(1, 4)) % 2 === 0), cached.join(' '));
    assert.deepEqual(without(second.results), first.results);
  });

  it('a framework named by id: changing a framework of its search re-lints it; adding one where it was missing too', () => {
    const root = tempTree({
      '.cplanrc.yaml': 'frameworks: [frameworks]\n',
      'frameworks/fw.md': framework('fw', ['F1']),
      'by-id.md': plan('by-id', 'fw', 'F1'),
      'missing.md': plan('missing', 'other', 'O1'),
      'builtin.md': plan('builtin', 'builtin:ncl-cancer-2023-28', 'SA1'),
    });
    lintJson(root, ['--cache', '.']);
    markCache(path.join(root, '.cplancache'));
    fs.writeFileSync(path.join(root, 'frameworks/fw.md'), framework('fw', ['F2']));
    const second = lintJson(root, ['--cache', '.']);
    assert.deepEqual(cachedFiles(second.results), ['builtin.md']);
    markCache(path.join(root, '.cplancache'));
    fs.writeFileSync(path.join(root, 'frameworks/other.md'), framework('other', ['O1']));
    const third = lintJson(root, ['--cache', '.']);
    assert.deepEqual(cachedFiles(third.results), ['builtin.md', 'fw.md']);
    const rules = (results: Result[]) => results.find((r) => r.filePath.endsWith('missing.md'))!.messages.map((m) => m.ruleId);
    assert.ok(rules(second.results).includes('unresolved-framework'));
    assert.ok(!rules(third.results).includes('unresolved-framework'), 'the framework it names is found now');
  });

  it('changing the config, --rule or --as-of re-lints every file', () => {
    const root = tempTree({ '.cplanrc.yaml': 'rules: {}\n', 'a.md': plan('a', 'builtin:ncl-cancer-2023-28', 'SA9'), 'b.md': plan('b', 'builtin:ncl-cancer-2023-28', 'SA1') });
    const cache = path.join(root, '.cplancache');
    lintJson(root, ['--cache']);
    markCache(cache);
    assert.deepEqual(cachedFiles(lintJson(root, ['--cache']).results), ['a.md', 'b.md']);
    fs.writeFileSync(path.join(root, '.cplanrc.yaml'), 'rules:\n  unknown-aim: warning\n');
    const changed = lintJson(root, ['--cache']);
    assert.deepEqual(cachedFiles(changed.results), []);
    assert.deepEqual(changed.results, lintJson(root).results);
    for (const args of [['--rule', 'unknown-aim=off'], ['--as-of', '2026-01-01'], ['--no-inline-config'], ['--quiet']]) {
      lintJson(root, ['--cache']);
      markCache(cache);
      assert.deepEqual(cachedFiles(lintJson(root, ['--cache', ...args]).results), [], args.join(' '));
    }
  });

  it('the next day re-lints the plans judged on today, and only those', () => {
    const root = tempTree({
      'today.md': plan('today', 'builtin:ncl-cancer-2023-28', 'SA1', null),
      'dated.md': plan('dated', 'builtin:ncl-cancer-2023-28', 'SA1', '2025-06-30'),
    });
    const cache = path.join(root, '.cplancache');
    const before = lintJson(root, ['--cache'], onDay('2025-06-30'));
    const overdue = (results: Result[], file: string) => results.find((r) => r.filePath.endsWith(file))!.messages.some((m) => m.ruleId === 'overdue-milestone');
    assert.ok(!overdue(before.results, 'today.md'), 'due Q1 2025/26: not overdue on its last day');
    markCache(cache);
    assert.deepEqual(cachedFiles(lintJson(root, ['--cache'], onDay('2025-06-30')).results), ['dated.md', 'today.md'], 'the same day: both cached');
    const next = lintJson(root, ['--cache'], onDay('2025-07-01'));
    assert.deepEqual(cachedFiles(next.results), ['dated.md']);
    assert.ok(overdue(next.results, 'today.md'), 'judged on the new day');
    assert.ok(!overdue(next.results, 'dated.md'), 'judged on its as_of');
  });

  it('a corrupt, empty or foreign cache file is ignored and rewritten; an unwritable one is a warning', () => {
    const root = tempTree({ 'a.md': plan('a', 'builtin:ncl-cancer-2023-28', 'SA9') });
    const cache = path.join(root, '.cplancache');
    const expected = cplan(['lint'], root);
    for (const junk of ['{"format":1,"entries":', '', '\u0000\u0001', '[]', 'null', '{"format":1,"entries":{"' + path.join(root, 'a.md') + '":{"key":1}}}', '{"format":99,"entries":{}}']) {
      fs.writeFileSync(cache, junk);
      const run = cplan(['lint', '--cache'], root);
      assert.deepEqual(run, expected, JSON.stringify(junk));
      assert.equal(JSON.parse(fs.readFileSync(cache, 'utf8')).format, 1, 'rewritten');
    }
    fs.rmSync(cache);
    fs.mkdirSync(path.join(root, 'cache-dir'));
    assert.deepEqual(cplan(['lint', '--cache', '--cache-location', 'cache-dir'], root), expected);
    assert.ok(fs.existsSync(path.join(root, 'cache-dir', '.cplancache')), 'a folder gets .cplancache inside it');
    assert.deepEqual(cplan(['lint', '--cache', '--cache-location', 'new/dir/'], root), expected);
    assert.ok(fs.existsSync(path.join(root, 'new', 'dir', '.cplancache')));
    assert.deepEqual(cplan(['lint', '--cache', '--cache-location', 'elsewhere/cache.json'], root), expected);
    assert.ok(fs.existsSync(path.join(root, 'elsewhere', 'cache.json')));
    const blocked = cplan(['lint', '--cache', '--cache-location', 'a.md/cache'], root);
    assert.equal(blocked.code, expected.code);
    assert.equal(blocked.stdout, expected.stdout);
    assert.match(blocked.stderr, /^cplan: warning: cannot write the cache a\.md\/cache \((ENOTDIR|EEXIST)\); the results were not cached; give --cache-location a path that can be written\n$/);
  });

  it('--cache-location without --cache is a usage error; --stdin is never cached', () => {
    const root = tempTree({ 'a.md': plan('a', 'builtin:ncl-cancer-2023-28', 'SA9') });
    const run = cplan(['lint', '--cache-location', 'x'], root);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'cplan: --cache-location says where --cache keeps its file; add --cache\n');
    const stdin = spawnSync(process.execPath, [CPLAN, 'lint', '--cache', '--stdin', '--stdin-filename', 'a.md', '--format', 'json'], { cwd: root, input: plan('a', 'builtin:ncl-cancer-2023-28', 'SA1'), encoding: 'utf8' });
    assert.equal(stdin.status, 0, stdin.stderr);
    assert.equal(JSON.parse(stdin.stdout).length, 1);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(root, '.cplancache'), 'utf8')).entries, {});
  });
});
