import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import { WorkspaceIndex } from '../server/src/service/workspace.js';
import { applyFileEvents } from '../server/src/service/file-events.js';
import { readSettings } from '../server/src/lsp/settings.js';
import { LspClient, positionOf } from './helpers/lsp.js';

const FRAMEWORK = `---\nkind: commissioning-framework\nid: shared\ntitle: The shared framework\n---\n\n\`\`\`yaml aims\n- id: AIM1\n  title: The first aim\n\`\`\`\n`;

function plan(n: number, framework = './framework.md', extra = ''): string {
  return `---\nkind: commissioning-plan\nid: plan-${n}\ntitle: Plan ${n}\norganisation: Alliance\nperiod: 2024/25-2025/26\nas_of: 2025-06-30\nframework: ${framework}\n---\n\n\`\`\`yaml workstream\nid: WS1\ntitle: Work ${n}\naims: [AIM1]\nmilestones:\n  - id: WS1-M1\n    title: A pathway live\n    due: Q4 2025/26\n    status: on-track\n\`\`\`\n${extra}`;
}

/** A folder with framework.md and `count` plans that use it, plans/plan-N.md. */
function workspace(count: number): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-scale-')));
  fs.writeFileSync(path.join(root, 'framework.md'), FRAMEWORK);
  fs.mkdirSync(path.join(root, 'plans'));
  for (let n = 1; n <= count; n++) fs.writeFileSync(path.join(root, 'plans', `plan-${n}.md`), plan(n, '../framework.md'));
  return root;
}

const uriOf = (file: string) => URI.file(file).toString();

describe('workspace scale: file events, pull mode and document phases (issue 14)', function () {
  this.timeout(60_000);
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  describe('a batch of Created and Deleted files (defect 10)', () => {
    it('re-links only the plans the new files can affect: those unresolved, or resolving to a path that came or went', async () => {
      const root = workspace(200);
      fs.writeFileSync(path.join(root, 'waiting.md'), plan(9000, './later.md'));
      const index = new WorkspaceIndex([root], readSettings(undefined));
      await index.indexFolders();
      const plans = Array.from({ length: 200 }, (_, i) => uriOf(path.join(root, 'plans', `plan-${i + 1}.md`)));
      // What a re-link would renew: the framework resolution and the lint (a linked state is let go with a closed plan's parse).
      const before = plans.map((uri) => [index.framework(uri), index.diagnostics(uri)]);
      const waiting = uriOf(path.join(root, 'waiting.md'));
      assert.equal(index.linked(waiting)!.frameworkResolution?.ok, false, 'later.md does not exist yet');

      const created: string[] = [];
      for (let n = 1; n <= 100; n++) {
        const file = path.join(root, 'new', `plan-${n}.md`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, plan(1000 + n, '../framework.md'));
        created.push(uriOf(file));
      }
      fs.writeFileSync(path.join(root, 'later.md'), FRAMEWORK.replace('id: shared', 'id: later'));
      created.push(uriOf(path.join(root, 'later.md')));
      const affected = await applyFileEvents(index, created.map((key) => ({ key, deleted: false })));

      assert.equal(index.linked(waiting)!.frameworkResolution?.ok, true, 'the plan waiting for later.md resolves it now');
      assert.ok(affected.includes(waiting));
      const relinked = plans.filter((uri, i) => index.framework(uri) !== before[i][0] || index.diagnostics(uri) !== before[i][1]);
      assert.deepEqual(relinked, [], 'plans whose framework is unchanged keep their linked state');
      assert.ok(!plans.some((uri) => affected.includes(uri)), 'and are not reported as affected');
      for (const uri of created.slice(0, 100)) assert.equal(index.linked(uri)?.frameworkResolution?.ok, true, `${uri} is indexed and linked`);

      // Deleting the framework affects exactly the plans that used it.
      fs.rmSync(path.join(root, 'later.md'));
      const gone = await applyFileEvents(index, [{ key: uriOf(path.join(root, 'later.md')), deleted: true }]);
      assert.equal(index.linked(waiting)!.frameworkResolution?.ok, false);
      assert.ok(gone.includes(waiting));
      assert.ok(!plans.some((uri) => gone.includes(uri)));
    });

    it('an open framework buffer keeps winning after a Changed event for its file: a plan linked later resolves to the buffer', async () => {
      const root = workspace(1);
      const index = new WorkspaceIndex([root], readSettings(undefined));
      await index.indexFolders();
      const framework = uriOf(path.join(root, 'framework.md'));
      const buffer = FRAMEWORK.replace('  title: The first aim\n', '  title: The first aim\n- id: AIM2\n  title: Only in the buffer\n');
      index.setOpen(framework, buffer, 2);
      fs.writeFileSync(path.join(root, 'framework.md'), FRAMEWORK.replace('The first aim', 'Changed on disk'));
      await applyFileEvents(index, [{ key: framework, deleted: false }]);
      const later = path.join(root, 'plans', 'later.md');
      fs.writeFileSync(later, plan(77, '../framework.md').replace('aims: [AIM1]', 'aims: [AIM2]'));
      await applyFileEvents(index, [{ key: uriOf(later), deleted: false }]);
      const linked = index.linked(uriOf(later))!;
      assert.equal(linked.framework?.text, buffer, 'the plan reads the open buffer, not the disk copy');
      assert.deepEqual(index.diagnostics(uriOf(later)).filter((d) => d.ruleId === 'unknown-aim').map((d) => d.message), []);
    });

    it('answers a request on an open plan while a batch of 1,000 Created files is still being read', async () => {
      const root = workspace(50);
      client = await LspClient.start({ root });
      const open = await client.open('plans/plan-1.md');
      await client.diagnostics(open, (p) => p.version === 1);
      await client.settled();
      const changes = [];
      for (let n = 1; n <= 1000; n++) {
        const file = path.join(root, 'new', `plan-${n}.md`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, plan(1000 + n, '../framework.md'));
        changes.push({ uri: uriOf(file), type: 1 });
      }
      const published = () => [...client!.published.keys()].filter((uri) => uri.includes('/new/')).length;
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
      const text = client.read('plans/plan-1.md');
      await client.request('textDocument/hover', { textDocument: { uri: open }, position: positionOf(text, 'AIM1]', 1) });
      const atHover = published();
      await client.settled(30_000);
      const deadline = Date.now() + 30_000;
      while (published() < 1000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(published(), 1000, 'every new plan gets its diagnostics');
      assert.ok(atHover < 1000, `the hover waited for the whole batch (${atHover} of 1000 new plans published before it)`);
    });
  });

  describe('a batch of 1,000 Changed files, as a git checkout sends (defect 11)', () => {
    it('is handled in slices: a request on an open plan is answered before the batch is done', async () => {
      const root = workspace(1000);
      client = await LspClient.start({ root });
      const open = await client.open('framework.md');
      await client.diagnostics(open, (p) => p.version === 1);
      const deadline = Date.now() + 40_000;
      while ([...client.published.keys()].length < 1001 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await client.settled(30_000);
      const changed = Array.from({ length: 1000 }, (_, i) => path.join(root, 'plans', `plan-${i + 1}.md`));
      // The milestone becomes overdue: each plan's diagnostics change, so each is published again (only
      // diagnostics that changed are, since defect 12).
      for (const file of changed) fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('due: Q4 2025/26', 'due: Q4 2024/25'));
      const counts = () => changed.reduce((n, file) => n + (client!.published.get(uriOf(file))?.length ?? 0), 0);
      const start = counts();
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changed.map((file) => ({ uri: uriOf(file), type: 2 })) });
      await client.request('textDocument/documentSymbol', { textDocument: { uri: open } });
      const atRequest = counts() - start;
      const until = Date.now() + 30_000;
      while (counts() - start < 1000 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      assert.equal(counts() - start, 1000, 'every changed plan is re-published');
      assert.ok(atRequest < 1000, `the request waited for the whole batch (${atRequest} of 1000 publishes before it)`);
    });
  });

  describe('pull diagnostics with result ids (defect 13)', () => {
    it('a document pull answers unchanged while its diagnostics are, and full with a new id once they change', async () => {
      const root = workspace(3);
      client = await LspClient.start({ root, pull: true });
      const uri = await client.open('plans/plan-1.md');
      type Report = { kind: string; resultId?: string; items?: { code?: unknown }[] };
      const first = await client.request<Report>('textDocument/diagnostic', { textDocument: { uri } });
      assert.equal(first.kind, 'full');
      assert.equal(typeof first.resultId, 'string', 'a full report carries a result id');
      const again = await client.request<Report>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
      assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });
      const text = client.read('plans/plan-1.md');
      await client.change(uri, [{ range: { start: positionOf(text, 'AIM1]'), end: positionOf(text, 'AIM1]', 4) }, text: 'AIM9' }]);
      const changed = await client.request<Report>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
      assert.equal(changed.kind, 'full');
      assert.notEqual(changed.resultId, first.resultId);
      assert.ok(changed.items!.length > first.items!.length, 'AIM9 is unknown');
      const stale = await client.request<Report>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: 'not-an-id' });
      assert.equal(stale.kind, 'full', 'an id the server does not know gets the full report');
    });

    it('a workspace pull reports in full only the documents whose diagnostics changed since the ids the client sent', async () => {
      const root = workspace(20);
      client = await LspClient.start({ root, pull: true });
      await client.request('workspace/symbol', { query: '' }); // waits for the index
      type Item = { kind: string; uri: string; resultId?: string; items?: unknown[] };
      const first = await client.request<{ items: Item[] }>('workspace/diagnostic', { previousResultIds: [] });
      assert.equal(first.items.length, 21);
      assert.ok(first.items.every((i) => i.kind === 'full' && typeof i.resultId === 'string'));
      const previousResultIds = first.items.map((i) => ({ uri: i.uri, value: i.resultId! }));
      // Nothing changed: the pull is held (VS Code would otherwise ask again every 2 s) until something does.
      let answered = false;
      const idle = client.request<{ items: Item[] }>('workspace/diagnostic', { previousResultIds }).then((answer) => {
        answered = true;
        return answer;
      });
      await client.settled();
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(answered, false, 'an idle workspace pull is held, not answered with nothing');
      const touched = path.join(root, 'plans', 'plan-3.md');
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(touched), type: 2 }] });
      await client.settled();
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(answered, false, 'a file event that changes no diagnostic still has nothing to report');

      const file = path.join(root, 'plans', 'plan-7.md');
      fs.writeFileSync(file, plan(7, '../framework.md').replace('aims: [AIM1]', 'aims: [AIM8]'));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file), type: 2 }] });
      const after = await idle;
      assert.deepEqual(after.items.map((i) => [i.kind, i.uri]), [['full', uriOf(file)]], 'only the changed plan, in full');

      fs.rmSync(file);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file), type: 3 }] });
      const deleted = await client.request<{ items: Item[] }>('workspace/diagnostic', { previousResultIds });
      const report = deleted.items.find((i) => i.uri === uriOf(file));
      assert.deepEqual(report && { kind: report.kind, items: report.items }, { kind: 'full', items: [] }, 'a deleted document is cleared');
    });
  });

  describe('document phases', () => {
    it('answers hover and pull diagnostics of a plan opened at once from its own link, before the workspace is indexed', async () => {
      const root = workspace(1500);
      fs.writeFileSync(path.join(root, 'mine.md'), plan(1, './framework.md'));
      client = await LspClient.start({ root, pull: true });
      const uri = await client.open('mine.md');
      const text = client.read('mine.md');
      const hover = await client.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'AIM1]', 1) });
      const report = await client.request<{ kind: string; items: { code?: unknown }[] }>('textDocument/diagnostic', { textDocument: { uri } });
      const info = await client.request<{ documents: number }>('cplan/serverInfo', null);
      assert.ok(hover && JSON.stringify(hover.contents).includes('The first aim'), JSON.stringify(hover));
      assert.equal(report.kind, 'full');
      assert.ok(!report.items.some((d) => d.code === 'unresolved-framework' || d.code === 'unknown-reference'), JSON.stringify(report.items));
      assert.ok(info.documents < 1502, `answered only once all ${info.documents} files were indexed`);
    });

    it('answers requests about the whole workspace (references, the plan tree) only once it is indexed', async () => {
      const root = workspace(1500);
      client = await LspClient.start({ root, pull: true });
      const uri = await client.open('framework.md');
      const text = client.read('framework.md');
      const tree = client.request<unknown[]>('cplan/planTree', null);
      const references = client.request<unknown[]>('textDocument/references', { textDocument: { uri }, position: positionOf(text, 'AIM1', 1), context: { includeDeclaration: false } });
      const plans = JSON.stringify(await tree).match(/plan-\d+\.md/g) ?? [];
      assert.equal(new Set(plans).size, 1500, 'the plan tree lists every plan');
      assert.equal((await references).length, 1500, 'every plan refers to AIM1');
    });
  });
});
