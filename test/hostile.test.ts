import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lintText, type LintMessage } from '../server/src/index.js';
import { MAX_BLOCKS } from '../server/src/core/parse/markdown.js';
import { MAX_PER_RULE } from '../server/src/core/lint.js';
import { cplan, tempTree } from './helpers/cli.js';

// Times and memory for each of these are in bench/RESULTS.md ("Hostile input"); here: the right answer, no throw.
const FM = '---\nkind: commissioning-plan\nid: p\ntitle: T\norganisation: O\nperiod: 2024/25\nas_of: 2024-06-30\n---\n\n';
const block = (body: string) => '```yaml workstream\n' + body + '\n```\n';

function inside(text: string, messages: LintMessage[]): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const m of messages) {
    assert.ok(m.line >= 1 && m.line <= lines.length && m.endLine >= m.line && m.endLine <= lines.length, JSON.stringify(m));
    assert.ok(m.line < m.endLine || m.endColumn >= m.column, JSON.stringify(m));
    assert.ok(m.column >= 1 && m.column <= lines[m.line - 1].length + 1 && m.endColumn <= lines[m.endLine - 1].length + 1, JSON.stringify(m));
  }
}

function lint(text: string): LintMessage[] {
  const { messages } = lintText(text);
  inside(text, messages);
  return messages;
}

describe('hostile and broken input', function () {
  this.timeout(60_000);

  it('a YAML alias bomb ("billion laughs") is cut off with a diagnostic', () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f'], ['h', 'g']]) laughs.push(`${name}: &${name} [${Array(9).fill('*' + prev).join(',')}]`);
    const messages = lint(FM + block('id: WS1\ntitle: T\n' + laughs.join('\n')));
    assert.ok(messages.some((m) => m.ruleId === 'yaml-syntax' && /aliases/.test(m.message)), JSON.stringify(messages));
  });

  it('a merge key that refers to itself is a diagnostic, not a loop', () => {
    assert.ok(lint(FM + block('id: WS1\ntitle: T\na: &a\n  <<: *a\n  x: 1')).some((m) => m.ruleId === 'yaml-syntax'));
  });

  it('1,000-deep nesting, flow and block, is cut off at our depth cap', () => {
    assert.ok(lint(FM + block('id: WS1\ntitle: T\nlead: ' + '['.repeat(1000) + ']'.repeat(1000))).some((m) => m.ruleId === 'yaml-syntax'));
    const deep = Array.from({ length: 1000 }, (_, i) => ' '.repeat(i + 1) + 'k:').join('\n');
    assert.ok(lint(FM + block('id: WS1\ntitle: T\nlead:\n' + deep)).some((m) => m.ruleId === 'yaml-syntax'));
  });

  it('100,000 blocks: the first 5,000 are checked and one diagnostic says where checking stopped', () => {
    const text = FM + block('id: W\ntitle: T').repeat(100_000);
    const messages = lint(text);
    const stop = messages.filter((m) => m.ruleId === 'file-too-large');
    assert.equal(stop.length, 1);
    assert.match(stop[0].message, /100000 blocks, over the limit of 5000/);
    assert.equal(stop[0].line, 10 + MAX_BLOCKS * 4);
  });

  it('a flood of one problem is summed up after 500 findings', () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join('\n');
    const schema = lint(FM + block('id: WS1\ntitle: T\naims: [X]\n' + keys)).filter((m) => m.ruleId === 'block-schema');
    assert.equal(schema.length, MAX_PER_RULE + 1);
    assert.match(schema[MAX_PER_RULE].message, /…and 39500 more `block-schema` problems/);
  });

  it('an 8 MB plan, a 1 MB line of prose and a 1 MB YAML line are read', () => {
    assert.ok(lint(FM + (block('id: WS1\ntitle: T\naims: [A]') + 'Prose line with words.\n'.repeat(20)).repeat(14_000)).length > 0);
    assert.deepEqual(lint(FM + 'x'.repeat(1_000_000) + '\n'), []);
    assert.ok(lint(FM + block('id: WS1\ntitle: ' + 'y'.repeat(1_000_000))).length > 0);
  });

  it('inputs that make CommonMark parsers crawl are plain prose to the scanner', () => {
    for (const evil of ['- '.repeat(5_000), '> '.repeat(50_000), '[ (]('.repeat(20_000), '*a_ '.repeat(25_000)]) assert.deepEqual(lint(FM + evil + '\n'), []);
  });

  it('binary bytes, tabs in YAML and YAML 1.1 tricks', () => {
    assert.deepEqual(lint(FM + Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256)).toString('latin1')), []);
    assert.ok(lint(FM + block('id: WS1\n\ttitle: T')).some((m) => m.ruleId === 'yaml-syntax'));
    assert.ok(lint(FM + block('%YAML 1.1\n---\n<<:')).length > 0);
  });

  it('the CLI reports binary and non-UTF-8 files named on the command line, and skips them in folders', () => {
    const dir = tempTree({});
    fs.writeFileSync(path.join(dir, 'binary.md'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256)));
    fs.writeFileSync(path.join(dir, 'latin1.md'), Buffer.from(FM.replace('title: T', 'title: Caf\u00e9'), 'latin1'));
    const named = cplan(['lint', 'binary.md', '--format', 'json'], dir);
    assert.equal(named.code, 2);
    assert.match(named.stderr, /binary\.md is not a commissioning plan/);
    const latin1 = cplan(['lint', 'latin1.md', '--format', 'json'], dir);
    assert.equal(JSON.parse(latin1.stdout)[0].messages.filter((m: { ruleId: string }) => m.ruleId !== 'frontmatter-schema').length, 0);
    const walked = cplan(['lint', '.', '--format', 'json'], dir);
    assert.equal(walked.stderr, '');
    assert.doesNotThrow(() => JSON.parse(walked.stdout));
  });
});
