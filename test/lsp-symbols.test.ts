import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SymbolKind, type DocumentLink, type DocumentSymbol, type FoldingRange, type Range, type SemanticTokens, type WorkspaceSymbol } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { indexFiles } from './helpers/workspace.js';
import { documentSymbols } from '../server/src/service/features/symbols.js';
import { documentLinks } from '../server/src/service/features/links.js';
import { foldingRanges } from '../server/src/service/features/folding.js';
import { SEMANTIC_TOKEN_LEGEND, semanticTokens } from '../server/src/service/features/semantic-tokens.js';
import { BUILTIN_FRAMEWORK_URI, LspClient, exampleWorkspace, positionOf } from './helpers/lsp.js';
import { REPO_ROOT } from './helpers/cli.js';

const LTP_PLAN = 'ncl-long-term-plan-cancer.md';
const BUILTIN_URI = BUILTIN_FRAMEWORK_URI;
const BUILTIN_TEXT = fs.readFileSync(path.join(REPO_ROOT, 'frameworks', 'ncl-cancer-2023-28.md'), 'utf8');

const LINKS_PLAN = `---
kind: commissioning-plan
id: links-plan
title: Links plan
organisation: NCL Cancer Alliance
period: 2024/25
framework: builtin:ncl-cancer-2023-28
aims: [SA1]
as_of: 2024-06-30
---

# Links plan

This plan serves \`SA1\` through WS2; see WS2-M1. SA1x, xSA1 and WS9 are not ids.

\`\`\`yaml workstream
id: WS2
title: Liver surveillance
aims: [SA1]
milestones:
  - id: WS2-M1
    title: Audit reported
    due: Q4 2024/25
    status: on-track
\`\`\`

Closing note on SA1.
`;

const TOKENS_PLAN = `---
kind: commissioning-plan
id: tokens
title: Tokens
organisation: NCL
period: 2024/25
framework: builtin:ncl-cancer-2023-28
aims: [SA1]
as_of: 2024-06-30
---

\`\`\`yaml workstream
id: WS1
title: Tokens
aims: [SA1, XX9]
milestones:
  - id: WS1-M1
    title: First
    due: Q4 2024/25
    status: on-track
  - id: "WS1-M2"
    title: Second
    due: Autumn 2025
    status: on-track
\`\`\`
`;

/** [line, character, length, type, modifiers] per token, as written in the fixture above. */
const EXPECTED_TOKENS: [number, number, number, string, string[]][] = [
  [5, 8, 7, 'number', []],
  [6, 11, 26, 'type', ['defaultLibrary']],
  [7, 7, 3, 'variable', ['defaultLibrary']],
  [8, 7, 10, 'number', []],
  [12, 4, 3, 'variable', ['declaration']],
  [14, 7, 3, 'variable', ['defaultLibrary']],
  [14, 12, 3, 'variable', []],
  [16, 8, 6, 'variable', ['declaration']],
  [18, 9, 10, 'number', []],
  [20, 8, 8, 'variable', ['declaration']],
];

function decode(tokens: SemanticTokens): [number, number, number, string, string[]][] {
  const out: [number, number, number, string, string[]][] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = tokens.data.slice(i, i + 5);
    line += deltaLine;
    character = deltaLine ? deltaStart : character + deltaStart;
    out.push([line, character, length, SEMANTIC_TOKEN_LEGEND.tokenTypes[type], SEMANTIC_TOKEN_LEGEND.tokenModifiers.filter((_, bit) => modifiers & (1 << bit))]);
  }
  return out;
}

function rangeOf(text: string, needle: string, shift = 0, length = needle.length - shift): Range {
  const start = positionOf(text, needle, shift);
  return { start, end: { line: start.line, character: start.character + length } };
}

function lineOf(text: string, needle: string): number {
  return positionOf(text, needle).line;
}

/** Expected folds of each typed block: from the opening fence line to the closing one (list and quote prefixes allowed). */
function blockFolds(text: string): FoldingRange[] {
  const lines = text.split('\n');
  const folds: FoldingRange[] = [];
  lines.forEach((line, i) => {
    if (!/^[>\s]*```yaml (aims|priorities|workstream)/.test(line)) return;
    const close = lines.findIndex((l, j) => j > i && /^[>\s]*```\s*$/.test(l));
    folds.push({ startLine: i, endLine: close });
  });
  return folds;
}


describe('symbols, links, folding and semantic tokens: direct calls', () => {
  it('document symbols nest milestones and metrics under their workstream, with title, span and id ranges', async () => {
    const ws = await indexFiles({ 'links.md': LINKS_PLAN });
    const [symbol] = documentSymbols(ws.file('links.md'));
    assert.equal(symbol.name, 'WS2');
    assert.equal(symbol.detail, 'Liver surveillance');
    assert.equal(symbol.kind, SymbolKind.Module);
    assert.deepEqual(symbol.selectionRange, rangeOf(LINKS_PLAN, 'id: WS2', 4));
    assert.deepEqual(symbol.range.start, positionOf(LINKS_PLAN, 'id: WS2'));
    assert.equal(symbol.range.end.line, lineOf(LINKS_PLAN, 'status: on-track'));
    assert.deepEqual(symbol.children!.map((c) => [c.name, c.kind, c.detail]), [['WS2-M1', SymbolKind.Event, 'Audit reported']]);
  });

  it('document links: ids in prose, inline code included, link to their definitions; blocks and front matter are left alone', async () => {
    const ws = await indexFiles({ 'links.md': LINKS_PLAN });
    const links = documentLinks(ws.file('links.md'));
    const sa1 = `${BUILTIN_URI}#L${lineOf(BUILTIN_TEXT, '- id: SA1') + 1}`;
    const expected: DocumentLink[] = [
      { range: rangeOf(LINKS_PLAN, 'builtin:ncl-cancer-2023-28'), target: BUILTIN_URI, tooltip: 'North Central London Cancer Alliance strategic aims 2023-28 and ADTDG priorities' },
      { range: rangeOf(LINKS_PLAN, '`SA1`', 1, 3), target: sa1, tooltip: 'Improve survival, focusing on early diagnosis, and prevention' },
      { range: rangeOf(LINKS_PLAN, 'WS2;', 0, 3), target: `${ws.uri('links.md')}#L${lineOf(LINKS_PLAN, 'id: WS2') + 1}`, tooltip: 'Liver surveillance' },
      { range: rangeOf(LINKS_PLAN, 'WS2-M1.', 0, 6), target: `${ws.uri('links.md')}#L${lineOf(LINKS_PLAN, 'id: WS2-M1') + 1}`, tooltip: 'Audit reported' },
      { range: rangeOf(LINKS_PLAN, 'SA1.\n', 0, 3), target: sa1, tooltip: 'Improve survival, focusing on early diagnosis, and prevention' },
    ];
    assert.equal(expected[2].range.start.line, lineOf(LINKS_PLAN, 'This plan serves'));
    assert.deepEqual(links, expected);
  });

  it('folding ranges: front matter, each block, sections and multi-line list entries', async () => {
    const ws = await indexFiles({ 'links.md': LINKS_PLAN });
    const folds = foldingRanges(ws.file('links.md'));
    const closingDashes = LINKS_PLAN.split('\n').indexOf('---', 1);
    assert.deepEqual(folds, [
      { startLine: 0, endLine: closingDashes, kind: 'region' },
      { startLine: lineOf(LINKS_PLAN, '# Links plan'), endLine: lineOf(LINKS_PLAN, 'Closing note') },
      ...blockFolds(LINKS_PLAN),
      { startLine: lineOf(LINKS_PLAN, 'id: WS2-M1'), endLine: lineOf(LINKS_PLAN, 'status: on-track') },
    ]);
  });

  it('semantic tokens: declarations, references (built-in ones as defaultLibrary), valid periods and dates', async () => {
    const ws = await indexFiles({ 'tokens.md': TOKENS_PLAN });
    assert.deepEqual(decode(semanticTokens(ws.file('tokens.md'))), EXPECTED_TOKENS);
  });
});

describe('language server: symbols, links, folding and semantic tokens over stdio', function () {
  this.timeout(30_000);
  let client: LspClient;
  afterEach(async () => client?.stop());

  async function start(extra: Record<string, string> = {}): Promise<LspClient> {
    client = await LspClient.start({ root: exampleWorkspace(extra) });
    await client.diagnostics(client.uri(LTP_PLAN));
    return client;
  }

  it('document symbols of the LTP plan: WS1..WS7 with their milestones and metrics', async () => {
    await start();
    const text = client.read(LTP_PLAN);
    const uri = await client.open(LTP_PLAN);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['WS1', 'WS2', 'WS3', 'WS4', 'WS5', 'WS6', 'WS7']);
    assert.ok(symbols.every((s) => s.kind === SymbolKind.Module));
    const ws1 = symbols[0];
    assert.deepEqual(ws1.children!.map((c) => c.name), ['WS1-M1', 'WS1-M2', 'WS1-M3', 'WS1-M4', 'WS1-K1', 'WS1-K2', 'WS1-K3', 'WS1-K4', 'WS1-K5']);
    assert.deepEqual(ws1.children!.map((c) => c.kind), [...Array(4).fill(SymbolKind.Event), ...Array(5).fill(SymbolKind.Number)]);
    const ws3 = symbols[2];
    assert.deepEqual(ws3.selectionRange, rangeOf(text, '  id: WS3', 6));
    assert.equal(ws3.detail, 'Innovative models of access - Rapid Diagnostic Centres');
    assert.deepEqual(ws3.children!.filter((c) => c.kind === SymbolKind.Event).map((c) => c.name), ['WS3-M1', 'WS3-M2']);
    const ws7 = symbols[6];
    assert.deepEqual(ws7.children!.map((c) => c.name).slice(0, 6), ['WS7-M1', 'WS7-M2', 'WS7-M3', 'WS7-M4', 'WS7-M5', 'WS7-M6']);
  });

  it('workspace symbols by id and by title word; built-in framework entities appear once', async () => {
    await start();
    const byId = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'WS3' });
    assert.ok(byId.every((s) => s.name.toLowerCase().includes('ws3')));
    const exact = byId.filter((s) => s.name.startsWith('WS3:'));
    assert.deepEqual(exact.map((s) => path.basename(URI.parse(s.location.uri).fsPath)).sort(), [
      'ncl-adt-2025-26-with-problems.md', 'ncl-adt-2025-26.md', 'ncl-long-term-plan-cancer.md', 'ncl-primary-care-cancer.md',
    ]);
    assert.deepEqual(byId.slice(0, exact.length), exact, 'exact id matches come first');
    assert.ok(byId.some((s) => s.name.startsWith('WS3-M1:')));
    const ltp = exact.find((s) => s.location.uri === client.uri(LTP_PLAN))!;
    assert.deepEqual((ltp.location as { range: Range }).range, rangeOf(client.read(LTP_PLAN), '  id: WS3', 6));

    const byTitle = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'teledermatology' });
    assert.ok(byTitle.some((s) => s.name === 'WS1-M1: Teledermatology rolled out across all USC skin pathway providers' && s.location.uri === client.uri('ncl-adt-2025-26.md')));
    assert.ok(byTitle.every((s) => /teledermatology/i.test(s.name)));

    const sa4 = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'SA4' });
    assert.deepEqual(sa4.filter((s) => s.location.uri === BUILTIN_URI).map((s) => [s.name.split(':')[0], s.kind]), [['SA4', SymbolKind.Constant]]);
  });

  it('document links for ids in prose and the framework value', async () => {
    await start({ 'links-plan.md': LINKS_PLAN });
    const uri = await client.open('links-plan.md');
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
    assert.deepEqual(links.map((l) => [l.range, l.target]), [
      [rangeOf(LINKS_PLAN, 'builtin:ncl-cancer-2023-28'), BUILTIN_URI],
      [rangeOf(LINKS_PLAN, '`SA1`', 1, 3), `${BUILTIN_URI}#L${lineOf(BUILTIN_TEXT, '- id: SA1') + 1}`],
      [rangeOf(LINKS_PLAN, 'WS2;', 0, 3), `${uri}#L${lineOf(LINKS_PLAN, 'id: WS2') + 1}`],
      [rangeOf(LINKS_PLAN, 'WS2-M1.', 0, 6), `${uri}#L${lineOf(LINKS_PLAN, 'id: WS2-M1') + 1}`],
      [rangeOf(LINKS_PLAN, 'SA1.\n', 0, 3), `${BUILTIN_URI}#L${lineOf(BUILTIN_TEXT, '- id: SA1') + 1}`],
    ]);
  });

  it('folding ranges of the LTP plan include the front matter and every block, quoted and indented ones too', async () => {
    await start();
    const text = client.read(LTP_PLAN);
    const uri = await client.open(LTP_PLAN);
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const has = (fold: FoldingRange) => folds.some((f) => f.startLine === fold.startLine && f.endLine === fold.endLine);
    assert.ok(has({ startLine: 0, endLine: text.split('\n').indexOf('---', 1) }), 'front matter');
    const blocks = blockFolds(text);
    assert.equal(blocks.length, 7);
    for (const block of blocks) assert.ok(has(block), `block at line ${block.startLine}`);
    assert.ok(has({ startLine: lineOf(text, '## Workstream 1'), endLine: lineOf(text, '## Workstream 2') - 2 }), 'a section ends before the next heading, without trailing blank lines');
  });

  it('semantic tokens decode to the expected ids, periods and dates', async () => {
    await start({ 'tokens.md': TOKENS_PLAN });
    const uri = await client.open('tokens.md');
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.deepEqual(decode(tokens), EXPECTED_TOKENS);
  });
});
