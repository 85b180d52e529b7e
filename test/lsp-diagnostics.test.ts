import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { LspClient, exampleWorkspace, positionOf } from './helpers/lsp.js';

const PROBLEMS = 'ncl-adt-2025-26-with-problems.md';
const LTP_PLAN = 'ncl-long-term-plan-cancer.md';
const LTP_FRAMEWORK = 'ncl-ltp-framework.md';

describe('language server: diagnostics over stdio', function () {
  this.timeout(30_000);
  let client: LspClient;
  afterEach(async () => client?.stop());

  it('publishes diagnostics with rule codes, doc links, related information and the document version', async () => {
    client = await LspClient.start({ root: exampleWorkspace() });
    const uri = await client.open(PROBLEMS);
    const published = await client.diagnostics(uri, (p) => p.version === 1);
    const golden = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'test/golden/ncl-adt-2025-26-with-problems.json'), 'utf8')) as { ruleId: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1, d.message as string]),
      golden.map((g) => [g.ruleId, g.line, g.column, g.endLine, g.endColumn, g.message]),
      'the editor shows exactly what the CLI reports',
    );
    const duplicate = published.diagnostics.find((d) => d.code === 'duplicate-id')!;
    assert.match(duplicate.codeDescription!.href, /docs\/rules\/duplicate-id\.md$/);
    assert.equal(duplicate.source, 'cplan');
    assert.equal(duplicate.relatedInformation![0].location.uri, uri);
    assert.ok(duplicate.relatedInformation![0].location.range.start.line < duplicate.range.start.line);
  });

  it('re-validates an incrementally edited buffer for each version', async () => {
    client = await LspClient.start({ root: exampleWorkspace() });
    const uri = await client.open(PROBLEMS);
    const first = await client.diagnostics(uri, (p) => p.version === 1);
    const unknown = first.diagnostics.find((d) => d.code === 'unknown-aim')!;
    const version = await client.change(uri, [{ range: unknown.range, text: 'SA1' }]);
    const second = await client.diagnostics(uri, (p) => p.version === version);
    assert.equal(second.diagnostics.filter((d) => d.code === 'unknown-aim').length, 0);
    assert.equal(second.diagnostics.length, first.diagnostics.length - 1);
  });

  it('editing a framework re-validates the plans that use it, and only those', async () => {
    client = await LspClient.start({ root: exampleWorkspace() });
    const planUri = client.uri(LTP_PLAN);
    const otherUri = client.uri('ncl-primary-care-cancer.md');
    await client.diagnostics(planUri, (p) => p.diagnostics.length === 0);
    const frameworkUri = await client.open(LTP_FRAMEWORK);
    await client.diagnostics(frameworkUri, (p) => p.version === 1);
    await client.settled();
    const publishedForOther = client.published.get(otherUri)?.length ?? 0;
    const text = client.read(LTP_FRAMEWORK);
    const at = positionOf(text, 'id: LTP-O1', 4);
    await client.change(frameworkUri, [{ range: { start: at, end: { line: at.line, character: at.character + 6 } }, text: 'LTP-X1' }]);
    const after = await client.diagnostics(planUri, (p) => p.diagnostics.some((d) => d.code === 'unknown-aim'));
    assert.ok(after.diagnostics.every((d) => d.code === 'unknown-aim' ? /LTP-O1/.test(d.message as string) : true));
    await client.settled();
    assert.equal(client.published.get(otherUri)?.length ?? 0, publishedForOther, 'a plan on another framework is not re-published');
  });

  it('serves pull diagnostics and asks the client to refresh when a dependency changes', async () => {
    client = await LspClient.start({ root: exampleWorkspace(), pull: true });
    const planUri = client.uri(LTP_PLAN);
    assert.deepEqual(await client.pull(planUri), []);
    const workspace = await client.request<{ items: { uri: string; items: unknown[] }[] }>('workspace/diagnostic', { previousResultIds: [] });
    assert.ok(workspace.items.length >= 6);
    assert.ok(workspace.items.find((i) => i.uri.endsWith(PROBLEMS))!.items.length > 10);
    const frameworkUri = await client.open(LTP_FRAMEWORK);
    const refreshesBefore = client.refreshes.length;
    const at = positionOf(client.read(LTP_FRAMEWORK), 'id: LTP-O1', 4);
    await client.change(frameworkUri, [{ range: { start: at, end: { line: at.line, character: at.character + 6 } }, text: 'LTP-X1' }]);
    for (let i = 0; i < 100 && client.refreshes.length === refreshesBefore; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(client.refreshes.length > refreshesBefore, 'workspace/diagnostic/refresh was sent');
    assert.ok((await client.pull(planUri)).some((d) => d.code === 'unknown-aim'));
    assert.equal(client.published.size, 0, 'a pull client gets no pushed diagnostics');
  });

  it('picks up files created, changed and deleted on disk; the open buffer wins over the disk', async () => {
    const root = exampleWorkspace();
    client = await LspClient.start({ root });
    const planUri = client.uri(LTP_PLAN);
    await client.diagnostics(planUri);
    const copy = path.join(root, 'new-plan.md');
    fs.writeFileSync(copy, client.read(PROBLEMS));
    const copyUri = client.uri('new-plan.md');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: copyUri, type: 1 }] });
    assert.ok((await client.diagnostics(copyUri)).diagnostics.length > 10);
    const openUri = await client.open('ncl-primary-care-cancer.md');
    await client.diagnostics(openUri, (p) => p.version === 1);
    fs.writeFileSync(path.join(root, 'ncl-primary-care-cancer.md'), client.read(PROBLEMS));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: openUri, type: 2 }] });
    fs.rmSync(copy);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: copyUri, type: 3 }] });
    const cleared = await client.diagnostics(copyUri, (p) => p.diagnostics.length === 0);
    assert.deepEqual(cleared.diagnostics, []);
    assert.ok(client.published.get(openUri)!.every((p) => p.diagnostics.length === 0), 'the open buffer still wins');
  });

  it('applies cplan.* settings: review date and rule severities', async () => {
    client = await LspClient.start({ root: exampleWorkspace(), settings: { asOf: '2027-01-01', rules: { 'overdue-milestone': 'error' } } });
    const uri = client.uri('ncl-adt-2025-26.md');
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.ok(published.diagnostics.every((d) => d.code === 'overdue-milestone' && d.severity === 1));
    client.settings = { rules: { 'overdue-milestone': 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
  });

  it('drops a request overtaken by an edit with ContentModified instead of answering for a stale version', async () => {
    client = await LspClient.start({ root: exampleWorkspace() });
    const uri = await client.open(LTP_PLAN);
    await client.diagnostics(uri, (p) => p.version === 1);
    const at = positionOf(client.read(LTP_PLAN), 'aims: [LTP-O1', 8);
    // The server is paused while both messages go into its pipe, so that they arrive together whatever the
    // load: a request whose edit has not arrived yet may rightly be answered.
    client.process.kill('SIGSTOP');
    const stale = client.request('textDocument/hover', { textDocument: { uri }, position: at });
    void client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.process.kill('SIGCONT');
    await assert.rejects(stale, (error: { code: number }) => error.code === -32801);
    const fresh = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: at });
    assert.match(fresh.contents.value, /LTP-O1/);
  });

  /** A workspace whose plan names its framework by id, found only in a framework folder outside the workspace. */
  function frameworkOutside(folderEntry: (outside: string, root: string) => string): { root: string; outside: string } {
    const outside = exampleWorkspace();
    const byId = fs.readFileSync(path.join(outside, LTP_PLAN), 'utf8').replace('framework: ./ncl-ltp-framework.md', 'framework: ncl-ltp-framework');
    const root = exampleWorkspace({ 'by-id.md': byId });
    fs.writeFileSync(path.join(root, '.cplanrc.yaml'), `frameworks: [${JSON.stringify(folderEntry(outside, root))}]\n`);
    fs.rmSync(path.join(root, LTP_FRAMEWORK));
    return { root, outside };
  }

  it('in a trusted workspace, reads framework folders of .cplanrc.yaml that lie outside the workspace', async () => {
    const { root } = frameworkOutside((outside, root) => path.relative(root, outside));
    client = await LspClient.start({ root });
    await client.diagnostics(client.uri('by-id.md'), (p) => p.diagnostics.length === 0);
  });

  it('in an untrusted workspace, ignores framework folders outside the workspace and says so on the plan', async () => {
    const { root, outside } = frameworkOutside((o) => o);
    client = await LspClient.start({ root, initializationOptions: { trusted: false } });
    const untrusted = await client.diagnostics(client.uri('by-id.md'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(untrusted.diagnostics.map((d) => d.code), ['unresolved-framework']);
    const message = untrusted.diagnostics[0].message as string;
    assert.match(message, /Restricted Mode/);
    assert.ok(message.includes(`\`${outside}\``), `names the ignored folder: ${message}`);
    assert.match(message, /trust the workspace, then run Commissioning Plans: Restart Language Server, to read it/);
  });

  it('in an untrusted workspace, a framework folder inside the workspace that links outside is not read either', async () => {
    const { root } = frameworkOutside(() => './shared');
    const outside = exampleWorkspace();
    fs.symlinkSync(outside, path.join(root, 'shared'));
    client = await LspClient.start({ root, initializationOptions: { trusted: false } });
    const untrusted = await client.diagnostics(client.uri('by-id.md'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(untrusted.diagnostics.map((d) => d.code), ['unresolved-framework']);
    assert.match(untrusted.diagnostics[0].message as string, /Restricted Mode/);
  });

  it('honours cplan.maxFileSize: a larger open buffer gets one file-too-large diagnostic at line 1', async () => {
    client = await LspClient.start({ root: exampleWorkspace(), settings: { maxFileSize: 2048 } });
    const uri = await client.open(PROBLEMS);
    const published = await client.diagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['file-too-large', 0, 0]]);
  });

  it('indexes every folder of a multi-root workspace', async () => {
    const second = exampleWorkspace();
    client = await LspClient.start({ root: exampleWorkspace(), moreRoots: [second] });
    await client.diagnostics(client.uri(PROBLEMS), (p) => p.diagnostics.length > 0);
    const other = (await import('vscode-uri')).URI.file(path.join(second, PROBLEMS)).toString();
    await client.diagnostics(other, (p) => p.diagnostics.length > 0);
  });

  it('merges the workspace .cplanrc.yaml as the CLI does', async () => {
    client = await LspClient.start({ root: exampleWorkspace({ '.cplanrc.yaml': 'rules:\n  duplicate-id: "off"\n' }) });
    const published = await client.diagnostics(client.uri(PROBLEMS), (p) => p.diagnostics.length > 0);
    assert.equal(published.diagnostics.filter((d) => d.code === 'duplicate-id').length, 0);
  });
});
