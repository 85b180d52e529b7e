import assert from 'node:assert/strict';
import { escapePointer, parsePlanDocument } from '../server/src/core/document.js';
import { lintText } from '../server/src/index.js';
import { marked } from './helpers/fixture.js';

const FRONT = '---\nkind: commissioning-plan\nid: p\ntitle: T\norganisation: O\nperiod: 2024/25\nas_of: 2024-06-30\n---\n\n';

/** Lints a fixture and returns "rule text" for each diagnostic, where text is what its range covers. */
function covered(source: string): { got: string[]; want: string[] } {
  const { text, spans } = marked(source);
  const document = parsePlanDocument('/p.md', text);
  const result = lintText(text, { rules: { 'missing-metrics': 'off', 'workstream-without-aim': 'off' } });
  const got = result.messages.map((m) => {
    const start = document.lines.offsetAt({ line: m.line - 1, character: m.column - 1 });
    const end = document.lines.offsetAt({ line: m.endLine - 1, character: m.endColumn - 1 });
    return `${text.slice(start, end)}@${start}`;
  });
  return { got, want: spans.map((s) => `${s.text}@${s.start}`) };
}

function assertCovered(source: string): void {
  const { got, want } = covered(source);
  assert.deepEqual(got, want);
}

describe('parsing with exact positions', () => {
  it('maps YAML nodes inside nested list items and block quotes back to the Markdown', () => {
    assertCovered(FRONT + '- One\n  - Two\n\n    ```yaml workstream\n    id: WS1\n    title: T\n    aims: [«A9»]\n    ```\n');
    assertCovered(FRONT + '> Quote\n>\n> ```yaml workstream\n> id: WS1\n> title: T\n> aims: [«A9»]\n> ```\n');
    assertCovered(FRONT + '1. Item\n\n   > ```yaml workstream\n   > id: WS1\n   > title: T\n   > aims:\n   >   - «A9»\n   > ```\n');
  });

  it('handles indented fences, tildes, longer fences and extra info words', () => {
    assertCovered(FRONT + '   ```yaml workstream\n   id: WS1\n   title: T\n   aims: [«A9»]\n   ```\n');
    assertCovered(FRONT + '~~~yaml workstream\nid: WS1\ntitle: T\naims: [«A9»]\n~~~\n');
    assertCovered(FRONT + '````yaml workstream {#ws1}\nid: WS1\ntitle: T\naims: [«A9»]\n```\nstill inside\n````\n'.replace('```\nstill inside\n', ''));
  });

  it('keeps positions with CRLF, lone CR and a BOM', () => {
    const body = '```yaml workstream\nid: WS1\ntitle: T\naims: [«A9»]\n```\n';
    for (const [name, transform] of [['crlf', (s: string) => s.replace(/\n/g, '\r\n')], ['cr', (s: string) => s.replace(/\n/g, '\r')], ['bom', (s: string) => '\uFEFF' + s]] as const) {
      const { got, want } = covered(transform(FRONT + body));
      assert.deepEqual(got, want, name);
    }
  });

  it('reads an unclosed fence to the end of the document without losing positions', () => {
    assertCovered(FRONT + '```yaml workstream\nid: WS1\ntitle: T\naims: [«A9»]\n');
  });

  it('ignores blocks inside HTML comments and fences of other languages', () => {
    const document = parsePlanDocument('/p.md', FRONT + '<!--\n```yaml workstream\nid: WS1\n```\n-->\n\n```js workstream\nid: 1\n```\n');
    assert.equal(document.blocks.length, 0);
  });

  it('is not a plan without front matter, or with front matter that is not at the top', () => {
    assert.equal(parsePlanDocument('/p.md', '# Title\n\n' + FRONT).kind, undefined);
    assert.equal(parsePlanDocument('/p.md', '').kind, undefined);
    assert.equal(parsePlanDocument('/p.md', '---\n---\n').kind, undefined);
  });

  it('ignores YAML 1.1 directives: `y`, dates and !!binary stay text', () => {
    const document = parsePlanDocument('/p.md', FRONT + '```yaml workstream\n%YAML 1.1\n---\nid: WS1\ntitle: y\nlead: !!binary aGVsbG8=\nstatus: 2025-01-01\n```\n');
    const data = document.blocks[0].yaml.data as Record<string, unknown>;
    assert.equal(data.title, 'y');
    assert.equal(typeof data.lead, 'string');
    assert.equal(data.status, '2025-01-01');
  });

  it('turns YAML that makes the yaml package throw into a diagnostic', () => {
    const result = lintText(FRONT + '```yaml workstream\n%YAML 1.1\n---\n<<:\n```\n');
    assert.ok(result.messages.every((m) => m.line >= 1));
    assert.ok(result.messages.some((m) => m.ruleId === 'yaml-syntax' || m.ruleId === 'block-schema'), JSON.stringify(result.messages));
  });

  it('caps alias expansion and nesting depth with a diagnostic', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 9; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill('*' + String.fromCharCode(97 + i)).join(', ')}]`);
    const started = Date.now();
    const aliases = lintText(FRONT + '```yaml workstream\nid: WS1\ntitle: T\n' + bomb.join('\n') + '\n```\n');
    assert.ok(Date.now() - started < 2000);
    assert.ok(aliases.messages.some((m) => /More than 100 YAML aliases/.test(m.message)), JSON.stringify(aliases.messages.map((m) => m.message)));
    const deep = lintText(FRONT + '```yaml workstream\nid: WS1\ntitle: T\nlead: ' + '['.repeat(200) + ']'.repeat(200) + '\n```\n');
    assert.ok(deep.messages.some((m) => /nested more than 64 levels/.test(m.message)), JSON.stringify(deep.messages.map((m) => m.message)));
  });

  it('reports each duplicate key once, at the repeat', () => {
    assertCovered(FRONT + '```yaml workstream\nid: WS1\ntitle: T\naims: [«A9»]\n«title»: Again\n```\n');
  });

  it('finds every node by its pointer: escaped keys, any key order, and more pointers than are shared', () => {
    // Pointers are shared between parses up to a bound and found by binary search: check both sides of the
    // bound (40,000 keys, 160,000 pointers) and keys whose order differs by locale, case, digits, escapes and
    // surrogates.
    const odd = ['b', 'B', 'é', 'e', 'Z', 'a/b', 'a~b', '~', '/', '10', '9', '', 'x y', '😀', 'ｚ'];
    const keys = [...odd, ...Array.from({ length: 40_000 }, (_, i) => `k${(i * 7919) % 40_000}`)];
    const text = FRONT + '```yaml workstream\n' + keys.map((k, i) => `${JSON.stringify(k)}: [${i}, {v: ${i}}]`).join('\n') + '\n```\n';
    const locations = parsePlanDocument('/p.md', text).blocks[0].yaml.locations;
    assert.equal([...locations].length, 1 + keys.length * 4);
    for (const [i, key] of keys.entries()) {
      const found = locations.get(`/${escapePointer(key)}`);
      assert.ok(found?.key, `no location for key ${JSON.stringify(key)}`);
      assert.equal(text.slice(found.key.start, found.key.end), JSON.stringify(key));
      assert.equal(text.slice(found.value.start, found.value.end), `[${i}, {v: ${i}}]`);
      const inner = locations.get(`/${escapePointer(key)}/1/v`)!;
      assert.equal(text.slice(inner.value.start, inner.value.end), String(i));
    }
    assert.equal(locations.get('/a/b'), undefined, 'an unescaped slash names a path, not the key `a/b`');
    assert.equal(locations.get('/k40000'), undefined);
  });
});

describe('schema messages', () => {
  it('are plain sentences without ajv wording, one per problem', () => {
    const result = lintText(FRONT.replace('title: T\n', 'title: [a]\nstatuss: draft\n') + '```yaml workstream\nid: 7WS\ntitle: T\naims: SA1\nmilestones:\n  - id: M1\n    title: T\n    due: Q4 2024/25\n    status: late\n    cadence: monthly\nmetrics:\n  - id: K1\n    title: T\n    breakdown: [wealth, wealth]\n```\n');
    const messages = result.messages.filter((m) => m.ruleId.endsWith('schema')).map((m) => m.message);
    for (const message of messages) {
      assert.doesNotMatch(message, /must NOT have|must match pattern|must be equal to one of|should be|instancePath|anyOf|oneOf/, message);
      assert.match(message, /\.$|\?$/, message);
    }
    assert.deepEqual(messages, [
      '`title` must be text (found a list).',
      'Unknown key `statuss` in the front matter. Did you mean `status`?',
      'Workstream `7WS`: `id` `7WS` is not valid: an id starts with a letter and uses only letters, digits, \'.\', \'_\' and \'-\'.',
      'Workstream `7WS`: `aims` must be a list (found `SA1`); write `[SA1]`.',
      'Milestone `M1`: `status` `late` could mean `at-risk` or `off-track`; write the one that fits.',
      'Milestone `M1`: `cadence` must be one of quarterly, biannual, annual (found `monthly`).',
      'Metric `K1`: Item 1 of `breakdown` must be one of deprivation, ethnicity, age, sex, gender, borough, icb, pcn, provider, tumour-site, stage, disability, learning-disability, serious-mental-illness, language (found `wealth`).',
      'Metric `K1`: Item 2 of `breakdown` must be one of deprivation, ethnicity, age, sex, gender, borough, icb, pcn, provider, tumour-site, stage, disability, learning-disability, serious-mental-illness, language (found `wealth`).',
      'Metric `K1`: `breakdown` lists `wealth` twice; remove the repeat.',
    ]);
  });
});
