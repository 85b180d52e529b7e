import assert from 'node:assert/strict';
import path from 'node:path';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList, type MarkupContent, type TextEdit } from 'vscode-languageserver';
import { WorkspaceIndex } from '../server/src/service/workspace.js';
import { readSettings } from '../server/src/lsp/settings.js';
import { uriOfPath } from '../server/src/service/uris.js';
import { completion, type CompletionOptions } from '../server/src/service/features/completion.js';
import { MILESTONE_STATUSES, PLAN_STATUSES } from '../server/src/core/model.js';
import { LspClient, cursor, exampleWorkspace } from './helpers/lsp.js';

const FRONT_MATTER = `---
kind: commissioning-plan
id: completion-plan
title: Completion fixture
organisation: Test
period: 2024/25-2025/26
framework: builtin:ncl-cancer-2023-28
as_of: 2025-06-30
---

`;

const PLAN_AIMS = '```yaml aims\n- id: PA1\n  title: A local aim of the plan\n```\n\n';

const fence = (type: string, body: string) => `\`\`\`yaml ${type}\n${body}\n\`\`\`\n`;

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const bySortText = (items: CompletionItem[]) => [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
const newText = (item: CompletionItem) => (item.textEdit as TextEdit).newText;

describe('completion', () => {
  let root: string;
  let index: WorkspaceIndex;
  let n = 0;

  before(async () => {
    root = exampleWorkspace();
    index = new WorkspaceIndex([root], readSettings(undefined));
    await index.indexFolders();
  });

  /** Completion at the `<|>` of an open buffer, each call in a file of its own. */
  function complete(source: string, options?: CompletionOptions, name = `fixture-${++n}.md`): CompletionItem[] {
    const { text, position } = cursor(source);
    const uri = uriOfPath(path.join(root, name));
    index.setOpen(uri, text, 1);
    return completion(index.linkedFile(uri)!, position, index, options);
  }

  describe('keys', () => {
    it('offers the front matter keys not yet present, required ones first, with their descriptions', () => {
      const items = complete('---\nkind: commissioning-plan\nid: p\ntitle: T\nframework: builtin:ncl-cancer-2023-28\n<|>\nas_of: 2025-06-30\n---\n');
      assert.deepEqual(labels(bySortText(items)), ['organisation', 'period', 'aims', 'status', 'owner', 'version', 'tags']);
      const organisation = items.find((i) => i.label === 'organisation')!;
      assert.equal(organisation.kind, CompletionItemKind.Property);
      assert.equal(organisation.detail, 'Organisation that owns the plan.');
      assert.match((organisation.documentation as MarkupContent).value, /North Central London Cancer Alliance/);
      assert.equal((organisation.documentation as MarkupContent).kind, 'markdown');
      assert.equal(organisation.insertText, 'organisation: ');
      assert.equal(newText(organisation), 'organisation: ');
    });

    it('reads a framework front matter against the framework schema, even before it is closed', () => {
      const items = complete('---\nkind: commissioning-framework\n<|>');
      assert.ok(labels(items).includes('id'));
      assert.ok(!labels(items).includes('framework') && !labels(items).includes('aims') && !labels(items).includes('kind'));
    });

    it('offers the keys a workstream is missing', () => {
      const items = complete(FRONT_MATTER + fence('workstream', 'id: WS1\ntitle: A workstream\n<|>\naims: [SA1]'));
      assert.deepEqual(labels(bySortText(items)), ['priorities', 'lead', 'status', 'milestones', 'metrics', 'updates', 'rag']);
    });

    it('offers milestone keys inside an item of the milestones list', () => {
      const items = complete(FRONT_MATTER + fence('workstream', 'id: WS1\nmilestones:\n  - id: WS1-M1\n    title: Something\n    <|>\n  - id: WS1-M2\n    status: done'));
      assert.deepEqual(labels(bySortText(items)), ['due', 'status', 'done_on', 'cadence', 'priorities', 'owner', 'updates', 'risks', 'depends_on', 'rag']);
      assert.equal(items.find((i) => i.label === 'due')!.detail, 'The period by the end of which the milestone is due.');
    });

    it('offers metric keys, through the $ref to the metric schema', () => {
      const items = complete(FRONT_MATTER + fence('workstream', 'id: WS1\nmetrics:\n  - id: WS1-K1\n    <|>'));
      assert.deepEqual(labels(bySortText(items)), ['title', 'unit', 'baseline', 'target', 'source', 'breakdown', 'direction', 'actuals', 'trajectory', 'tolerance', 'reporting', 'rag']);
    });

    it('offers baseline keys in block and flow mappings', () => {
      const block = complete(FRONT_MATTER + fence('workstream', 'id: WS1\nmetrics:\n  - id: WS1-K1\n    baseline:\n      <|>'));
      assert.deepEqual(labels(block), ['value', 'period']);
      const flow = complete(FRONT_MATTER + fence('workstream', 'id: WS1\nmetrics:\n  - id: WS1-K1\n    baseline: {value: 70, <|>}'));
      assert.deepEqual(labels(flow), ['period']);
    });

    it('offers priority keys in a priorities block', () => {
      const items = complete(FRONT_MATTER + fence('priorities', '- id: P1\n  <|>'));
      assert.deepEqual(labels(bySortText(items)), ['title', 'intent', 'due', 'deadlines', 'cadence', 'workstreams', 'metrics']);
    });

    it('replaces the part of the key already typed', () => {
      const item = complete(FRONT_MATTER + fence('workstream', 'id: WS1\ntitle: T\nlea<|>')).find((i) => i.label === 'lead')!;
      assert.deepEqual((item.textEdit as TextEdit).range, { start: { line: 13, character: 0 }, end: { line: 13, character: 3 } });
    });
  });

  describe('values', () => {
    it('offers the plan statuses in front matter and the delivery statuses in a milestone', () => {
      const plan = complete(FRONT_MATTER.replace('as_of', 'status: <|>\nas_of'));
      assert.deepEqual(labels(plan), [...PLAN_STATUSES]);
      assert.ok(plan.every((i) => i.kind === CompletionItemKind.EnumMember));
      const milestone = complete(FRONT_MATTER + fence('workstream', 'id: WS1\nmilestones:\n  - id: WS1-M1\n    status: <|>'));
      assert.deepEqual(labels(milestone), [...MILESTONE_STATUSES]);
    });

    it('replaces a half-typed value, and adds the space after a colon just typed', () => {
      const [typed] = complete(FRONT_MATTER + fence('workstream', 'id: WS1\nstatus: on-<|>'));
      assert.deepEqual((typed.textEdit as TextEdit).range, { start: { line: 12, character: 8 }, end: { line: 12, character: 11 } });
      const [bare] = complete(FRONT_MATTER + fence('workstream', 'id: WS1\nstatus:<|>'));
      assert.equal(newText(bare), ' not-started');
    });

    it('offers cadences, breakdowns not yet listed and the document kinds', () => {
      assert.deepEqual(labels(complete(FRONT_MATTER + fence('workstream', 'id: WS1\nmilestones:\n  - id: M\n    cadence: <|>'))), ['quarterly', 'biannual', 'annual']);
      const breakdown = labels(complete(FRONT_MATTER + fence('workstream', 'id: WS1\nmetrics:\n  - id: K\n    breakdown: [age, <|>, sex]')));
      assert.ok(breakdown.includes('ethnicity') && !breakdown.includes('age') && !breakdown.includes('sex'));
      assert.deepEqual(labels(complete('---\nkind: <|>\n---\n')), ['commissioning-plan', 'commissioning-framework']);
    });

    it('offers the progress values: direction, reporting, a rag override and milestone ids for depends_on', () => {
      const metric = (line: string) => labels(complete(FRONT_MATTER + fence('workstream', `id: WS1\nmetrics:\n  - id: K\n    ${line}`)));
      assert.deepEqual(metric('direction: <|>'), ['higher', 'lower']);
      assert.deepEqual(metric('reporting: <|>'), ['monthly', 'quarterly']);
      assert.deepEqual(metric('rag:\n      value: <|>'), ['red', 'amber', 'green', 'blue']);
      assert.deepEqual(labels(complete(FRONT_MATTER + fence('workstream', 'id: WS1\nrag: {value: <|>}'))), ['red', 'amber', 'green', 'blue'], 'through the $ref into the metric schema');
      assert.deepEqual(labels(complete(FRONT_MATTER + fence('workstream', 'id: WS1\nrag:\n  <|>'))), ['value', 'reason']);
      const ids = labels(complete(FRONT_MATTER + fence('workstream', 'id: WS1\nmilestones:\n  - id: WS1-M1\n    title: A\n  - id: WS1-M2\n    depends_on: [<|>]')));
      assert.ok(ids.includes('WS1-M1'), ids.join(', '));
    });

    it('offers the built-in frameworks and the workspace frameworks by relative path', () => {
      const items = complete(FRONT_MATTER.replace('framework: builtin:ncl-cancer-2023-28', 'framework: <|>'));
      assert.deepEqual(labels(items), ['builtin:ncl-cancer-2023-28', './ncl-ltp-framework.md']);
      assert.match(items[0].detail!, /North Central London Cancer Alliance strategic aims/);
      const nested = complete(FRONT_MATTER.replace('framework: builtin:ncl-cancer-2023-28', 'framework: <|>'), undefined, 'plans/nested.md');
      assert.ok(labels(nested).includes('../ncl-ltp-framework.md'));
    });
  });

  describe('ids', () => {
    it('offers the visible aims in a flow list, with titles, leaving out those already listed', () => {
      const items = complete(FRONT_MATTER + PLAN_AIMS + fence('workstream', 'id: WS1\naims: [SA1, <|>, SA3]'));
      assert.deepEqual(labels(items), ['SA2', 'SA4', 'SA5', 'SA6', 'PA1']);
      assert.equal(items[0].detail, 'Deliver the highest standards of patient experience and improve quality of life');
    });

    it('offers the aims in a block list', () => {
      const items = complete(FRONT_MATTER + fence('workstream', 'id: WS1\naims:\n  - SA2\n  - <|>\n  - SA4'));
      assert.deepEqual(labels(items), ['SA1', 'SA3', 'SA5', 'SA6']);
    });

    it('offers the aims as new items of a block list before the dash is typed', () => {
      const items = complete(FRONT_MATTER + fence('workstream', 'id: WS1\naims:\n  - SA2\n  <|>'));
      assert.deepEqual(labels(items), ['SA1', 'SA3', 'SA4', 'SA5', 'SA6']);
      assert.equal(newText(items[0]), '- SA1');
    });

    it('wraps the id in a flow list when the list is not begun', () => {
      const items = complete(FRONT_MATTER + fence('workstream', 'id: WS1\naims: <|>'));
      assert.equal(newText(items[0]), '[SA1]');
    });

    it('offers only the framework aims in the front matter', () => {
      const items = complete(FRONT_MATTER.replace('as_of', 'aims: [SA1, <|>]\nas_of') + PLAN_AIMS);
      assert.deepEqual(labels(items), ['SA2', 'SA3', 'SA4', 'SA5', 'SA6']);
    });

    it('offers priority ids to a workstream and workstream ids to a priority', () => {
      const priorities = complete(FRONT_MATTER + fence('priorities', '- id: LOCAL-1\n  title: Local') + '\n' + fence('workstream', 'id: WS1\npriorities: [ADTDG-1, <|>]'));
      assert.equal(priorities.length, 17);
      assert.ok(!labels(priorities).includes('ADTDG-1') && labels(priorities).includes('LOCAL-1'));
      assert.equal(priorities.find((i) => i.label === 'ADTDG-3')!.detail, 'Breast Pain');
      const workstreams = complete(FRONT_MATTER + fence('workstream', 'id: WS1\ntitle: One') + '\n' + fence('workstream', 'id: WS2\ntitle: Two') + '\n' + fence('priorities', '- id: P1\n  workstreams: [WS2, <|>]'));
      assert.deepEqual(labels(workstreams), ['WS1']);
      assert.equal(workstreams[0].detail, 'One');
    });
  });

  describe('periods', () => {
    it('offers the quarters from the review date to the end of the plan, then its financial years', () => {
      const items = complete(FRONT_MATTER + fence('workstream', 'id: WS1\nmilestones:\n  - id: WS1-M1\n    due: <|>'));
      assert.deepEqual(labels(bySortText(items)).slice(0, 3), ['Q1 2025/26', 'Q2 2025/26', 'Q3 2025/26']);
      assert.deepEqual(labels(bySortText(items)), ['Q1 2025/26', 'Q2 2025/26', 'Q3 2025/26', 'Q4 2025/26', '2024/25', '2025/26']);
      assert.equal(items[0].detail, '1 Apr - 30 Jun 2025');
      assert.equal(items[5].detail, '1 Apr 2025 - 31 Mar 2026');
    });

    it('offers periods for a baseline period and a target due date, not for the plan period', () => {
      const baseline = complete(FRONT_MATTER + fence('workstream', 'id: WS1\nmetrics:\n  - id: K\n    baseline: {value: 1, period: <|>}'));
      assert.equal(baseline[0].label, 'Q1 2025/26');
      const target = complete(FRONT_MATTER + fence('workstream', 'id: WS1\nmetrics:\n  - id: K\n    target:\n      due: Q<|>'));
      assert.equal(target[0].label, 'Q1 2025/26');
      assert.deepEqual((target[0].textEdit as TextEdit).range.start.character, 11);
      assert.deepEqual(complete(FRONT_MATTER.replace('period: 2024/25-2025/26', 'period: <|>')), []);
    });
  });

  describe('block types', () => {
    it('offers the block types after ```yaml and after a bare fence', () => {
      const items = complete(FRONT_MATTER + '```yaml <|>');
      assert.deepEqual(labels(items), ['aims', 'priorities', 'workstream']);
      assert.equal(newText(items[2]), 'workstream');
      const bare = complete(FRONT_MATTER + 'Some text.\n\n```<|>\n');
      assert.deepEqual(bare.map(newText), ['yaml aims', 'yaml priorities', 'yaml workstream']);
    });

    it('offers no workstream in a framework, and nothing on a closing fence', () => {
      assert.deepEqual(labels(complete('---\nkind: commissioning-framework\nid: f\n---\n\n```yaml <|>')), ['aims', 'priorities']);
      assert.deepEqual(complete(FRONT_MATTER + '```yaml workstream\nid: WS1\n```<|>\n'), []);
      assert.deepEqual(complete(FRONT_MATTER + '```python\nx = 1\n<|>\n```\n'), []);
    });
  });

  describe('snippets', () => {
    it('offers a workstream block on an empty line of the body, numbered after the existing workstreams', () => {
      const items = complete(FRONT_MATTER + fence('workstream', 'id: WS1\ntitle: One') + '\n<|>\n');
      assert.deepEqual(labels(items), ['cplan: workstream block', 'cplan: aims block', 'cplan: priorities block']);
      const [snippet] = items;
      assert.equal(snippet.label, 'cplan: workstream block');
      assert.equal(snippet.kind, CompletionItemKind.Snippet);
      assert.equal(snippet.insertTextFormat, InsertTextFormat.Snippet);
      const text = newText(snippet);
      assert.match(text, /^```yaml workstream\nid: \$\{1:WS2\}\ntitle: /);
      assert.match(text, /\naims: \[\$3\]\nmilestones:\n {2}- id: \$\{1:WS2\}-M1\n/);
      assert.match(text, /\n {4}due: \$\{5:Q2 2025\/26\}\n {4}status: not-started\nmetrics:\n/);
      assert.match(text, /\n```\n\$0$/);
      const typed = complete(FRONT_MATTER + 'work<|>\n');
      assert.deepEqual((typed[0].textEdit as TextEdit).range, { start: { line: 10, character: 0 }, end: { line: 10, character: 4 } });
      assert.deepEqual(complete(FRONT_MATTER + '-<|>\n'), [], 'a list item being begun is left alone');
    });

    it('offers a milestone skeleton in a milestones list, with the next id and the next quarter', () => {
      const afterDash = complete(FRONT_MATTER + fence('workstream', 'id: WS4\nmilestones:\n  - id: WS4-M1\n    due: Q1 2025/26\n  - <|>'));
      assert.equal(afterDash[0].label, 'milestone');
      assert.equal(newText(afterDash[0]), 'id: ${1:WS4-M2}\n    title: ${2:What will be delivered}\n    due: ${3:Q2 2025/26}\n    status: not-started');
      assert.ok(labels(afterDash).includes('id'), 'the milestone keys are offered too');
      const noDash = complete(FRONT_MATTER + fence('workstream', 'id: WS4\nmilestones:\n  <|>'));
      assert.deepEqual(labels(noDash), ['milestone']);
      assert.match(newText(noDash[0]), /^- id: \$\{1:WS4-M1\}\n {4}title: /);
    });

    it('offers a metric skeleton in a metrics list, carrying a block quote to the next lines', () => {
      const [metric] = complete(FRONT_MATTER + '> ```yaml workstream\n> id: WS5\n> metrics:\n>   - <|>\n> ```\n');
      assert.equal(metric.label, 'metric');
      assert.equal(
        newText(metric),
        'id: ${1:WS5-K1}\n>     title: ${2:What is measured}\n>     unit: ${3:"%"}\n>     baseline: {value: ${4:0}, period: ${5:Q4 2024/25}\\}\n' +
          '>     target: {value: ${6:0}, due: ${7:Q4 2025/26}\\}\n>     source: ${8:Data source}',
      );
    });

    it('offers no snippet when told the client cannot take them (what a client declares is tested over the protocol in lsp-protocol-defects)', () => {
      assert.deepEqual(complete(FRONT_MATTER + '<|>\n', { snippets: false }), []);
      assert.deepEqual(labels(complete(FRONT_MATTER + fence('workstream', 'id: WS4\nmilestones:\n  - <|>'), { snippets: false }))[0], 'id');
    });
  });

  describe('half-typed text', () => {
    it('completes ids in a flow list left open in a block left open at the end of the file', () => {
      assert.deepEqual(labels(complete(FRONT_MATTER + '```yaml workstream\nid: WS1\naims: [SA1, <|>')), ['SA2', 'SA3', 'SA4', 'SA5', 'SA6']);
    });

    it('completes keys on the empty last line of an unclosed fence', () => {
      const items = complete(FRONT_MATTER + '```yaml workstream\nid: WS1\n<|>');
      assert.deepEqual(labels(bySortText(items)), ['title', 'aims', 'priorities', 'lead', 'status', 'milestones', 'metrics', 'updates', 'rag']);
    });

    it('completes while another line of the block is broken YAML', () => {
      const items = complete(FRONT_MATTER + fence('workstream', 'id: WS1\ntitle: [unclosed\nmilestones:\n  - id: WS1-M1\n    status: <|>\n    due: : :'));
      assert.deepEqual(labels(items), [...MILESTONE_STATUSES]);
    });

    it('completes inside a block indented in a list item', () => {
      const items = complete(FRONT_MATTER + '- A list item.\n\n  ```yaml workstream\n  id: WS1\n  milestones:\n    - id: WS1-M1\n      <|>\n  ```\n');
      assert.deepEqual(labels(bySortText(items)), ['title', 'due', 'status', 'done_on', 'cadence', 'priorities', 'owner', 'updates', 'risks', 'depends_on', 'rag']);
    });

    it('says nothing in a comment', () => {
      assert.deepEqual(complete(FRONT_MATTER + fence('workstream', 'id: WS1 # <|>')), []);
    });
  });
});

describe('language server: completion over stdio', function () {
  this.timeout(30_000);
  let client: LspClient;
  afterEach(async () => client?.stop());

  it('answers textDocument/completion for aim ids and front matter statuses', async () => {
    client = await LspClient.start({ root: exampleWorkspace() });
    const source = FRONT_MATTER.replace('as_of', 'status: <|>\nas_of');
    const status = cursor(source);
    const uri = await client.open('completion-fixture.md', status.text);
    const statuses = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: status.position });
    const statusItems = Array.isArray(statuses) ? statuses : statuses.items;
    assert.deepEqual(labels(statusItems), [...PLAN_STATUSES]);

    const aims = cursor(FRONT_MATTER.replace('as_of', 'status: draft\nas_of') + '```yaml workstream\nid: WS1\naims: [SA4, <|>');
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: endOf(status.text) }, text: aims.text }]);
    const result = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: aims.position, context: { triggerKind: 2, triggerCharacter: ' ' } });
    const items = Array.isArray(result) ? result : result.items;
    assert.deepEqual(labels(items), ['SA1', 'SA2', 'SA3', 'SA5', 'SA6']);
    assert.equal(items[0].detail, 'Improve survival, focusing on early diagnosis, and prevention');
  });
});

function endOf(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}
