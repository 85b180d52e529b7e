import assert from 'node:assert/strict';
import { LspClient, exampleWorkspace, positionOf } from './helpers/lsp.js';

const LTP_PLAN = 'ncl-long-term-plan-cancer.md';

describe('language server: document lifecycle over stdio', function () {
  this.timeout(30_000);
  let client: LspClient;
  afterEach(async () => client?.stop());

  it('keeps an edit that an empty didChange follows: diagnostics and requests are for the edited text', async () => {
    client = await LspClient.start({ root: exampleWorkspace() });
    const uri = await client.open(LTP_PLAN);
    await client.diagnostics(uri, (p) => p.version === 1);
    const at = positionOf(client.read(LTP_PLAN), 'aims: [LTP-O1', 8);
    // Both changes go into the paused server's pipe so that they arrive together, as a fast client sends them.
    client.process.kill('SIGSTOP');
    void client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
    const empty = client.change(uri, []);
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.process.kill('SIGCONT');
    await empty;
    await client.diagnostics(uri, (p) => p.version === 2);
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: at });
    assert.match(hover.contents.value, /LTP-O1/);
  });

  it('answers requests for a document opened, edited and closed instead of ContentModified', async () => {
    client = await LspClient.start({ root: exampleWorkspace() });
    const uri = await client.open(LTP_PLAN);
    const at = positionOf(client.read(LTP_PLAN), 'aims: [LTP-O1', 8);
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
    await client.diagnostics(uri, (p) => p.version === 2);
    await client.close(uri);
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: at });
    assert.match(hover.contents.value, /LTP-O1/);
  });

  it('frees closed buffers that are not on disk: 1,500 open/edit/close cycles fit in a 96 MB heap', async function () {
    this.timeout(600_000);
    const previous = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = '--max-old-space-size=96';
    try {
      client = await LspClient.start({ root: exampleWorkspace() });
    } finally {
      if (previous === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = previous;
    }
    const text = client.read(LTP_PLAN) + '\n' + 'Padding that makes each buffer weigh what a real plan does.\n'.repeat(1500);
    for (let i = 0; i < 1500; i++) {
      const uri = `untitled:Untitled-${i}`;
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text + ' ' }] });
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      if (i % 100 === 99) await client.settled(60_000);
    }
    await client.settled(60_000);
    const symbols = await client.request<unknown[]>('workspace/symbol', { query: 'Untitled' });
    assert.equal(client.process.exitCode, null);
    assert.ok(Array.isArray(symbols));
  });
});
