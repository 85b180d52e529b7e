import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCodes, ResponseError, type Location, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { definition, prepareRename, references, rename } from '../server/src/service/features/navigation.js';
import { lintText, parsePlanDocument } from '../server/src/index.js';
import { BUILTIN_FRAMEWORK_URI, LspClient, cursor, exampleWorkspace, positionOf } from './helpers/lsp.js';
import { indexFiles } from './helpers/workspace.js';
import { REPO_ROOT } from './helpers/cli.js';

const FRAMEWORK = `---
kind: commissioning-framework
id: nav-framework
title: Navigation framework
organisation: NCL Cancer Alliance
period: 2024/25-2025/26
---

# Framework

\`\`\`yaml aims
- id: F1
  title: Improve early diagnosis
- id: "F2"
  title: Reduce inequalities
\`\`\`

\`\`\`yaml priorities
- id: FP1
  title: Breast pain
\`\`\`
`;

const PLAN = `---
kind: commissioning-plan
id: nav-plan
title: Navigation plan
organisation: NCL Cancer Alliance
period: 2024/25
framework: ./framework.md
aims: [F1, F2]
as_of: 2024-06-30
---

# Navigation plan

\`\`\`yaml workstream
id: WS1
title: Early diagnosis
aims: [F1, 'F2']
priorities: [FP1]
milestones:
  - {id: WS1-M1, title: Pathway live, due: Q4 2024/25, status: on-track, priorities: [FP1]}
\`\`\`

\`\`\`yaml priorities
- id: LP1
  title: Local priority
  workstreams: [WS1]
\`\`\`
`;

const BUILTIN_PLAN = `---
kind: commissioning-plan
id: builtin-plan
title: Built-in plan
organisation: NCL Cancer Alliance
period: 2024/25
framework: builtin:ncl-cancer-2023-28
as_of: 2024-06-30
---

\`\`\`yaml workstream
id: BR1
title: Breast
aims: [SA1]
\`\`\`
`;

const BUILTIN_TEXT = fs.readFileSync(path.join(REPO_ROOT, 'frameworks', 'ncl-cancer-2023-28.md'), 'utf8');

function rangeOf(text: string, needle: string, shift = 0, length = needle.length - shift): Range {
  const start = positionOf(text, needle, shift);
  return { start, end: { line: start.line, character: start.character + length } };
}


function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.md', 'markdown', 1, text), edits);
}

describe('navigation: direct calls', () => {
  it('goes from a reference to the framework definition, from a definition to itself, from framework: to the file', async () => {
    const marked = cursor(PLAN.replace('aims: [F1, \'F2\']', 'aims: [F1, \'F<|>2\']'));
    const ws = await indexFiles({ 'framework.md': FRAMEWORK, 'plan.md': marked.text });
    const plan = ws.file('plan.md');
    assert.deepEqual(definition(plan, marked.position), [{ uri: ws.uri('framework.md'), range: rangeOf(FRAMEWORK, '"F2"', 1, 2) }]);
    const at = positionOf(PLAN, 'id: WS1', 5);
    assert.deepEqual(definition(plan, at), [{ uri: ws.uri('plan.md'), range: rangeOf(PLAN, 'id: WS1', 4) }]);
    assert.deepEqual(definition(plan, positionOf(PLAN, 'workstreams: [WS1]', 15)), [{ uri: ws.uri('plan.md'), range: rangeOf(PLAN, 'id: WS1', 4) }]);
    const zero = { line: 0, character: 0 };
    assert.deepEqual(definition(plan, positionOf(PLAN, './framework.md', 3)), [{ uri: ws.uri('framework.md'), range: { start: zero, end: zero } }]);
    assert.equal(definition(plan, positionOf(PLAN, 'Navigation plan\n\n```', 2)), null, 'prose is not a target');
  });

  it('goes to a built-in framework in its shipped file', async () => {
    const marked = cursor(BUILTIN_PLAN.replace('aims: [SA1]', 'aims: [S<|>A1]'));
    const ws = await indexFiles({ 'plan.md': marked.text });
    assert.deepEqual(definition(ws.file('plan.md'), marked.position), [
      { uri: BUILTIN_FRAMEWORK_URI, range: rangeOf(BUILTIN_TEXT, 'id: SA1', 4) },
    ]);
  });

  it('an unresolved reference has no definition, references or rename', async () => {
    const marked = cursor(PLAN.replace('priorities: [FP1]', 'priorities: [NO<|>PE]'));
    const ws = await indexFiles({ 'framework.md': FRAMEWORK, 'plan.md': marked.text });
    const plan = ws.file('plan.md');
    assert.equal(definition(plan, marked.position), null);
    assert.deepEqual(references(plan, marked.position, ws.index, true), []);
    assert.equal(prepareRename(plan, marked.position), null);
  });

  it('finds references across the framework and the plans that use it, with or without the declaration', async () => {
    const ws = await indexFiles({ 'framework.md': FRAMEWORK, 'plan.md': PLAN });
    const framework = ws.file('framework.md');
    const onF2 = positionOf(FRAMEWORK, '"F2"', 2);
    const refs = [
      { uri: ws.uri('plan.md'), range: rangeOf(PLAN, 'aims: [F1, F2]', 11, 2) },
      { uri: ws.uri('plan.md'), range: rangeOf(PLAN, "aims: [F1, 'F2']", 12, 2) },
    ];
    assert.deepEqual(references(framework, onF2, ws.index, false), refs);
    assert.deepEqual(references(framework, onF2, ws.index, true), [{ uri: ws.uri('framework.md'), range: rangeOf(FRAMEWORK, '"F2"', 1, 2) }, ...refs]);
    const fromPlan = references(ws.file('plan.md'), positionOf(PLAN, 'workstreams: [WS1]', 14), ws.index, true);
    assert.deepEqual(fromPlan, [{ uri: ws.uri('plan.md'), range: rangeOf(PLAN, 'id: WS1', 4) }, { uri: ws.uri('plan.md'), range: rangeOf(PLAN, 'workstreams: [WS1]', 14, 3) }]);
  });

  it('a milestone\'s priorities are references too: found, and renamed with the priority', async () => {
    const ws = await indexFiles({ 'framework.md': FRAMEWORK, 'plan.md': PLAN });
    const onMilestoneRef = positionOf(PLAN, 'priorities: [FP1]}', 13);
    assert.deepEqual(references(ws.file('plan.md'), onMilestoneRef, ws.index, false), [
      { uri: ws.uri('plan.md'), range: rangeOf(PLAN, 'priorities: [FP1]\n', 13, 3) },
      { uri: ws.uri('plan.md'), range: rangeOf(PLAN, 'priorities: [FP1]}', 13, 3) },
    ]);
    const edit = rename(ws.file('framework.md'), positionOf(FRAMEWORK, 'id: FP1', 4), 'FP-ONE', ws.index)!;
    assert.equal(apply(PLAN, edit.changes![ws.uri('plan.md')]), PLAN.replaceAll('[FP1]', '[FP-ONE]'));
  });

  it('renames a definition and its references across files, inside quotes, quoting names YAML would not read as text', async () => {
    const ws = await indexFiles({ 'framework.md': FRAMEWORK, 'plan.md': PLAN });
    const onRef = positionOf(PLAN, "'F2'", 1);
    assert.deepEqual(prepareRename(ws.file('plan.md'), onRef), { range: rangeOf(PLAN, "'F2'", 1, 2), placeholder: 'F2' });
    const edit = rename(ws.file('plan.md'), onRef, 'F-TWO', ws.index)!;
    assert.deepEqual(Object.keys(edit.changes!).sort(), [ws.uri('framework.md'), ws.uri('plan.md')].sort());
    assert.equal(apply(FRAMEWORK, edit.changes![ws.uri('framework.md')]), FRAMEWORK.replace('id: "F2"', 'id: "F-TWO"'));
    assert.equal(apply(PLAN, edit.changes![ws.uri('plan.md')]), PLAN.replace('aims: [F1, F2]', 'aims: [F1, F-TWO]').replace("'F2'", "'F-TWO'"));
    const toNull = rename(ws.file('plan.md'), positionOf(PLAN, 'id: WS1', 4), 'null', ws.index)!;
    assert.equal(apply(PLAN, toNull.changes![ws.uri('plan.md')]), PLAN.replace('id: WS1', 'id: "null"').replace('workstreams: [WS1]', 'workstreams: ["null"]'));
  });

  it('renames a milestone and every depends_on that names it; definition goes from the entry to the milestone', async () => {
    const withDependency = PLAN.replace('priorities: [FP1]\n', 'priorities: [FP1]\nmilestones:\n  - id: WS1-M1\n    title: Launch\n    due: Q3 2024/25\n    status: on-track\n  - id: WS1-M2\n    title: Evaluate\n    due: Q4 2024/25\n    status: not-started\n    depends_on: [WS1-M1]\n');
    const ws = await indexFiles({ 'framework.md': FRAMEWORK, 'plan.md': withDependency });
    const onEntry = positionOf(withDependency, 'depends_on: [WS1-M1]', 14);
    assert.deepEqual(definition(ws.file('plan.md'), onEntry), [{ uri: ws.uri('plan.md'), range: rangeOf(withDependency, 'id: WS1-M1', 4) }]);
    const edit = rename(ws.file('plan.md'), positionOf(withDependency, 'id: WS1-M1', 4), 'WS1-LAUNCH', ws.index)!;
    assert.equal(apply(withDependency, edit.changes![ws.uri('plan.md')]), withDependency.replace('id: WS1-M1', 'id: WS1-LAUNCH').replace('depends_on: [WS1-M1]', 'depends_on: [WS1-LAUNCH]'));
  });

  it('refuses invalid and taken names, and built-in ids', async () => {
    const ws = await indexFiles({ 'framework.md': FRAMEWORK, 'plan.md': PLAN, 'builtin.md': BUILTIN_PLAN });
    const framework = ws.file('framework.md');
    const onF1 = positionOf(FRAMEWORK, 'id: F1', 4);
    const refused = (run: () => unknown, code: number, message: RegExp) =>
      assert.throws(run, (error: unknown) => error instanceof ResponseError && error.code === code && message.test(error.message));
    refused(() => rename(framework, onF1, '1st', ws.index), ErrorCodes.InvalidParams, /`1st` is not a valid id/);
    refused(() => rename(framework, onF1, 'F 1', ws.index), ErrorCodes.InvalidParams, /not a valid id/);
    refused(() => rename(framework, onF1, 'FP1', ws.index), ErrorCodes.InvalidParams, /`FP1` is already defined in `nav-framework`/);
    refused(() => rename(framework, onF1, 'LP1', ws.index), ErrorCodes.InvalidParams, /`LP1` is already defined in `nav-plan`/);
    const onSA1 = positionOf(BUILTIN_PLAN, 'aims: [SA1]', 8);
    refused(() => prepareRename(ws.file('builtin.md'), onSA1), ErrorCodes.InvalidRequest, /Built-in framework ids cannot be renamed/);
    refused(() => rename(ws.file('builtin.md'), onSA1, 'SA99', ws.index), ErrorCodes.InvalidRequest, /Built-in/);
  });
});

describe('language server: navigation over stdio', function () {
  this.timeout(30_000);
  const LTP_PLAN = 'ncl-long-term-plan-cancer.md';
  const LTP_FRAMEWORK = 'ncl-ltp-framework.md';
  let client: LspClient;
  afterEach(async () => client?.stop());

  /** Starts on a copy of examples/ and waits until the workspace is indexed (a closed plan's diagnostics arrive). */
  async function start(): Promise<LspClient> {
    client = await LspClient.start({ root: exampleWorkspace() });
    await client.diagnostics(client.uri(LTP_PLAN));
    return client;
  }

  /** Every occurrence of a needle in a text, as ranges. */
  function rangesOf(text: string, needle: string): Range[] {
    const ranges: Range[] = [];
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const before = text.slice(0, at).split('\n');
      const position = { line: before.length - 1, character: before[before.length - 1].length };
      ranges.push({ start: position, end: { line: position.line, character: position.character + needle.length } });
    }
    return ranges;
  }

  it('goes from a plan aim to the LTP framework and from ncl-adt-2025-26 to the built-in framework', async () => {
    await start();
    const planText = client.read(LTP_PLAN);
    const planUri = await client.open(LTP_PLAN);
    const found = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: planUri }, position: positionOf(planText, 'aims: [LTP-O1', 9) });
    assert.deepEqual(found, [{ uri: client.uri(LTP_FRAMEWORK), range: rangeOf(client.read(LTP_FRAMEWORK), 'id: LTP-O1', 4) }]);

    const adt = client.read('ncl-adt-2025-26.md');
    const adtUri = await client.open('ncl-adt-2025-26.md');
    const builtin = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: adtUri }, position: positionOf(adt, 'aims: [SA1', 8) });
    assert.deepEqual(builtin, [{ uri: BUILTIN_FRAMEWORK_URI, range: rangeOf(BUILTIN_TEXT, 'id: SA1', 4) }]);
    const framework = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: planUri }, position: positionOf(planText, './ncl-ltp-framework.md', 4) });
    assert.equal(framework[0].uri, client.uri(LTP_FRAMEWORK));
  });

  it('lists the references of LTP-O1 across the framework and the plan', async () => {
    await start();
    const frameworkText = client.read(LTP_FRAMEWORK);
    const frameworkUri = await client.open(LTP_FRAMEWORK);
    const found = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: frameworkUri }, position: positionOf(frameworkText, 'id: LTP-O1', 6), context: { includeDeclaration: true },
    });
    const planRefs = rangesOf(client.read(LTP_PLAN), 'LTP-O1').map((range) => ({ uri: client.uri(LTP_PLAN), range }));
    assert.equal(planRefs.length, 4);
    assert.deepEqual(found, [{ uri: frameworkUri, range: rangeOf(frameworkText, 'id: LTP-O1', 4) }, ...planRefs]);
  });

  it('renames LTP-O1 in the framework with one edit over both files, which leaves no new diagnostics', async () => {
    await start();
    const frameworkText = client.read(LTP_FRAMEWORK);
    const planText = client.read(LTP_PLAN);
    const frameworkUri = await client.open(LTP_FRAMEWORK);
    const planUri = await client.open(LTP_PLAN);
    const position = positionOf(frameworkText, 'id: LTP-O1', 5);
    const prepared = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: frameworkUri }, position });
    assert.deepEqual(prepared, { range: rangeOf(frameworkText, 'id: LTP-O1', 4), placeholder: 'LTP-O1' });
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: frameworkUri }, position, newName: 'LTP-OBJ1' });
    assert.deepEqual(Object.keys(edit.changes!).sort(), [frameworkUri, planUri].sort());
    assert.deepEqual(edit.changes![frameworkUri], [{ range: rangeOf(frameworkText, 'id: LTP-O1', 4), newText: 'LTP-OBJ1' }]);
    assert.deepEqual(edit.changes![planUri], rangesOf(planText, 'LTP-O1').map((range) => ({ range, newText: 'LTP-OBJ1' })));

    const newFramework = apply(frameworkText, edit.changes![frameworkUri]);
    const newPlan = apply(planText, edit.changes![planUri]);
    assert.equal(newPlan, planText.replaceAll('LTP-O1', 'LTP-OBJ1'));
    const frameworkPath = path.join(client.root, LTP_FRAMEWORK);
    const lintPlan = (plan: string, fw: string) =>
      lintText(plan, { path: path.join(client.root, LTP_PLAN), resolveFramework: () => ({ ok: true, document: parsePlanDocument(frameworkPath, fw) }) }).messages.map((m) => m.ruleId);
    assert.deepEqual(lintPlan(newPlan, newFramework), lintPlan(planText, frameworkText));
    assert.deepEqual(lintText(newFramework, { path: frameworkPath }).messages, lintText(frameworkText, { path: frameworkPath }).messages);

    // The server agrees once both buffers hold the edit.
    await client.change(frameworkUri, [{ text: newFramework }]);
    const version = await client.change(planUri, [{ text: newPlan }]);
    const published = await client.diagnostics(planUri, (p) => p.version === version);
    assert.deepEqual(published.diagnostics, []);
  });

  it('refuses an invalid name, a taken name, and renaming a built-in id', async () => {
    await start();
    const frameworkText = client.read(LTP_FRAMEWORK);
    const frameworkUri = await client.open(LTP_FRAMEWORK);
    const position = positionOf(frameworkText, 'id: LTP-O1', 5);
    const failure = (promise: Promise<unknown>) => promise.then(() => assert.fail('expected an error'), (error: ResponseError<unknown>) => ({ code: error.code, message: error.message }));
    const invalid = await failure(client.request('textDocument/rename', { textDocument: { uri: frameworkUri }, position, newName: '9-lives' }));
    assert.equal(invalid.code, ErrorCodes.InvalidParams);
    assert.match(invalid.message, /`9-lives` is not a valid id/);
    const taken = await failure(client.request('textDocument/rename', { textDocument: { uri: frameworkUri }, position, newName: 'WS1-M1' }));
    assert.equal(taken.code, ErrorCodes.InvalidParams);
    assert.match(taken.message, /`WS1-M1` is already defined in `ncl-long-term-plan-cancer`/);

    const adt = client.read('ncl-adt-2025-26.md');
    const adtUri = await client.open('ncl-adt-2025-26.md');
    const builtin = await failure(client.request('textDocument/prepareRename', { textDocument: { uri: adtUri }, position: positionOf(adt, 'aims: [SA1', 8) }));
    assert.equal(builtin.code, ErrorCodes.InvalidRequest);
    assert.match(builtin.message, /Built-in framework ids cannot be renamed/);
  });
});
