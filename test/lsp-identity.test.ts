import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Hover, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { LspClient, positionOf } from './helpers/lsp.js';

const FRAMEWORK = `---
kind: commissioning-framework
id: id-framework
title: Identity framework
organisation: NCL Cancer Alliance
period: 2024/25-2025/26
---

\`\`\`yaml aims
- id: F1
  title: Improve early diagnosis
\`\`\`
`;

const PLAN = `---
kind: commissioning-plan
id: id-plan
title: Identity plan
organisation: NCL Cancer Alliance
period: 2024/25
framework: ./framework.md
as_of: 2024-06-30
---

\`\`\`yaml workstream
id: WS1
title: Early diagnosis
aims: [F1]
\`\`\`
`;

/** What Neovim sends: `file://` and the path, with `( ) + & '` left as they are. */
const neovimUri = (file: string) => `file://${file.split(path.sep).map((part) => part.replace(/ /g, '%20')).join('/')}`;

function workspace(folder: string, files: Record<string, string>): string {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-identity-'));
  const root = path.join(top, folder);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

const framesOf = (edit: WorkspaceEdit) => Object.entries(edit.changes ?? {}).map(([uri, edits]) => [uri, edits.length] as const).sort();

describe('document identity over stdio: one document per file, answers in the client\'s URIs', function () {
  this.timeout(60_000);
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it('indexes a plan opened by a Neovim-style URI (unencoded `( ) + & \'`) once, and renames every reference once, to URIs the client knows', async () => {
    const root = workspace("plans (2025)", { 'framework.md': FRAMEWORK, "a+b&c'd (draft).md": PLAN });
    client = await LspClient.start({ root });
    const planUri = neovimUri(path.join(root, "a+b&c'd (draft).md"));
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: planUri, languageId: 'markdown', version: 1, text: PLAN } });
    await client.diagnostics(planUri);
    // Published after indexing: the whole workspace is in by then.
    await client.diagnostics(URI.file(path.join(root, 'framework.md')).toString());
    const info = await client.request<{ documents: number }>('cplan/serverInfo', {});
    assert.equal(info.documents, 2, 'the open plan and the framework, each once');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: planUri }, position: positionOf(PLAN, 'aims: [F1', 7), newName: 'F9' });
    assert.deepEqual(framesOf(edit), [[URI.file(path.join(root, 'framework.md')).toString(), 1], [planUri, 1]].sort());
  });

  it('a workspace opened through a symlink reads the framework from its open buffer and points definitions at the linked path', async () => {
    const real = workspace('real', { 'framework.md': FRAMEWORK, 'plan.md': PLAN });
    const link = path.join(path.dirname(real), 'linked');
    fs.symlinkSync(real, link);
    client = await LspClient.start({ root: link });
    const planUri = await client.open('plan.md');
    await client.diagnostics(planUri);
    const locations = await client.request<Location[] | Location>('textDocument/definition', { textDocument: { uri: planUri }, position: positionOf(PLAN, 'aims: [F1', 7) });
    const uris = (Array.isArray(locations) ? locations : [locations]).map((l) => l.uri);
    assert.deepEqual(uris, [URI.file(path.join(link, 'framework.md')).toString()], 'the framework under the folder the client opened, never opened itself');
    const frameworkUri = await client.open('framework.md', FRAMEWORK.replace('id: F1', 'id: F2\n  title: Second\n- id: F1'));
    const version = await client.change(planUri, [{ text: PLAN.replace('aims: [F1]', 'aims: [F2]') }]);
    const published = await client.diagnostics(planUri, (p) => p.version === version);
    assert.deepEqual(published.diagnostics.map((d) => String(d.message)).filter((m) => m.includes('F2')), [], 'F2 is in the open framework buffer');
    const rename = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: planUri }, position: positionOf(PLAN, 'aims: [F1', 7), newName: 'F7' });
    assert.deepEqual(framesOf(rename), [[frameworkUri, 1], [planUri, 1]].sort());
  });

  it('an unreadable subfolder is skipped with one warning and the rest is indexed', async function () {
    if (process.getuid?.() !== 0) this.skip();
    const root = workspace('unreadable', { 'framework.md': FRAMEWORK, 'plan.md': PLAN, 'locked/other.md': PLAN.replace('id-plan', 'other-plan') });
    for (let dir = root; dir !== path.dirname(dir); dir = path.dirname(dir)) if (dir.startsWith(os.tmpdir()) && dir !== os.tmpdir()) fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(root, 'locked'), 0o700);
    const check = spawnSync('ls', [path.join(root, 'locked')], { uid: 65534, gid: 65534 });
    assert.notEqual(check.status, 0, 'nobody cannot list the locked folder');
    client = await LspClient.start({ root, spawnAs: { uid: 65534, gid: 65534 } });
    await client.diagnostics(URI.file(path.join(root, 'plan.md')).toString());
    const info = await client.request<{ documents: number }>('cplan/serverInfo', {});
    assert.equal(info.documents, 2);
    await client.settled();
    const warnings = client.logs.filter((l) => l.includes('locked'));
    assert.equal(warnings.length, 1, client.logs.join('\n') + client.stderr.join(''));
    assert.match(warnings[0], /cannot read/);
  });

  it('a FIFO named *.md announced by a watched-file event is not opened: the next hover is answered', async () => {
    const root = workspace('fifo', { 'framework.md': FRAMEWORK, 'plan.md': PLAN });
    const fifo = path.join(root, 'pipe.md');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    client = await LspClient.start({ root });
    const planUri = await client.open('plan.md');
    await client.diagnostics(planUri);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(fifo).toString(), type: 1 }] });
    const answer = await Promise.race([
      client.request<Hover | null>('textDocument/hover', { textDocument: { uri: planUri }, position: positionOf(PLAN, 'aims: [F1', 7) }),
      new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 10_000)),
    ]);
    assert.notEqual(answer, 'blocked', 'the server answered the hover');
    assert.ok(answer, 'a hover');
  });
});
