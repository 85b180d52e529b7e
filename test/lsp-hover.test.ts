import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CodeLens, Hover, InlayHint, MarkupContent, Position } from 'vscode-languageserver';
import { WorkspaceIndex } from '../server/src/service/workspace.js';
import type { LinkedFile } from '../server/src/service/features/linked-file.js';
import { uriOfPath } from '../server/src/service/uris.js';
import { hover } from '../server/src/service/features/hover.js';
import { inlayHints } from '../server/src/service/features/inlay-hints.js';
import { codeLenses } from '../server/src/service/features/code-lens.js';
import { BUILTIN_FRAMEWORK_URI, LspClient, cursor, exampleWorkspace, positionOf } from './helpers/lsp.js';
import { indexFolder } from './helpers/workspace.js';
import { REPO_ROOT } from './helpers/cli.js';

const ADT = 'ncl-adt-2025-26.md';
const PROBLEMS = 'ncl-adt-2025-26-with-problems.md';
const LTP_PLAN = 'ncl-long-term-plan-cancer.md';
const LTP_FRAMEWORK = 'ncl-ltp-framework.md';

const HINTS_PLAN = `---
kind: commissioning-plan
id: hints-plan
title: Inlay hint fixture
organisation: Test
period: 2024/25-2025/26
framework: builtin:ncl-cancer-2023-28
aims: [SA1]
as_of: 2025-06-30
---

\`\`\`yaml workstream
id: HW1
title: Hint workstream
aims: [SA1]
milestones:
  - id: HW1-M1
    title: Single day
    due: 2025-03-31
    status: done
    done_on: 2025-03-30
  - id: HW1-M2
    title: Quarterly review
    due: 2025/26
    status: on-track
    cadence: quarterly
    done_on: 2025-01-15
metrics:
  - id: HW1-K1
    title: A metric
    unit: "%"
    baseline: {value: 1, period: 2024/25}
    target: {value: 2, due: March 2026}
    source: Somewhere
\`\`\`
`;

async function indexOf(root: string): Promise<WorkspaceIndex> {
  return (await indexFolder(root)).index;
}

function markdown(result: Hover | null): string {
  assert.ok(result, 'a hover');
  return (result.contents as MarkupContent).value;
}

/** The position after the end of `needle` in `text`. */
function endOf(text: string, needle: string): Position {
  return positionOf(text, needle, needle.length);
}

function lineOf(text: string, needle: string): number {
  return positionOf(text, needle).line;
}

describe('hover, inlay hints and code lenses (direct calls)', () => {
  let root: string;
  let index: WorkspaceIndex;
  before(async () => {
    root = exampleWorkspace();
    index = await indexOf(root);
  });

  const fileOf = (relative: string): LinkedFile => index.linkedFile(uriOfPath(path.join(root, relative)))!;
  const uriOf = (relative: string) => uriOfPath(path.join(root, relative));

  /** The file and the cursor position of a `<|>` marked snippet of it. */
  function at(relative: string, marked: string): { file: LinkedFile; position: Position } {
    const file = fileOf(relative);
    const plain = marked.replace('<|>', '');
    const offset = file.document.text.indexOf(plain);
    assert.ok(offset >= 0, `${plain} is in ${relative}`);
    const { text, position } = cursor(file.document.text.slice(0, offset) + marked + file.document.text.slice(offset + plain.length));
    assert.equal(text, file.document.text);
    return { file, position };
  }

  const hoverAt = (relative: string, marked: string) => {
    const { file, position } = at(relative, marked);
    return hover(file, position, index);
  };

  it('on an aim reference: title, the framework file and line, and the workstreams linking it', () => {
    const result = hoverAt(LTP_PLAN, 'aims: [<|>LTP-O1, LTP-O4]');
    const text = markdown(result);
    assert.match(text, /^\*\*Aim\*\* `LTP-O1`: Continue NCL's improvements in one year survival and rates of earlier diagnosis/);
    const line = lineOf(fileOf(LTP_FRAMEWORK).document.text, 'id: LTP-O1') + 1;
    assert.ok(text.includes(`Defined in [ncl-ltp-framework.md, line ${line}](${uriOf(LTP_FRAMEWORK)}#L${line})`), text);
    assert.ok(text.includes('Served by 4 workstreams in 1 plan, with 20 milestones and 12 metrics:'), text);
    for (const id of ['WS1', 'WS2', 'WS3', 'WS4']) assert.ok(text.includes(`[\`${id}\`](${uriOf(LTP_PLAN)}#L`), id);
    assert.ok(!text.includes('`WS5`'));
    const start = positionOf(fileOf(LTP_PLAN).document.text, 'aims: [LTP-O1, LTP-O4]', 7);
    assert.deepEqual(result!.range, { start, end: { line: start.line, character: start.character + 6 } });
  });

  it('on a framework aim definition: the plans’ workstreams that serve it', () => {
    const text = markdown(hoverAt(LTP_FRAMEWORK, '- id: LTP-<|>O3'));
    assert.match(text, /^\*\*Aim\*\* `LTP-O3`: Ensure excellent patient experience and personalised care/);
    assert.ok(text.includes('Served by 3 workstreams in 1 plan, with 19 milestones and 8 metrics:'), text);
    assert.ok(text.includes('Best practice care and treatment (ncl-long-term-plan-cancer.md): 7 milestones, 3 metrics'), text);
    assert.ok(text.includes('Personalised care (ncl-long-term-plan-cancer.md): 6 milestones, 3 metrics'), text);
    assert.ok(text.includes('Workforce (ncl-long-term-plan-cancer.md): 6 milestones, 2 metrics'), text);
  });

  it('on a built-in framework aim: says where it is built in and lists the workstreams of every plan using it', () => {
    const text = markdown(hoverAt(ADT, 'aims: [SA1, <|>SA3]'));
    const builtin = fs.readFileSync(path.join(REPO_ROOT, 'frameworks', 'ncl-cancer-2023-28.md'), 'utf8');
    const line = lineOf(builtin, '- id: SA3') + 1;
    assert.ok(text.includes(`Defined in built-in framework \`builtin:ncl-cancer-2023-28\`, [line ${line}](${BUILTIN_FRAMEWORK_URI}#L${line})`), text);
    assert.ok(!text.includes('Help providers meet the cancer waiting time standards'), 'no description the source does not have');
    assert.ok(text.includes('Faster and earlier diagnosis pathways (ncl-adt-2025-26.md)'), text);
    assert.ok(text.includes('Data, performance and MDT optimisation (ncl-adt-2025-26.md)'), text);
    assert.ok(text.includes('(ncl-adt-2025-26-with-problems.md)'), 'plans other than the hovered one count too');
  });

  it("on a priority with several deadlines: each one, with its title and dates", () => {
    const text = markdown(hoverAt(ADT, '<|>ADTDG-4'));
    assert.ok(text.includes('Teledermatology rolled out across all USC skin pathway providers: due June 2024 = 1 Jun - 30 Jun 2024'), text);
    assert.ok(text.includes('Services commissioned as BAU: due March 2025 = 1 Mar - 31 Mar 2025'), text);
  });

  it('on a period: canonical form, dates and where it stands against the review date', () => {
    const past = markdown(hoverAt(ADT, 'baseline: {value: 77.1, period: Q4 <|>2024/25}'));
    assert.equal(past.split('\n\n')[0], 'Q4 2024/25 = 1 Jan - 31 Mar 2025');
    assert.ok(past.includes('Ended 91 days before the review date (30 Jun 2025).'), past);
    const future = markdown(hoverAt(ADT, 'due: <|>Q3 2025/26\n    status: on-track'));
    assert.equal(future, 'Q3 2025/26 = 1 Oct - 31 Dec 2025\n\nDue period of milestone `WS1-M5`\n\nDue in 184 days from the review date (30 Jun 2025).');
    const relative = markdown(hoverAt(LTP_PLAN, 'due: Years<|> 2-5'));
    assert.equal(relative.split('\n\n')[0], 'Years 2-5 = 2020/21-2023/24 = 1 Apr 2020 - 31 Mar 2024');
    const plan = markdown(hoverAt(LTP_PLAN, 'period: <|>2019/20-2023/24'));
    assert.ok(plan.startsWith('2019/20-2023/24 = 1 Apr 2019 - 31 Mar 2024\n\nThe plan\'s period: `Year 1` is 2019/20'), plan);
  });

  it('on an invalid period: the parse error', () => {
    const text = markdown(hoverAt(PROBLEMS, 'due: Q5<|> 24/25'));
    assert.equal(text, '**Invalid period**: `Q5 24/25` is not a valid period: quarters are Q1-Q4 (Q1 April-June to Q4 January-March): write e.g. `Q4 2024/25`.');
  });

  it('on an unscheduled milestone: no date yet, never overdue, in the hover, the code lens and no inlay hint', () => {
    assert.equal(
      markdown(hoverAt(PROBLEMS, 'due: T<|>BC')),
      '**Unscheduled**: milestone `WS2-M2` has no date yet (`TBC`), so it cannot be overdue and is listed apart from the timeline. Write its period once it is agreed.',
    );
    const definition = markdown(hoverAt(PROBLEMS, '- id: WS2-<|>M2'));
    assert.ok(definition.includes('Due: `TBC` (unscheduled: no date yet) · status `on-track`'), definition);
    assert.ok(!/overdue/i.test(definition), definition);
    const workstream = markdown(hoverAt(PROBLEMS, 'id: WS<|>2\n'));
    assert.ok(workstream.includes('Milestones: 0/2 done · 1 unscheduled'), workstream);
    const file = fileOf(PROBLEMS);
    const line = lineOf(file.document.text, 'id: WS2\n');
    assert.deepEqual(codeLenses(file, index).filter((l) => l.range.start.line === line).map((l) => l.command!.title), ['RAG green · 0/2 milestones done · 1 unscheduled']);
    const tbc = lineOf(file.document.text, 'due: TBC');
    assert.deepEqual(inlayHints(file, { start: { line: tbc, character: 0 }, end: { line: tbc + 1, character: 0 } }), []);
  });

  it('on a period written another way: its canonical form, dates and what was written', () => {
    const text = markdown(hoverAt(ADT, 'due: 31/<|>03/2025'));
    assert.ok(text.startsWith('2025-03-31 = 31 Mar 2025 (written `31/03/2025`)\n\nDue period of milestone `WS1-M4`'), text);
  });

  it('on an overdue milestone: its days overdue at the review date', () => {
    const due = markdown(hoverAt(PROBLEMS, 'due: Q4 <|>2024/25\n    status: on-track'));
    assert.ok(due.includes('**Overdue**: milestone `WS1-M2` is 91 days overdue at the review date (30 Jun 2025), and its status is `on-track`.'), due);
    const definition = markdown(hoverAt(PROBLEMS, '- id: WS1-<|>M2'));
    assert.ok(definition.includes('Due: Q4 2024/25 = 1 Jan - 31 Mar 2025 · status `on-track`'), definition);
    assert.ok(definition.includes('**Overdue**: 91 days at the review date (30 Jun 2025); it was due by 31 Mar 2025.'), definition);
  });

  it('on a metric with actuals: the latest actual, the trajectory at its period and the RAG, with an override and its reason', () => {
    const metric = markdown(hoverAt(PROBLEMS, '- id: WS1-<|>K1'));
    assert.ok(metric.includes('Latest actual: 75.8% for May 2025 (illustrative figure for this working draft, not a published CWT figure) · trajectory 77.58% by then'), metric);
    assert.ok(metric.includes('RAG: **green**, overridden: April and May figures are provisional; computed **red** (latest actual 75.8% (May 2025) is 1.78 percentage points behind the trajectory (77.58%), and the trend reaches 71.88% by 31 Mar 2026, short of 80%)'), metric);
    const unrated = markdown(hoverAt(ADT, '- id: WS1-<|>K1'));
    assert.ok(unrated.includes('RAG: not rated (no actual yet: not rated)'), unrated);
  });

  it('on a milestone: its RAG, risks and dependencies; on a workstream: its RAG and latest update', () => {
    const milestone = markdown(hoverAt(LTP_PLAN, '- id: WS5-<|>M6'));
    assert.ok(milestone.includes('RAG: **green** (status not-started)'), milestone);
    assert.ok(milestone.includes('Risks: Limited workforce and equipment capacity'), milestone);
    assert.ok(milestone.includes('Depends on: `WS5-M1`'), milestone);
    const overdue = markdown(hoverAt(PROBLEMS, '- id: WS1-<|>M2'));
    assert.ok(overdue.includes('RAG: **red** (overdue by 91 days (due by 31 Mar 2025))'), overdue);
    const workstream = markdown(hoverAt(PROBLEMS, 'id: WS<|>4\n'));
    assert.ok(workstream.includes('RAG: **amber** (status at-risk, `WS4-M1` amber)'), workstream);
    assert.ok(workstream.includes('Latest update, 14 Feb 2025: MDT care standards drafted; sign-off by the ADTDG not yet scheduled'), workstream);
  });

  it('on an unknown reference: says so and offers the plausible ids, else the ids defined', () => {
    const text = markdown(hoverAt(PROBLEMS, 'aims: [SA2, <|>SA7]'));
    assert.equal(text, 'No aim `SA7` is defined in this plan or its framework `ncl-cancer-2023-28`.\n\nDefined aim ids: `SA1`, `SA2`, `SA3`, `SA4`, `SA5`, `SA6`');
    const workstream = markdown(hoverAt(PROBLEMS, 'workstreams: [WS1, <|>WS9]'));
    assert.equal(workstream, 'No workstream `WS9` is defined in this plan.\n\nDefined workstream ids: `WS1`, `WS2`, `WS3`, `WS4`, `WS5`, `WS6`, `WS7`, `WS8`', 'a framework has no workstreams');
    const priority = markdown(hoverAt(PROBLEMS, 'priorities: [ADTDG-5, ADTDG-9, <|>ADTDG-33]'));
    assert.equal(priority, 'No priority `ADTDG-33` is defined in this plan or its framework `ncl-cancer-2023-28`.\n\nClosest priority ids: `ADTDG-3`', 'a doubled 3, not the other priority ADTDG-13');
  });

  it('on a workstream, a metric, a date, the framework and a diagnostic', () => {
    const workstream = markdown(hoverAt(PROBLEMS, 'id: <|>WS1\ntitle'));
    assert.ok(workstream.includes('Aims: `SA1` Improve survival, focusing on early diagnosis, and prevention; `SA3`'), workstream);
    assert.ok(workstream.includes('Milestones: 2/6 done · 1 overdue at the review date (30 Jun 2025)'), workstream);
    assert.ok(workstream.includes('Metrics: `WS1-K1`'), workstream);
    const metric = markdown(hoverAt(ADT, '- id: WS1-<|>K1'));
    assert.ok(metric.includes('77.1% in Q4 2024/25 (1 Jan - 31 Mar 2025) → 80% by March 2026 (31 Mar 2026)'), metric);
    const date = markdown(hoverAt(ADT, 'done_on: <|>2025-04-30'));
    assert.ok(date.startsWith('**30 Apr 2025**'), date);
    assert.ok(date.includes('Recurring (biannual): next due by 30 Oct 2025, due in 122 days from the review date (30 Jun 2025).'), date);
    assert.ok(markdown(hoverAt(ADT, 'as_of: <|>2025-06-30')).includes('The review date of this plan'));
    const framework = markdown(hoverAt(LTP_PLAN, 'framework: ./ncl-<|>ltp'));
    assert.ok(framework.startsWith('**Framework** `ncl-ltp-framework`: NCL Long Term Plan'), framework);
    assert.ok(framework.includes(`Defined in [ncl-ltp-framework.md](${uriOf(LTP_FRAMEWORK)}#L1)`), framework);
    assert.ok(framework.includes('4 aims, 9 priorities'), framework);
    const diagnostic = markdown(hoverAt(PROBLEMS, 'aut<|>hor: ADT'));
    assert.ok(diagnostic.startsWith('**frontmatter-schema** (error): Unknown key `author` in the front matter.'), diagnostic);
    assert.ok(diagnostic.includes('(https://github.com/cplan-dev/cplan/blob/main/docs/rules/frontmatter-schema.md)'), diagnostic);
    const { file, position } = at(LTP_PLAN, 'This draft <|>chapter');
    assert.equal(hover(file, position, index), null, 'prose has no hover');
  });

  it('inlay hints: end dates after periods and days overdue, within the range asked', () => {
    const file = fileOf(PROBLEMS);
    const range = { start: { line: lineOf(file.document.text, '- id: WS1-M2'), character: 0 }, end: { line: lineOf(file.document.text, '- id: WS1-M4'), character: 0 } };
    const dueEnd = endOf(file.document.text, 'due: Q4 2024/25\n    status: on-track'.split('\n')[0]);
    assert.equal(dueEnd.line, lineOf(file.document.text, 'due: Q4 2024/25\n    status: on-track'), 'the first Q4 2024/25 due is WS1-M2');
    assert.deepEqual(inlayHints(file, range).map((h) => [h.position, h.label]), [
      [dueEnd, '→ 31 Mar 2025'],
      [dueEnd, 'overdue 91 days'],
    ]);
  });

  it('inlay hints: nothing after a single day; a recurring milestone is overdue after its done_on', async () => {
    const hintsRoot = exampleWorkspace({ 'hints-plan.md': HINTS_PLAN });
    const hintsIndex = await indexOf(hintsRoot);
    const file = hintsIndex.linkedFile(uriOfPath(path.join(hintsRoot, 'hints-plan.md')))!;
    const whole = { start: { line: 0, character: 0 }, end: file.document.lines.positionAt(file.document.text.length) };
    const hints: InlayHint[] = inlayHints(file, whole);
    assert.deepEqual(hints.map((h) => [h.position, h.label, h.paddingLeft]), [
      [endOf(HINTS_PLAN, 'period: 2024/25-2025/26'), '→ 31 Mar 2026', true],
      [endOf(HINTS_PLAN, 'due: 2025/26'), '→ 31 Mar 2026', true],
      [endOf(HINTS_PLAN, 'done_on: 2025-01-15'), 'overdue 76 days', true],
      [endOf(HINTS_PLAN, '{value: 1, period: 2024/25'), '→ 31 Mar 2025', true],
      [endOf(HINTS_PLAN, 'due: March 2026'), '→ 31 Mar 2026', true],
    ]);
    assert.deepEqual(codeLenses(file, hintsIndex).map((l) => l.command!.title), ['RAG red · 1/2 milestones done · 1 overdue']);
  });

  it('code lenses over the long term plan and its framework', () => {
    const plan = fileOf(LTP_PLAN);
    const lenses = (lensesOf: CodeLens[]) => lensesOf.map((l) => [l.range.start.line, l.command!.title, l.command!.command]);
    assert.deepEqual(lenses(codeLenses(plan, index)), [
      [lineOf(plan.document.text, 'id: WS1\n'), 'RAG amber · 1/4 milestones done', ''],
      [lineOf(plan.document.text, 'id: WS2\n'), 'RAG green · 0/7 milestones done', ''],
      [lineOf(plan.document.text, 'id: WS3\n'), 'RAG green · 0/2 milestones done', ''],
      [lineOf(plan.document.text, 'id: WS4\n'), 'RAG amber · 1/7 milestones done', ''],
      [lineOf(plan.document.text, 'id: WS5\n'), 'RAG amber · 0/6 milestones done', ''],
      [lineOf(plan.document.text, 'id: WS6\n'), 'RAG green · 0/6 milestones done', ''],
      [lineOf(plan.document.text, 'id: WS7\n'), 'RAG green · 1/6 milestones done', ''],
    ]);
    const framework = fileOf(LTP_FRAMEWORK);
    assert.deepEqual(lenses(codeLenses(framework, index)), [
      [lineOf(framework.document.text, 'id: LTP-O1'), 'served by 4 workstreams · 12 metrics', ''],
      [lineOf(framework.document.text, 'id: LTP-O2'), 'served by 3 workstreams · 7 metrics', ''],
      [lineOf(framework.document.text, 'id: LTP-O3'), 'served by 3 workstreams · 8 metrics', ''],
      [lineOf(framework.document.text, 'id: LTP-O4'), 'served by 1 workstream · 5 metrics', ''],
    ]);
    assert.deepEqual(lenses(codeLenses(fileOf(PROBLEMS), index)).filter(([, title]) => String(title).includes('overdue')).map(([, title]) => title), [
      'RAG red · 2/6 milestones done · 1 overdue',
      'RAG red · 0/1 milestones done · 1 overdue',
    ]);
  });
});

describe('language server: hover, inlay hints and code lens over stdio', function () {
  this.timeout(30_000);
  let client: LspClient;
  afterEach(async () => client?.stop());

  it('answers hover, inlay hint and code lens requests', async () => {
    client = await LspClient.start({ root: exampleWorkspace() });
    const frameworkUri = client.uri(LTP_FRAMEWORK);
    await client.diagnostics(frameworkUri); // published once the workspace is indexed
    const planUri = await client.open(LTP_PLAN);
    await client.diagnostics(planUri, (p) => p.version === 1);
    const planText = client.read(LTP_PLAN);

    const onRef = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: planUri }, position: positionOf(planText, 'aims: [LTP-O1, LTP-O4]', 16) });
    assert.match(markdown(onRef), /^\*\*Aim\*\* `LTP-O4`: Reduce inequalities in cancer screening uptake/);
    assert.equal((onRef!.contents as MarkupContent).kind, 'markdown');
    const refStart = positionOf(planText, 'aims: [LTP-O1, LTP-O4]', 15);
    assert.deepEqual(onRef!.range, { start: refStart, end: { line: refStart.line, character: refStart.character + 6 } });
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: planUri }, position: positionOf(planText, 'This draft chapter') }), null);
    const onMilestone = markdown(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: planUri }, position: positionOf(planText, 'id: WS5-M6', 6) }));
    assert.ok(onMilestone.includes('RAG: **green** (status not-started)') && onMilestone.includes('Depends on: `WS5-M1`'), onMilestone);
    const onDefinition = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: frameworkUri }, position: positionOf(client.read(LTP_FRAMEWORK), 'id: LTP-O4', 6) });
    assert.ok(markdown(onDefinition).includes('Served by 1 workstream in 1 plan, with 4 milestones and 5 metrics:'));

    const whole = { start: { line: 0, character: 0 }, end: { line: planText.split('\n').length, character: 0 } };
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: planUri }, range: whole });
    assert.deepEqual(hints[0], { position: endOf(planText, 'period: 2019/20-2023/24'), label: '→ 31 Mar 2024', tooltip: '2019/20-2023/24 = 1 Apr 2019 - 31 Mar 2024', paddingLeft: true });
    assert.ok(hints.some((h) => h.label === '→ 31 Mar 2020' && h.position.line === lineOf(planText, 'due: Year 1')));
    assert.ok(hints.every((h) => !String(h.label).startsWith('overdue')), 'nothing is overdue at 31 Jan 2020');

    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: frameworkUri } });
    assert.deepEqual(lenses.map((l) => l.command?.title), ['served by 4 workstreams · 12 metrics', 'served by 3 workstreams · 7 metrics', 'served by 3 workstreams · 8 metrics', 'served by 1 workstream · 5 metrics']);
    const planLenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: planUri } });
    assert.equal(planLenses.length, 7);
    assert.deepEqual(planLenses[0], { range: { start: positionOf(planText, 'id: WS1\n', 4), end: positionOf(planText, 'id: WS1\n', 7) }, command: { title: 'RAG amber · 1/4 milestones done', command: '' } });
  });
});
