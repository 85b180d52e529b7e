import assert from 'node:assert/strict';
import path from 'node:path';
import { URI } from 'vscode-uri';
import { LspClient, exampleWorkspace } from './helpers/lsp.js';

const PROBLEMS = 'ncl-adt-2025-26-with-problems.md';

/** VS Code's `resource` scope: each folder of a multi-root workspace can have its own `cplan.*` settings. */
describe('language server: settings per workspace folder', function () {
  this.timeout(30_000);
  let client: LspClient;
  afterEach(async () => client?.stop());

  it('asks for the settings of each folder (scopeUri) and applies them to that folder’s plans only', async () => {
    const first = exampleWorkspace();
    const second = exampleWorkspace();
    client = await LspClient.start({ root: first, moreRoots: [second], folderSettings: { [second]: { rules: { 'duplicate-id': 'off' } } } });
    const inFirst = client.uri(PROBLEMS);
    const inSecond = URI.file(path.join(second, PROBLEMS)).toString();
    const a = await client.diagnostics(inFirst, (p) => p.diagnostics.length > 0);
    const b = await client.diagnostics(inSecond, (p) => p.diagnostics.length > 0);
    assert.ok(a.diagnostics.some((d) => d.code === 'duplicate-id'), 'the first folder keeps the default severity');
    assert.equal(b.diagnostics.filter((d) => d.code === 'duplicate-id').length, 0, 'the second folder turned the rule off');
    assert.equal(b.diagnostics.length, a.diagnostics.filter((d) => d.code !== 'duplicate-id').length, 'nothing else differs');
    const scopes = client.configurationItems.map((item) => item.scopeUri && URI.parse(item.scopeUri).fsPath);
    assert.ok(scopes.includes(first) && scopes.includes(second), `asked for both folders: ${JSON.stringify(scopes)}`);
  });

  it('applies a changed folder setting without a restart', async () => {
    const first = exampleWorkspace();
    const second = exampleWorkspace();
    client = await LspClient.start({ root: first, moreRoots: [second] });
    const inSecond = URI.file(path.join(second, PROBLEMS)).toString();
    const before = await client.diagnostics(inSecond, (p) => p.diagnostics.some((d) => d.code === 'duplicate-id'));
    const duplicates = before.diagnostics.filter((d) => d.code === 'duplicate-id').length;
    const inFirst = client.uri(PROBLEMS);
    const firstBefore = await client.diagnostics(inFirst, (p) => p.diagnostics.length > 0);
    client.folderSettings = { [second]: { rules: { 'duplicate-id': 'info' } } };
    client.published.clear();
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const after = await client.diagnostics(inSecond, (p) => p.diagnostics.some((d) => d.code === 'duplicate-id' && d.severity === 3));
    assert.equal(after.diagnostics.filter((d) => d.code === 'duplicate-id' && d.severity === 3).length, duplicates);
    // The first folder's file keeps its severities: only diagnostics that changed are published again (issue 14,
    // defect 12), so it is either not re-published at all or re-published the same.
    await client.settled();
    const republished = client.published.get(inFirst)?.at(-1)?.diagnostics ?? firstBefore.diagnostics;
    assert.deepEqual(republished.filter((d) => d.code === 'duplicate-id').map((d) => d.severity), firstBefore.diagnostics.filter((d) => d.code === 'duplicate-id').map((d) => d.severity));
    assert.ok(firstBefore.diagnostics.some((d) => d.code === 'duplicate-id' && d.severity === 1), 'an error there, as the rule says by default');
  });
});

describe('language server: save notifications', function () {
  this.timeout(30_000);
  it('asks for didSave, which VS Code needs before it pulls diagnostics on save (cplan.run: onSave)', async () => {
    const client = await LspClient.start({ root: exampleWorkspace(), pull: true });
    try {
      const sync = client.initializeResult!.capabilities.textDocumentSync as { save?: unknown };
      assert.deepEqual(sync.save, { includeText: false });
    } finally {
      await client.stop();
    }
  });
});
