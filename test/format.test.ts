import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlanDocument } from '../server/src/core/document.js';
import { formatChanges, formatDocument, KEY_ORDER } from '../server/src/core/format/index.js';
import { REPO_ROOT } from './helpers/cli.js';
import { RULES } from '../server/src/core/rules/index.js';
import { FIXABLE_RULES, safeFixChanges } from '../server/src/core/format/safe-fixes.js';
import { applyChanges } from '../server/src/core/format/index.js';
import { lintFixture } from './helpers/fixture.js';

const format = (text: string) => formatDocument(parsePlanDocument('/plans/plan.md', text));

const FRONT = `---
kind: commissioning-plan
id: p1
title: A plan
organisation: NCL
period: 2024/25-2025/26
---
`;

describe('formatter (core/format)', () => {
  it('writes periods and values in their canonical forms, in place, quotes kept', () => {
    const text = `${FRONT}\nQ4 24/25 in prose stays.\n\n\`\`\`yaml workstream\nid: WS1\ntitle: T\naims: [SA1]\nmilestones:\n  - id: WS1-M1\n    title: A\n    due: Q4 FY24/25\n    status: At risk\n  - id: WS1-M2\n    title: B\n    due: "31/03/2025"\n    status: completed\n  - id: WS1-M3\n    title: C\n    due: Mar-25\n    status: done\n    cadence: half-yearly\n\`\`\`\n`;
    const out = format(text);
    assert.match(out, /due: Q4 2024\/25\n {4}status: at-risk\n/);
    assert.match(out, /due: "2025-03-31"\n {4}status: done\n/);
    assert.match(out, /due: March 2025\n {4}status: done\n {4}cadence: biannual\n/);
    assert.match(out, /Q4 24\/25 in prose stays\./);
  });

  it('leaves alone what is not plainly one period or value: TBC, a date that is not one, an ambiguous word', () => {
    const text = `${FRONT}\n\`\`\`yaml workstream\nid: WS1\ntitle: T\naims: [SA1]\nmilestones:\n  - id: WS1-M1\n    title: A\n    due: TBC\n    status: delayed\n  - id: WS1-M2\n    title: B\n    due: next spring\n    status: done\n    done_on: 31/02/2025\n\`\`\`\n`;
    assert.equal(format(text), text);
  });

  it('puts the keys of entities in the order of docs/format.md, carrying comments and nested changes with them', () => {
    const text = `${FRONT}\n\`\`\`yaml workstream\ntitle: T   # the name\nid: WS1\naims: [SA1]\nmilestones:\n  - title: A\n    # why this date\n    due: Q4 24/25\n    id: WS1-M1\n    status: at-risk\n\`\`\`\n`;
    const out = format(text);
    assert.match(out, /```yaml workstream\nid: WS1\ntitle: T   # the name\naims: \[SA1\]\nmilestones:\n  - id: WS1-M1\n    title: A\n    # why this date\n    due: Q4 2024\/25\n    status: at-risk\n```/);
  });

  it('does not reorder a mapping with a blank line between its entries; a comment line moves with the key under it', () => {
    const blank = `${FRONT}\n\`\`\`yaml workstream\ntitle: T\n\nid: WS1\naims: [SA1]\n\`\`\`\n`;
    assert.equal(format(blank), blank);
    const comment = `${FRONT}\n\`\`\`yaml workstream\ntitle: U\n# a note\nid: WS2\naims: [SA1]\n\`\`\`\n`;
    assert.equal(format(comment), comment.replace('title: U\n# a note\nid: WS2', '# a note\nid: WS2\ntitle: U'));
  });

  it('indents every level two spaces in from its parent, block scalars and comments moving with their lines', () => {
    const text = `${FRONT}\n\`\`\`yaml workstream\nid: WS1\ntitle: T\naims: [SA1]\nmilestones:\n-   id: WS1-M1\n    title: P\n    # the date\n    due: Q4 2024/25\n    status: done\n    updates:\n        - on: 2025-01-01\n          text: |\n             some text\n               indented more\n\`\`\`\n`;
    const out = format(text);
    assert.match(out, /milestones:\n  - id: WS1-M1\n    title: P\n    # the date\n    due: Q4 2024\/25\n    status: done\n    updates:\n      - on: 2025-01-01\n        text: \|\n           some text\n             indented more\n```/);
    assert.equal(format(out), out);
  });

  it('makes single quotes double, and quotes a canonical form YAML would read as a number', () => {
    const text = `${FRONT}\n\`\`\`yaml workstream\nid: WS1\ntitle: 'It''s T'\naims: [SA1]\nlead: 'Jo "JJ" Bloggs'\nmetrics:\n  - id: WS1-K1\n    title: K\n    unit: '%'\n    baseline: {value: 1, period: CY2023}\n    target: {value: 2, due: 'Q4 24/25'}\n    source: S\n\`\`\`\n`;
    const out = format(text);
    assert.match(out, /title: "It's T"\n/);
    assert.match(out, /lead: 'Jo "JJ" Bloggs'\n/, 'a value with double quotes in it keeps its single quotes');
    assert.match(out, /unit: "%"\n/);
    assert.match(out, /due: "Q4 2024\/25"\}/);
    assert.equal(format(out), out);
  });

  it('keeps CRLF line breaks, and touches nothing but the YAML of a Markdown file that is not a plan', () => {
    const text = `${FRONT}\n\`\`\`yaml workstream\ntitle: T\nid: WS1\naims: [SA1]\n\`\`\`\n`.replace(/\n/g, '\r\n');
    assert.equal(format(text), text.replace('title: T\r\nid: WS1', 'id: WS1\r\ntitle: T'));
    const notPlan = "---\ntitle: 'x'\n---\n\n```yaml workstream\ndue: Q4 24/25\n```\n";
    assert.deepEqual(formatChanges(parsePlanDocument('/x.md', notPlan)), []);
  });

  it('leaves a block whose YAML cannot be read as it is', () => {
    const text = `${FRONT}\n\`\`\`yaml workstream\ntitle: T\nid: WS1\nmilestones: [{due: Q4 24/25\n\`\`\`\n`;
    assert.equal(format(text), text);
  });

  it('key order is the order of the key tables of docs/format.md (the oracle)', () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'format.md'), 'utf8');
    const tableAfter = (heading: string) => {
      const start = doc.indexOf(`\n${heading}\n`);
      assert.ok(start >= 0, heading);
      const keys: string[] = [];
      for (const line of doc.slice(start).split('\n').slice(2)) {
        const m = /^\| `([a-z_]+)` \|/.exec(line);
        if (m) keys.push(m[1]);
        else if (keys.length && !line.startsWith('|')) break;
      }
      return keys;
    };
    assert.deepEqual(KEY_ORDER['front matter'], tableAfter('### Plan front matter'));
    assert.deepEqual(KEY_ORDER.aim, tableAfter('### Aims'));
    assert.deepEqual(KEY_ORDER.priority, tableAfter('### Priorities'));
    assert.deepEqual(KEY_ORDER.workstream, tableAfter('### Workstreams'));
    assert.deepEqual(KEY_ORDER.milestone, tableAfter('## Milestones'));
    assert.deepEqual(KEY_ORDER.metric, tableAfter('## Metrics'));
  });

  it('the rules marked `fixable` are exactly those some of whose findings have a safe fix', () => {
    assert.deepEqual(RULES.filter((r) => r.fixable).map((r) => r.id).sort(), [...FIXABLE_RULES].sort());
  });

  it('safe fixes: a date in a notation the format reads, a lone id as a list; never a guess', () => {
    const text = `---\nkind: commissioning-plan\nid: p1\ntitle: A\norganisation: NCL\nperiod: 2024/25\nas_of: 30/06/2025\n---\n\n\`\`\`yaml aims\n- id: SA1\n  title: X\n\`\`\`\n\n\`\`\`yaml workstream\nid: WS1\ntitle: T\naims: SA1\nmilestones:\n  - id: WS1-M1\n    title: P\n    due: June 24\n    status: done\n    done_on: 1/4/2025\n\`\`\`\n`;
    const { document, diagnostics } = lintFixture(text);
    const fixed = applyChanges(text, safeFixChanges(document, diagnostics));
    assert.match(fixed, /as_of: 2025-06-30\n/);
    assert.match(fixed, /aims: \[SA1\]\n/);
    assert.match(fixed, /done_on: 2025-04-01\n/);
    assert.match(fixed, /due: June 24\n/);
  });
});
