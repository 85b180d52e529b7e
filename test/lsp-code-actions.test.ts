import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodeAction, Diagnostic as LspDiagnostic, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { LineIndex } from '../server/src/core/text.js';
import type { Diagnostic } from '../server/src/core/lint.js';
import { WorkspaceIndex } from '../server/src/service/workspace.js';
import { uriOfPath } from '../server/src/service/uris.js';
import { toLspDiagnostic, toRange } from '../server/src/service/convert.js';
import { codeActions, suggestPeriodFixes } from '../server/src/service/features/code-actions.js';
import { LspClient, exampleWorkspace, fullCapabilities, positionOf } from './helpers/lsp.js';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-actions-'));
const SCHEMA_RULES = ['yaml-syntax', 'block-schema', 'frontmatter-schema'];

function plan(body: string, frontMatter = ''): string {
  return `---
kind: commissioning-plan
id: test-plan
title: Test plan
organisation: NCL Cancer Alliance
period: 2024/25-2025/26
as_of: 2025-06-30
${frontMatter}---

# Test plan

\`\`\`yaml aims
- id: A1
  title: Improve early diagnosis
- id: A2
  title: Reduce health inequalities
\`\`\`

${body}`;
}

const METRICS = `metrics:
  - id: WS1-K1  # the headline measure
    title: Faster Diagnosis Standard
    unit: "%"
    baseline: {value: 70, period: 2023/24}
    target: {value: 77, due: Q4 2025/26}
    source: Cancer Waiting Times
    breakdown: [deprivation]
`;

function open(text: string, name = 'plan.md'): { index: WorkspaceIndex; uri: string } {
  const index = new WorkspaceIndex([DIR], { rules: {}, include: [], exclude: [] });
  const uri = uriOfPath(path.join(DIR, name));
  index.setOpen(uri, text, 1);
  return { index, uri };
}

function lint(text: string): Diagnostic[] {
  const { index, uri } = open(text);
  return index.diagnostics(uri);
}

function actionsFor(text: string, range: Range, sent: LspDiagnostic[] = [], only?: string[]): CodeAction[] {
  const { index, uri } = open(text);
  return codeActions(index.linkedFile(uri)!, range, sent, only);
}

function editsOf(action: CodeAction): TextEdit[] {
  const changes = (action.edit as WorkspaceEdit).changes!;
  assert.deepEqual(Object.keys(changes), [uriOfPath(path.join(DIR, 'plan.md'))]);
  return Object.values(changes)[0];
}

/** Applies LSP edits the way a client does: all ranges refer to the original text. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText }));
  spans.sort((a, b) => b.start - a.start);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i].end <= spans[i - 1].start, 'edits do not overlap');
  return spans.reduce((out, s) => out.slice(0, s.start) + s.text + out.slice(s.end), text);
}

function commentsOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((l) => /#/.test(l) && !/^#+ /.test(l)).map((l) => l.slice(l.indexOf('#')));
}

interface FixCase {
  text: string;
  rule: string;
  /** Which of the rule's diagnostics, by a word of its message. */
  about?: string;
  title: string;
  /** The original text each edit replaces, in document order: proof that the edit is minimal. */
  replaced: string[];
  /** The fix records what the user knows without claiming the problem solved: the diagnostic stays. */
  stays?: boolean;
  /** Rules that report what the fix left for the author to write (a `TBC` period, a date to fill in). */
  leavesFor?: string[];
}

/**
 * Applies one quick fix and checks it: edits are minimal and leave every other byte alone, the diagnostic
 * is gone with no new syntax or schema error, comments survive, and asking again is harmless.
 */
function applyFix(c: FixCase): string {
  const before = lint(c.text);
  const target = before.find((d) => d.ruleId === c.rule && (!c.about || d.message.includes(c.about)));
  assert.ok(target, `no ${c.rule} diagnostic in the fixture: ${before.map((d) => d.message).join(' | ')}`);
  const lines = new LineIndex(c.text);
  const sent = before.map((d) => toLspDiagnostic(lines, d));
  const actions = actionsFor(c.text, toRange(lines, target.span), sent);
  const action = actions.find((a) => a.title === c.title);
  assert.ok(action, `no action "${c.title}"; got ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(action.kind, 'quickfix');
  assert.equal(action.diagnostics?.[0].code, c.rule);
  assert.ok(sent.includes(action.diagnostics![0]), 'the client\'s own diagnostic is attached');
  const edits = editsOf(action);
  const offsets = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end) })).sort((a, b) => a.start - b.start);
  assert.deepEqual(offsets.map((o) => c.text.slice(o.start, o.end)), c.replaced);
  const after = applyEdits(c.text, edits);
  assert.ok(after.startsWith(c.text.slice(0, offsets[0].start)) && after.endsWith(c.text.slice(offsets[offsets.length - 1].end)), 'bytes outside the edits are untouched');
  const relinted = lint(after);
  if (c.stays) assert.ok(relinted.some((d) => d.ruleId === c.rule), `${c.rule} is still reported`);
  else assert.ok(!relinted.some((d) => d.ruleId === c.rule && d.message === target.message), `still reported: ${target.message}`);
  const problems = (ds: Diagnostic[]) => ds.filter((d) => SCHEMA_RULES.includes(d.ruleId) || d.ruleId === 'invalid-period').map((d) => `${d.ruleId}: ${d.message}`);
  const added = problems(relinted).filter((m) => !problems(before).includes(m));
  const left = added.filter((m) => c.leavesFor?.some((rule) => m.startsWith(`${rule}: `)));
  assert.deepEqual(added.filter((m) => !left.includes(m)), [], 'no new syntax, schema or period errors');
  if (c.leavesFor) assert.ok(left.length > 0, `${c.leavesFor.join(' or ')} reports what is left to write`);
  for (const comment of commentsOf(c.text)) assert.ok(after.includes(comment), `comment kept: ${comment}`);
  const again = actionsFor(after, toRange(new LineIndex(after), target.span)).filter((a) => a.title === c.title);
  for (const repeat of again) assert.deepEqual(lint(applyEdits(after, editsOf(repeat))).filter((d) => d.ruleId === 'yaml-syntax'), []);
  return after;
}

function titlesAt(text: string, needle: string, shift = 0): string[] {
  const at = positionOf(text, needle, shift);
  return actionsFor(text, { start: at, end: at }).map((a) => a.title);
}

describe('code actions', () => {
  after(() => fs.rmSync(DIR, { recursive: true, force: true }));

  describe('unknown references', () => {
    const text = plan('```yaml workstream\nid: WS1\ntitle: T\naims: [A1, a-2]  # served aims\npriorities: [P 1]\n' + METRICS + '```\n\n```yaml priorities\n- id: P1\n  title: P\n  workstreams: ["ws01"]\n```\n');

    it('changes an unknown aim to the one id it stands for, preferred', () => {
      const after = applyFix({ text, rule: 'unknown-aim', title: 'Change to `A2`', replaced: ['a-2'] });
      assert.match(after, /aims: \[A1, A2\] {2}# served aims/);
      const titles = (t: string, id: string) => actionsFor(t, toRange(new LineIndex(t), { start: t.indexOf(id), end: t.indexOf(id) })).map((a) => [a.title, a.isPreferred ?? false]);
      assert.deepEqual(titles(text, 'a-2'), [['Change to `A2`', true]]);
      // A12 is a slip for A1 or A2 (one digit too many): both are offered, none preferred, and not the one its list has already.
      assert.deepEqual(titles(text.replace('[A1, a-2]', '[A12]'), 'A12'), [['Change to `A1`', false], ['Change to `A2`', false]]);
      assert.deepEqual(titles(text.replace('[A1, a-2]', '[A1, A12]'), 'A12'), [['Change to `A2`', false]]);
      assert.deepEqual(titles(text.replace('[A1, a-2]', '[A1, A3]'), 'A3'), [], 'A3 is another number, not a slip');
    });

    it('keeps the quotes of a quoted reference', () => {
      const after = applyFix({ text, rule: 'unknown-workstream', title: 'Change to `WS1`', replaced: ['ws01'] });
      assert.match(after, /workstreams: \["WS1"\]/);
    });

    it('changes an unknown milestone in depends_on to the closest id; a late dependency gets no fix, since only the author knows which date is wrong', () => {
      const milestones = 'milestones:\n  - id: WS1-M1\n    title: A\n    due: Q4 2025/26\n    status: on-track\n  - id: WS1-M2\n    title: B\n    due: Q3 2025/26\n    status: on-track\n    depends_on: [WS1M1]  # after the launch\n';
      const withDependency = plan('```yaml workstream\nid: WS1\ntitle: T\naims: [A1, A2]\n' + milestones + METRICS + '```\n');
      const after = applyFix({ text: withDependency, rule: 'dependency-late', title: 'Change to `WS1-M1`', replaced: ['WS1M1'] });
      assert.match(after, /depends_on: \[WS1-M1\] {2}# after the launch/);
      assert.ok(lint(after).some((d) => d.ruleId === 'dependency-late' && /due 90 days later/.test(d.message)), 'now late, which is the next thing to settle');
      assert.deepEqual(titlesAt(after, 'depends_on: [WS1-M1', 13), []);
    });

    it('changes an unknown priority', () => {
      applyFix({ text, rule: 'unknown-priority', title: 'Change to `P1`', replaced: ['P 1'] });
    });
  });

  describe('overdue-milestone', () => {
    const milestones = (items: string) => plan('```yaml workstream\nid: WS1\ntitle: T\naims: [A1, A2]\nmilestones:\n' + items + METRICS + '```\n');
    const overdue = milestones('  - id: WS1-M1\n    title: Launch\n    due: Q4 2024/25\n    status: on-track  # checked in May\n    # next step: audit\n');

    it('marks the milestone done on the review date, under its status line', () => {
      const after = applyFix({ text: overdue, rule: 'overdue-milestone', title: 'Mark `WS1-M1` done on the review date 2025-06-30', replaced: ['on-track', ''] });
      assert.match(after, /\n {4}status: done {2}# checked in May\n {4}done_on: 2025-06-30\n {4}# next step: audit\n/);
    });

    it('moves due to the quarter after the review date', () => {
      const after = applyFix({ text: overdue, rule: 'overdue-milestone', title: 'Move `due` to Q2 2025/26', replaced: ['Q4 2024/25'] });
      assert.match(after, /due: Q2 2025\/26\n/);
    });

    it('adds a missing status and replaces an existing done_on', () => {
      const text = milestones('  - id: WS1-M1\n    title: Launch\n    due: "Q4 2024/25"\n    done_on: 2024-01-01\n');
      const after = applyFix({ text, rule: 'overdue-milestone', title: 'Mark `WS1-M1` done on the review date 2025-06-30', replaced: ['', '2024-01-01'] });
      assert.match(after, /due: "Q4 2024\/25"\n {4}status: done\n {4}done_on: 2025-06-30\n/);
    });

    it('edits a flow-style milestone inside its braces', () => {
      const text = milestones('  - {id: WS1-M1, title: Launch, due: Q4 2024/25, status: on-track}\n');
      const after = applyFix({ text, rule: 'overdue-milestone', title: 'Mark `WS1-M1` done on the review date 2025-06-30', replaced: ['on-track'] });
      assert.match(after, /status: done, done_on: 2025-06-30\}/);
    });

    it('records a recurring milestone as done on the review date', () => {
      const text = milestones('  - id: WS1-M1\n    title: Audit\n    due: 2025/26\n    status: on-track\n    cadence: biannual\n    done_on: \'2024-10-15\'\n');
      const after = applyFix({ text, rule: 'overdue-milestone', title: 'Record `WS1-M1` as last done on the review date 2025-06-30', replaced: ['2024-10-15'] });
      assert.match(after, /done_on: '2025-06-30'/);
    });

    it('prefers no fix: marking done would claim a delivery nobody recorded', () => {
      const titles = titlesAt(overdue, 'Q4 2024/25');
      assert.deepEqual(titles, [
        'Set the status of `WS1-M1` to at-risk', 'Set the status of `WS1-M1` to off-track', 'Mark `WS1-M1` done (write the date it was done)',
        'Mark `WS1-M1` done on the review date 2025-06-30', 'Move `due` to Q2 2025/26',
      ]);
      const at = positionOf(overdue, 'Q4 2024/25');
      assert.ok(actionsFor(overdue, { start: at, end: at }).every((a) => !a.isPreferred));
    });

    it('sets the status to at-risk or off-track, and the milestone stays overdue', () => {
      const after = applyFix({ text: overdue, rule: 'overdue-milestone', title: 'Set the status of `WS1-M1` to at-risk', replaced: ['on-track'], stays: true });
      assert.match(after, /status: at-risk {2}# checked in May\n/);
      const text = milestones('  - id: WS1-M1\n    title: Launch\n    due: Q4 2024/25\n');
      assert.match(applyFix({ text, rule: 'overdue-milestone', title: 'Set the status of `WS1-M1` to off-track', replaced: [''], stays: true }), /due: Q4 2024\/25\n {4}status: off-track\n/);
    });

    it('marks done with a date for the user to write, which the schema reports until they do', () => {
      const after = applyFix({ text: overdue, rule: 'overdue-milestone', title: 'Mark `WS1-M1` done (write the date it was done)', replaced: ['on-track', ''], leavesFor: ['block-schema'] });
      assert.match(after, /status: done {2}# checked in May\n {4}done_on: YYYY-MM-DD\n/);
    });

    it('moves due only within the plan\'s period', () => {
      const late = overdue.replace('period: 2024/25-2025/26', 'period: 2024/25').replace('as_of: 2025-06-30', 'as_of: 2025-03-30').replace('Q4 2024/25', 'Q3 2024/25');
      const titles = titlesAt(late, 'Q3 2024/25');
      assert.ok(titles.length > 0 && !titles.some((t) => t.startsWith('Move')), titles.join(' | '));
    });

    it('records when a recurring milestone was last done with a date for the user to write', () => {
      const text = milestones('  - id: WS1-M1\n    title: Audit\n    due: 2025/26\n    status: on-track\n    cadence: biannual\n    done_on: \'2024-10-15\'\n');
      const after = applyFix({ text, rule: 'overdue-milestone', title: 'Record when `WS1-M1` was last done (write the date)', replaced: ['2024-10-15'], leavesFor: ['block-schema', 'invalid-period'] });
      assert.match(after, /done_on: 'YYYY-MM-DD'/);
    });

    it('keeps CRLF line ends in a CRLF document', () => {
      const after = applyFix({ text: overdue.replace(/\n/g, '\r\n'), rule: 'overdue-milestone', title: 'Mark `WS1-M1` done on the review date 2025-06-30', replaced: ['on-track', ''] });
      assert.doesNotMatch(after, /[^\r]\n/);
      assert.match(after, /\r\n {4}done_on: 2025-06-30\r\n/);
    });
  });

  describe('missing-metrics', () => {
    it('adds a metrics skeleton to a workstream indented in a Markdown list item, with the block\'s list style', () => {
      const text = plan('- The pathway work:\n\n  ```yaml workstream\n  id: WS1\n  title: T\n  aims: [A1, A2]  # both aims\n  milestones:\n    - id: WS1-M1\n      title: Launch\n      due: Q4 2025/26\n      status: on-track\n  ```\n');
      const after = applyFix({ text, rule: 'missing-metrics', title: 'Add a metric skeleton to `WS1`', replaced: [''], leavesFor: ['invalid-period'] });
      assert.match(after, /status: on-track\n {2}metrics:\n {4}- id: WS1-K1\n {6}title: TBC\n {6}unit: TBC\n {6}baseline: \{value: TBC, period: TBC\}\n {6}target: \{value: TBC, due: TBC\}\n {6}source: TBC\n {2}```/);
      // No invented breakdown, and no invented periods: each is still reported.
      assert.equal(lint(after).filter((d) => d.ruleId === 'missing-inequality-breakdown').length, 1);
      assert.equal(lint(after).filter((d) => d.ruleId === 'invalid-period' && /`TBC`/.test(d.message)).length, 2);
    });

    it('fills an empty metrics list in a block quote, with an id not used yet', () => {
      const text = plan('> ```yaml workstream\n> id: WS1\n> title: T\n> aims: [A1]\n> metrics: []  # to agree\n> ```\n\n```yaml workstream\nid: WS2\ntitle: U\naims: [A1]\nmetrics:\n  - {id: WS1-K1, title: X, unit: n, baseline: {value: 1, period: 2023/24}, target: {value: 2, due: 2025/26}, source: S}\n```\n');
      const after = applyFix({ text, rule: 'missing-metrics', title: 'Add a metric skeleton to `WS1`', replaced: [' []'], leavesFor: ['invalid-period'] });
      assert.match(after, /> metrics:\n> {3}- id: WS1-K2\n> {5}title: TBC\n[^]*> {5}source: TBC {2}# to agree\n> ```/);
    });
  });

  describe('incomplete-metric', () => {
    it('adds the missing keys and sub-keys with the metric\'s indentation', () => {
      const metric = '  - id: WS1-K1\n    title: FDS\n    baseline: {value: 70}  # audit\n    target:\n      value: 77\n';
      const text = plan('```yaml workstream\nid: WS1\ntitle: T\naims: [A1]\nmetrics:\n' + metric + '```\n');
      const after = applyFix({ text, rule: 'incomplete-metric', title: 'Add the missing keys to `WS1-K1`', replaced: ['', ''], leavesFor: ['invalid-period'] });
      assert.match(after, /baseline: \{value: 70, period: TBC\} {2}# audit\n {4}target:\n {6}value: 77\n {6}due: TBC\n {4}unit: TBC\n {4}source: TBC\n```/);
    });

    it('fills empty values instead of repeating their keys', () => {
      const text = plan('```yaml workstream\nid: WS1\ntitle: T\naims: [A1]\nmetrics:\n  - id: WS1-K1\n    title: FDS\n    unit: ""\n    baseline:\n    target: {value: 77, due: Q4 2025/26}\n    source: CWT\n```\n');
      const after = applyFix({ text, rule: 'incomplete-metric', title: 'Add the missing keys to `WS1-K1`', replaced: ['', ''], leavesFor: ['invalid-period'] });
      assert.match(after, /unit: "TBC"\n {4}baseline: \{value: TBC, period: TBC\}\n/);
    });
  });

  describe('periods', () => {
    it('suggests corrections only when one is obvious', () => {
      const fixes = (text: string) => suggestPeriodFixes(text).map((p) => p.canonical);
      assert.deepEqual(fixes('June 24'), ['June 2024']);
      assert.deepEqual(fixes('2025/2026'), ['2025/26']);
      assert.deepEqual(fixes('31/03/2025'), ['2025-03-31']);
      assert.deepEqual(fixes('2025-02-30'), ['2025-02-28']);
      assert.deepEqual(fixes('FY 24/25'), ['2024/25']);
      assert.deepEqual(fixes('Q4 2024'), ['Q4 2024/25', 'Q3 2024/25']);
      assert.deepEqual(fixes('Q5 24/25'), []);
      assert.deepEqual(fixes('Q4 24/26'), []);
      assert.deepEqual(fixes('Autumn 2025'), ['Q2 2025/26', 'Q3 2025/26']);
      assert.deepEqual(fixes('Q4 2024/25'), []);
    });

    it('offers what the message of a rejected notation says to write', () => {
      const fixes = (text: string) => suggestPeriodFixes(text).map((p) => p.canonical);
      assert.deepEqual(fixes('Winter 2024/25'), ['Q3 2024/25', 'Q4 2024/25']);
      assert.deepEqual(fixes('03/31/2025'), ['2025-03-31']);
      assert.deepEqual(fixes('31/02/2025'), ['2025-02-28']);
      assert.deepEqual(fixes('31/03/25'), ['2025-03-31']);
      assert.deepEqual(fixes('2024/26'), ['2024/25', '2024/25-2025/26']);
      assert.deepEqual(fixes('FY2025'), ['2024/25', '2025/26']);
      assert.deepEqual(fixes('Mar 25'), ['March 2025']);
      assert.deepEqual(fixes('TBC'), [], 'no date to guess');
      assert.deepEqual(fixes('Q2'), [], 'no year to guess');
    });

    it('rewrites every accepted notation the docs list into its canonical form, as the editor offers it', () => {
      const docs = fs.readFileSync(new URL('../../docs/format.md', import.meta.url), 'utf8').replace(/\r\n/g, '\n');
      const section = docs.slice(docs.indexOf('\n## Periods\n'), docs.indexOf('\n## The review date\n'));
      const rows = section.split('\n').filter((line) => /^\| `/.test(line)).map((line) => line.slice(1, -1).split('|').map((c) => c.trim()));
      let checked = 0;
      for (const [notation, , canonicalCell, covers] of rows.filter((row) => row.length === 4)) {
        const text = /`([^`]+)`/.exec(notation)![1];
        const canonical = /`([^`]+)`$/.exec(canonicalCell)?.[1];
        if (!canonical || canonical === text) continue;
        const period = /^for a plan `([^`]+)`/.exec(covers)?.[1] ?? '2024/25-2025/26';
        const doc = periods(text).replace('period: 2024/25-2025/26', `period: ${period}`);
        assert.ok(!lint(doc).some((d) => d.ruleId === 'invalid-period'), `${text} is accepted`);
        const titles = titlesAt(doc, `due: ${text}`, 5);
        assert.ok(titles.includes(`Rewrite as \`${canonical}\``), `${text}: ${titles.join(' | ')}`);
        const rewrite = actionsFor(doc, { start: positionOf(doc, `due: ${text}`, 5), end: positionOf(doc, `due: ${text}`, 5) }).find((a) => a.title === `Rewrite as \`${canonical}\``)!;
        assert.match(applyEdits(doc, editsOf(rewrite)), new RegExp(`due: ${canonical.replace(/[/]/g, '\\/')} {2}# agreed`));
        checked++;
      }
      assert.ok(checked >= 25, `${checked} notations`);
    });

    it('offers no rewrite for an unscheduled milestone', () => {
      const doc = periods('TBC');
      assert.deepEqual(lint(doc).filter((d) => d.ruleId === 'invalid-period'), []);
      assert.deepEqual(titlesAt(doc, 'due: TBC', 5).filter((t) => t.startsWith('Rewrite')), []);
    });

    const periods = (due: string, doneOn = '') => plan('```yaml workstream\nid: WS1\ntitle: T\naims: [A1, A2]\nmilestones:\n  - id: WS1-M1\n    title: Launch\n    due: ' + due + '  # agreed\n    status: done\n' + (doneOn ? `    done_on: ${doneOn}\n` : '') + METRICS + '```\n');

    it('rewrites an invalid period that has an obvious correction', () => {
      const after = applyFix({ text: periods('June 24'), rule: 'invalid-period', title: 'Rewrite as `June 2024`', replaced: ['June 24'] });
      assert.match(after, /due: June 2024 {2}# agreed/);
      applyFix({ text: periods('Q4 2025', '2025-02-30'), rule: 'invalid-period', about: '2025-02-30', title: 'Rewrite as `2025-02-28`', replaced: ['2025-02-30'] });
    });

    it('offers each reading of an ambiguous period, none preferred, and nothing for a hopeless one', () => {
      const text = periods('Q4 2024');
      const titles = titlesAt(text, 'Q4 2024');
      assert.deepEqual(titles, ['Rewrite as `Q4 2024/25` (1 Jan - 31 Mar 2025)', 'Rewrite as `Q3 2024/25` (1 Oct - 31 Dec 2024)']);
      assert.deepEqual(titlesAt(periods('Q5 24/25'), 'Q5 24/25'), []);
    });

    it('rewrites a non-canonical period under the cursor as a refactoring, keeping its quotes', () => {
      const text = periods('"Q4 24/25"') + '\n```yaml priorities\n- id: P1\n  title: P\n  due: 2025/2026\n```\n';
      const at = positionOf(text, 'Q4 24/25', 2);
      const [action] = actionsFor(text, { start: at, end: at });
      assert.equal(action.title, 'Rewrite as `Q4 2024/25`');
      assert.equal(action.kind, 'refactor.rewrite');
      assert.equal(action.diagnostics, undefined);
      assert.match(applyEdits(text, editsOf(action)), /due: "Q4 2024\/25" {2}# agreed/);
      assert.deepEqual(titlesAt(text, '2025/2026'), ['Rewrite as `2025/26`']);
      assert.deepEqual(titlesAt(text, 'due: Q4 2025/26', 6), [], 'a canonical period has no rewrite');
      assert.deepEqual(actionsFor(text, { start: at, end: at }, [], ['quickfix']), [], 'the client can ask for quick fixes only');
    });

    it('rewrites the plan\'s own period as a financial year', () => {
      const text = plan('```yaml workstream\nid: WS1\ntitle: T\naims: [A1, A2]\n' + METRICS + '```\n').replace('period: 2024/25-2025/26', 'period: 2024-25 to 2025-26');
      assert.deepEqual(titlesAt(text, '2024-25 to'), ['Rewrite as `2024/25-2025/26`']);
    });
  });

  describe('front matter and block schema', () => {
    const body = '```yaml workstream\nid: WS1\ntitle: T\naims: [A1, A2]\n' + METRICS + '```\n';

    it('adds a missing front matter key before the closing ---, in a CRLF document', () => {
      const text = plan(body).replace('organisation: NCL Cancer Alliance\n', '').replace(/\n/g, '\r\n');
      const after = applyFix({ text, rule: 'frontmatter-schema', title: 'Add `organisation:` to the front matter', replaced: [''] });
      assert.match(after, /as_of: 2025-06-30\r\norganisation: TODO\r\n---\r\n/);
    });

    it('adds a missing id as a slug of the file name, which passes the schema', () => {
      const after = applyFix({ text: plan(body).replace('id: test-plan\n', ''), rule: 'frontmatter-schema', title: 'Add `id:` to the front matter', replaced: [''] });
      assert.match(after, /\nid: plan\n---/);
    });

    it('renames a misspelt key, unless the mapping already has the key it is a slip for', () => {
      applyFix({ text: plan(body, 'ownr: Programme Director  # interim\n'), rule: 'frontmatter-schema', title: 'Rename key to `owner`', replaced: ['ownr'] });
      const text = plan(body.replace('title: T\n', 'title: T\nleed: Clinical lead\n'));
      assert.match(applyFix({ text, rule: 'block-schema', title: 'Rename key to `lead`', replaced: ['leed'] }), /\nlead: Clinical lead\n/);
      assert.deepEqual(titlesAt(text.replace('title: T\n', 'title: T\nlead: X\n'), 'leed:'), []);
    });

    it('writes a number split at its thousands comma back whole, and the value is then read as that number', () => {
      const text = plan(body.replace('target: {value: 77,', 'target: {value: 1,500,'));
      const after = applyFix({ text, rule: 'block-schema', title: 'Write `1500` without the comma', replaced: ['1,500'] });
      assert.match(after, /target: \{value: 1500, due: Q4 2025\/26\}/);
      assert.deepEqual(lint(after).map((d) => d.ruleId), []);
      const millions = plan(body.replace('baseline: {value: 70,', 'baseline: {value: 1,500,000,'));
      assert.match(applyFix({ text: millions, rule: 'block-schema', title: 'Write `1500000` without the comma', replaced: ['1,500,000'] }), /baseline: \{value: 1500000, period/);
    });

    it('writes a lone aim where a list is expected as a one-item list, one diagnostic each', () => {
      const frontMatter = plan(body, 'aims: A1  # adopted\n');
      assert.deepEqual(lint(frontMatter).map((d) => d.message), ['`aims` must be a list (found `A1`); write `[A1]`.']);
      assert.match(applyFix({ text: frontMatter, rule: 'frontmatter-schema', title: 'Write `[A1]`', replaced: ['A1'] }), /\naims: \[A1\] {2}# adopted\n/);
      const block = plan(body.replace('aims: [A1, A2]', 'aims: A1'), 'aims: [A1]\n');
      // A2 is served by no workstream here; nothing else may report the lone A1 again as unlinked.
      assert.deepEqual(lint(block).filter((d) => d.message.includes('A1') || d.ruleId === 'workstream-without-aim').map((d) => d.ruleId), ['block-schema']);
      assert.match(applyFix({ text: block, rule: 'block-schema', title: 'Write `[A1]`', replaced: ['A1'] }), /\ntitle: T\naims: \[A1\]\n/);
    });

    it('changes a misspelt enumerated value to the one the message names', () => {
      const text = plan(body.replace('aims: [A1, A2]\n', 'aims: [A1, A2]\nstatus: on-trak  # as of June\n'));
      assert.match(applyFix({ text, rule: 'block-schema', title: 'Change to `on-track`', replaced: ['on-trak'] }), /\nstatus: on-track {2}# as of June\n/);
    });

    it('changes a misspelt built-in framework to the one the message names', () => {
      const text = plan(body, 'framework: builtin:ncl-cancer-2023-2  # the alliance\'s\n');
      assert.match(lint(text).find((d) => d.ruleId === 'unresolved-framework')!.message, /did you mean `builtin:ncl-cancer-2023-28`/);
      const after = applyFix({ text, rule: 'unresolved-framework', title: 'Change to `builtin:ncl-cancer-2023-28`', replaced: ['builtin:ncl-cancer-2023-2'] });
      assert.match(after, /\nframework: builtin:ncl-cancer-2023-28 {2}# the alliance's\n/);
      assert.ok(!lint(after).some((d) => d.ruleId === 'unresolved-framework'));
      const at = positionOf(text, 'builtin:ncl-cancer-2023-2');
      assert.deepEqual(actionsFor(text, { start: at, end: at }).map((a) => [a.title, a.isPreferred]), [['Change to `builtin:ncl-cancer-2023-28`', true]]);
    });

    it('changes a misspelt block type', () => {
      const text = plan(body.replace('```yaml workstream', '```yaml workstrem'));
      assert.match(applyFix({ text, rule: 'block-schema', title: 'Change block type to `workstream`', replaced: ['workstrem'] }), /```yaml workstream\n/);
    });
  });

  describe('enumerated values read as their canonical form', () => {
    it('rewrites `At risk`, `half-yearly`, `PCN` and `Draft` as a refactoring with no diagnostic, keeping quotes; a canonical word gets none', () => {
      const text = plan('```yaml workstream\nid: WS1\ntitle: T\naims: [A1, A2]\nstatus: "At risk"\nmilestones:\n  - {id: WS1-M1, title: Audit, due: Q2 2025/26, status: on-track, cadence: half-yearly}\n' + METRICS.replace('breakdown: [deprivation]', 'breakdown: [deprivation, PCN]') + '```\n', 'status: Draft\n');
      assert.deepEqual(lint(text), []);
      const rewrite = (needle: string) => {
        const at = positionOf(text, needle);
        const actions = actionsFor(text, { start: at, end: at });
        return actions.map((a) => [a.title, a.kind, applyEdits(text, editsOf(a)).slice(text.indexOf(needle) - 10, text.indexOf(needle) + 12)]);
      };
      assert.deepEqual(rewrite('At risk'), [['Rewrite as `at-risk`', 'refactor.rewrite', '\nstatus: "at-risk"\nmil']]);
      assert.deepEqual(rewrite('half-yearly').map((a) => a[0]), ['Rewrite as `biannual`']);
      assert.deepEqual(rewrite('PCN').map((a) => a[0]), ['Rewrite as `pcn`']);
      assert.deepEqual(rewrite('Draft').map((a) => a[0]), ['Rewrite as `draft`']);
      assert.deepEqual(rewrite('deprivation'), []);
      assert.deepEqual(rewrite('on-track'), []);
    });
  });

  describe('aim-without-workstream', () => {
    const text = plan('```yaml workstream\nid: WS1\ntitle: T\naims: [A1]\n' + METRICS + '```\n\n```yaml workstream\nid: WS2\ntitle: U\naims:\n  - A1  # main aim\n' + METRICS.replace(/WS1/g, 'WS2') + '```\n\n```yaml workstream\nid: WS3\ntitle: >-\n  A long\n  title\n' + METRICS.replace(/WS1/g, 'WS3') + '```\n');

    it('offers each workstream, the first preferred', () => {
      const titles = actionsFor(text, toRange(new LineIndex(text), lint(text).find((d) => d.ruleId === 'aim-without-workstream')!.span)).map((a) => [a.title, a.isPreferred ?? false]);
      assert.deepEqual(titles, [["Add `A2` to `WS1`'s aims", true], ["Add `A2` to `WS2`'s aims", false], ["Add `A2` to `WS3`'s aims", false]]);
    });

    it('adds to a flow list, a block list, or a new aims key', () => {
      assert.match(applyFix({ text, rule: 'aim-without-workstream', title: "Add `A2` to `WS1`'s aims", replaced: [''] }), /id: WS1\ntitle: T\naims: \[A1, A2\]\n/);
      assert.match(applyFix({ text, rule: 'aim-without-workstream', title: "Add `A2` to `WS2`'s aims", replaced: [''] }), /aims:\n {2}- A1 {2}# main aim\n {2}- A2\n/);
      assert.match(applyFix({ text, rule: 'aim-without-workstream', title: "Add `A2` to `WS3`'s aims", replaced: [''] }), /title: >-\n {2}A long\n {2}title\naims: \[A2\]\nmetrics:/);
    });
  });

  describe('aim-not-adopted', () => {
    const framework = 'framework: builtin:ncl-cancer-2023-28\n';
    const ws = (aims: string) => '```yaml workstream\nid: WS1\ntitle: T\naims: [' + aims + ']\n' + METRICS + '```\n';

    it('adopts the aim in a flow or block front matter aims list, preferred, and the link then counts', () => {
      const flow = plan(ws('A1, A2, SA1, SA4'), framework + 'aims: [SA1]  # agreed at board\n');
      assert.deepEqual(lint(flow).filter((d) => d.ruleId === 'aim-not-adopted').map((d) => d.data), [{ aim: 'SA4' }]);
      const after = applyFix({ text: flow, rule: 'aim-not-adopted', title: 'Adopt `SA4`: add it to the front matter `aims`', replaced: [''] });
      assert.match(after, /\naims: \[SA1, SA4\] {2}# agreed at board\n/);
      assert.deepEqual(lint(after).map((d) => d.ruleId), []);
      const block = plan(ws('A1, A2, SA1, SA4'), framework + 'aims:\n  - SA1\n');
      assert.match(applyFix({ text: block, rule: 'aim-not-adopted', title: 'Adopt `SA4`: add it to the front matter `aims`', replaced: [''] }), /\naims:\n {2}- SA1\n {2}- SA4\n/);
      const empty = plan(ws('A1, A2, SA4'), framework + 'aims: []\n');
      assert.match(applyFix({ text: empty, rule: 'aim-not-adopted', title: 'Adopt `SA4`: add it to the front matter `aims`', replaced: [''] }), /\naims: \[SA4\]\n/);
      const at = positionOf(flow, 'SA4');
      assert.deepEqual(actionsFor(flow, { start: at, end: at }).map((a) => [a.title, a.isPreferred]), [['Adopt `SA4`: add it to the front matter `aims`', true]]);
    });
  });

  describe('over the protocol', function () {
    this.timeout(30_000);
    let client: LspClient;
    afterEach(async () => client?.stop());

    it('joins `1,500` into `1500` with a preferred quick fix, after which nothing is reported', async () => {
      const text = plan('```yaml workstream\nid: WS1\ntitle: T\naims: [A1, A2]\n' + METRICS.replace('target: {value: 77,', 'target: {value: 1,500,') + '```\n');
      client = await LspClient.start({ root: exampleWorkspace({ 'split.md': text }) });
      const uri = await client.open('split.md');
      const published = await client.diagnostics(uri, (p) => p.version === 1);
      const split = published.diagnostics.find((d) => d.code === 'block-schema')!;
      assert.match(String(split.message), /write `1500` without the comma/);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: split.range, context: { diagnostics: [split] } });
      const join = actions.find((a) => a.title === 'Write `1500` without the comma')!;
      assert.equal(join.isPreferred, true);
      const after = applyEdits(text, join.edit!.changes![uri]);
      assert.match(after, /target: \{value: 1500, due: Q4 2025\/26\}/);
      const version = await client.change(uri, [{ text: after }]);
      const relinted = await client.diagnostics(uri, (p) => p.version === version);
      assert.deepEqual(relinted.diagnostics.map((d) => d.code), []);
    });

    /** Opens the example with problems, applies each action the server offers for a diagnostic, and returns what the server then reports. */
    async function applyEach(pick: (d: LspDiagnostic) => boolean): Promise<Array<{ action: CodeAction; before: LspDiagnostic[]; after: LspDiagnostic[]; text: string }>> {
      const name = 'ncl-adt-2025-26-with-problems.md';
      const original = fs.readFileSync(path.join(exampleWorkspace(), name), 'utf8');
      client = await LspClient.start({ root: exampleWorkspace() });
      const uri = await client.open(name, original);
      let text = original;
      const first = (await client.diagnostics(uri, (p) => p.version === 1)).diagnostics;
      const target = first.find(pick)!;
      assert.ok(target, 'the example has the diagnostic');
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } });
      const results = [];
      for (const action of actions) {
        assert.deepEqual(action.diagnostics, [target]);
        const applied = applyEdits(original, action.edit!.changes![uri]);
        // Put the original back first, so that each fix is judged on its own.
        const version = await client.change(uri, [{ text: applied }]);
        const after = (await client.diagnostics(uri, (p) => p.version === version)).diagnostics;
        results.push({ action, before: first, after, text: applied });
        text = applied;
      }
      assert.ok(text !== undefined);
      return results;
    }

    it('overdue milestone: no fix is preferred, and none silences the rule with a fact nobody gave', async () => {
      const results = await applyEach((d) => d.code === 'overdue-milestone' && /WS1-M2/.test(String(d.message)));
      assert.deepEqual(results.map((r) => r.action.title), [
        'Set the status of `WS1-M2` to at-risk', 'Set the status of `WS1-M2` to off-track', 'Mark `WS1-M2` done (write the date it was done)',
        'Mark `WS1-M2` done on the review date 2025-06-30', 'Move `due` to Q2 2025/26',
      ]);
      const overdueM2 = (ds: LspDiagnostic[]) => ds.some((d) => d.code === 'overdue-milestone' && /WS1-M2/.test(String(d.message)));
      for (const { action, after, text } of results) {
        assert.equal(action.isPreferred, undefined, action.title);
        if (action.title.startsWith('Set the status')) assert.ok(overdueM2(after), `${action.title}: still overdue`);
        if (action.title.includes('write the date')) {
          assert.match(text, /- id: WS1-M2\n(.*\n){2} {4}status: done\n {4}done_on: YYYY-MM-DD\n {2}- id: WS1-M3/);
          assert.ok(after.some((d) => d.code === 'block-schema' && /done_on/.test(String(d.message))), 'the date to write is reported');
        }
      }
    });

    it('"mark done on a date I choose" is a snippet placeholder for a client that takes snippet edits, else a literal that is no date', async () => {
      const name = 'ncl-adt-2025-26-with-problems.md';
      const original = fs.readFileSync(path.join(exampleWorkspace(), name), 'utf8');
      const pickM2 = (ds: LspDiagnostic[]) => ds.find((d) => d.code === 'overdue-milestone' && /WS1-M2/.test(String(d.message)))!;
      const capabilities = fullCapabilities();
      capabilities.workspace = { ...capabilities.workspace, workspaceEdit: { documentChanges: true, snippetEditSupport: true } };
      client = await LspClient.start({ root: exampleWorkspace(), capabilities });
      const uri = await client.open(name, original);
      const target = pickM2((await client.diagnostics(uri, (p) => p.version === 1)).diagnostics);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } });
      const done = actions.find((a) => a.title === 'Mark `WS1-M2` done (write the date it was done)')!;
      assert.equal(done.edit!.changes, undefined);
      const [change] = done.edit!.documentChanges as Array<{ textDocument: { uri: string; version: number }; edits: Array<{ range: Range; newText?: string; snippet?: { kind: string; value: string } }> }>;
      assert.deepEqual(change.textDocument, { uri, version: 1 });
      const snippets = change.edits.filter((e) => e.snippet);
      assert.equal(snippets.length, 1);
      assert.equal(snippets[0].snippet!.kind, 'snippet');
      assert.match(snippets[0].snippet!.value, /done_on: \$\{1:YYYY-MM-DD\}$/);
      // The editor selects the placeholder and the user types the date; the milestone is then done, and not overdue.
      const typed = (date: string) => applyEdits(original, change.edits.map((e) => ({ range: e.range, newText: e.newText ?? e.snippet!.value.replace(/\$\{1:YYYY-MM-DD\}/, date) })));
      const version = await client.change(uri, [{ text: typed('2025-05-02') }]);
      const after = (await client.diagnostics(uri, (p) => p.version === version)).diagnostics;
      assert.equal(pickM2(after), undefined);
      assert.deepEqual(after.filter((d) => /^Milestone `WS1-M2`/.test(String(d.message))).map((d) => d.message), [], 'the date written is valid');
      // Other fixes, with no placeholder, stay plain text edits.
      assert.ok(actions.filter((a) => a !== done && !a.title.includes('write the date')).every((a) => a.edit!.changes && !a.edit!.documentChanges));
      await client.stop();

      // A client without snippet edits gets the literal, which the schema reports until a date replaces it.
      client = await LspClient.start({ root: exampleWorkspace() });
      const plainUri = await client.open(name, original);
      const plainTarget = pickM2((await client.diagnostics(plainUri, (p) => p.version === 1)).diagnostics);
      const plain = (await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: plainUri }, range: plainTarget.range, context: { diagnostics: [plainTarget] } }))
        .find((a) => a.title === 'Mark `WS1-M2` done (write the date it was done)')!;
      const literal = applyEdits(original, plain.edit!.changes![plainUri]);
      assert.match(literal, /done_on: YYYY-MM-DD\n/);
      const v = await client.change(plainUri, [{ text: literal }]);
      assert.ok((await client.diagnostics(plainUri, (p) => p.version === v)).diagnostics.some((d) => d.code === 'block-schema' && /`done_on` `YYYY-MM-DD` is not valid/.test(String(d.message))));
    });

    it('metric skeleton and missing keys: every value left to write is reported, and no period is invented', async () => {
      const results = await applyEach((d) => d.code === 'missing-metrics');
      assert.equal(results.length, 1);
      const [{ before, after, text }] = results;
      const skeleton = /- id: WS7-K1\n(?: {4,}.*\n)+/.exec(text)?.[0] ?? "";
      assert.match(skeleton, /title: TBC/);
      assert.doesNotMatch(skeleton, /Q[1-4]|\d{4}|breakdown/, 'no invented period, number or breakdown');
      const tbcPeriods = (ds: LspDiagnostic[]) => ds.filter((d) => d.code === 'invalid-period' && /`TBC`/.test(String(d.message))).length;
      assert.equal(tbcPeriods(after) - tbcPeriods(before), 2, 'the baseline period and the target due are reported');
      // unit, source, title and values are `TBC`, which placeholder-value reports.
      assert.match(skeleton, /unit: TBC\n.*\n.*\n +source: TBC\n/);
    });
  });
});
