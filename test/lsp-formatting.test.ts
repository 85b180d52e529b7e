import assert from 'node:assert/strict';
import type { CodeAction, Command, TextEdit } from 'vscode-languageserver';
import { LineIndex } from '../server/src/core/text.js';
import { LspClient, exampleWorkspace } from './helpers/lsp.js';

const PLAN = `---
kind: commissioning-plan
id: p1
title: 'A plan'
organisation: NCL
period: 2024/25-2025/26
framework: builtin:ncl-cancer-2023-28
as_of: 2025-06-30
---

Due Q4 24/25, the prose says.

\`\`\`yaml workstream
title: Faster diagnosis
id: WS1
aims: [SA1]
priorities: [ADTDG-33]
milestones:
  - id: WS1-M1
    title: Pathway live
    due: Q4 FY24/25
    status: At risk
metrics:
  - id: WS1-K1
    title: FDS
    unit: "%"
    baseline: {value: 77, period: 2024/25}
    target: {value: 1,500, due: Q4 2025/26}
    source: CWT
    breakdown: [deprivation]
\`\`\`
`;

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i].end <= spans[i - 1].start, 'edits do not overlap');
  return spans.reduce((out, s) => out.slice(0, s.start) + s.text + out.slice(s.end), text);
}

describe('formatting and fix-all over stdio', function () {
  this.timeout(30_000);
  let client: LspClient;
  afterEach(async () => client?.stop());

  it('announces formatting, range formatting and source.fixAll.cplan', async () => {
    client = await LspClient.start({ root: exampleWorkspace() });
    const capabilities = client.initializeResult!.capabilities;
    assert.equal(capabilities.documentFormattingProvider, true);
    assert.equal(capabilities.documentRangeFormattingProvider, true);
    const kinds = (capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
    assert.ok(kinds.includes('source.fixAll.cplan'));
  });

  it('textDocument/formatting gives the edits of cplan fmt; formatting the result gives none', async () => {
    client = await LspClient.start({ root: exampleWorkspace({ 'messy.md': PLAN }) });
    const uri = await client.open('messy.md');
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const after = applyEdits(PLAN, edits);
    assert.match(after, /title: "A plan"\n/);
    assert.match(after, /```yaml workstream\nid: WS1\ntitle: Faster diagnosis\n/);
    assert.match(after, /due: Q4 2024\/25\n {4}status: at-risk\n/);
    assert.match(after, /Due Q4 24\/25, the prose says\./);
    assert.ok(edits.every((e) => e.range.start.line >= 3), 'no edit outside the YAML');
    const version = await client.change(uri, [{ text: after }]);
    await client.diagnostics(uri, (p) => p.version === version);
    assert.deepEqual(await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
  });

  it('textDocument/rangeFormatting changes only what lies in the range', async () => {
    client = await LspClient.start({ root: exampleWorkspace({ 'messy.md': PLAN }) });
    const uri = await client.open('messy.md');
    const line = PLAN.split('\n').findIndex((l) => l.includes('due: Q4 FY24/25'));
    const edits = await client.request<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri }, range: { start: { line, character: 0 }, end: { line: line + 1, character: 20 } }, options: { tabSize: 2, insertSpaces: true },
    });
    const after = applyEdits(PLAN, edits);
    assert.equal(after, PLAN.replace('due: Q4 FY24/25\n    status: At risk', 'due: Q4 2024/25\n    status: at-risk'));
  });

  it('source.fixAll.cplan applies every fix that needs no choice, and only when asked for', async () => {
    client = await LspClient.start({ root: exampleWorkspace({ 'messy.md': PLAN }) });
    const uri = await client.open('messy.md');
    const published = await client.diagnostics(uri, (p) => p.version === 1);
    const codes = published.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('unknown-priority') && codes.includes('block-schema'), codes.join());
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const unasked = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
    assert.ok(!unasked.some((a) => a.kind === 'source.fixAll.cplan'));
    const [fixAll] = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.equal(fixAll.kind, 'source.fixAll.cplan');
    const after = applyEdits(PLAN, fixAll.edit!.changes![uri]);
    assert.match(after, /priorities: \[ADTDG-3\]\n/);
    assert.match(after, /target: \{value: 1500, due: Q4 2025\/26\}/);
    assert.match(after, /due: Q4 2024\/25\n {4}status: at-risk\n/);
    assert.match(after, /title: Faster diagnosis\nid: WS1\n/, 'layout is the formatter\'s, not fix-all\'s');
    const version = await client.change(uri, [{ text: after }]);
    const relinted = (await client.diagnostics(uri, (p) => p.version === version)).diagnostics.map((d) => d.code);
    assert.ok(!relinted.includes('unknown-priority') && !relinted.includes('block-schema'), relinted.join());
  });

  it('a client that takes code actions only as commands gets fix-all as a command the server applies', async () => {
    client = await LspClient.start({ root: exampleWorkspace({ 'messy.md': PLAN }), capabilities: { workspace: { applyEdit: true } } });
    const uri = await client.open('messy.md');
    await client.diagnostics(uri, (p) => p.version === 1);
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const commands = await client.request<Command[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll.cplan'] } });
    assert.deepEqual(commands.map((c) => c.title), ['Fix all cplan problems that need no choice']);
    await client.request('workspace/executeCommand', { command: commands[0].command, arguments: commands[0].arguments });
    assert.equal(client.appliedEdits.length, 1);
    assert.match(applyEdits(PLAN, client.appliedEdits[0].changes![uri]), /priorities: \[ADTDG-3\]\n/);
  });
});
