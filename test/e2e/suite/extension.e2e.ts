import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { click, codeOf, eventually, find, ours, screenshot, waitFor } from './helpers.js';

interface ExplorerNode { label: string; description?: string; tooltip?: string; children: unknown[] }

interface CplanApi {
  client: { sendRequest<R>(method: string, params?: unknown): Promise<R>; stop(): Promise<void>; isRunning(): boolean };
  planExplorer: { getChildren(node?: ExplorerNode): Promise<ExplorerNode[]>; getTreeItem(node: ExplorerNode): vscode.TreeItem; refresh(): void };
  serverInfo(): Promise<{ pid: number; documents: number }>;
}

const EXTENSION_ID = 'cplan-dev.cplan';
const REPO = process.env.CPLAN_REPO ?? path.resolve(__dirname, '..', '..');

describe('cplan in a real VS Code', () => {
  let api: CplanApi;
  let folder: vscode.Uri;
  const open = async (name: string) => vscode.window.showTextDocument(vscode.Uri.joinPath(folder, name)).then((editor) => editor.document);

  before(async () => {
    const extension = vscode.extensions.getExtension<CplanApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
    folder = vscode.workspace.workspaceFolders![0].uri;
  });

  it('is the packaged extension, not the sources', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    if (process.env.CODE_SERVER_E2E === '1') assert.ok(!extension.extensionPath.startsWith(REPO), `${extension.extensionPath} is the installed .vsix`);
    assert.ok(fs.existsSync(path.join(extension.extensionPath, 'dist', 'server.mjs')));
    assert.ok(!fs.existsSync(path.join(extension.extensionPath, 'node_modules')), 'the .vsix ships no node_modules');
  });

  it('shows the diagnostics of a plan at the same places and with the same codes as the CLI', async () => {
    const document = await open('ncl-adt-2025-26-with-problems.md');
    const golden = JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'golden', 'ncl-adt-2025-26-with-problems.json'), 'utf8')) as { ruleId: string; line: number; column: number; endLine: number; endColumn: number }[];
    const diagnostics = await waitFor(() => ours(document.uri).length === golden.length && ours(document.uri), `${golden.length} diagnostics`);
    const shown = diagnostics.map((d) => [codeOf(d), d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1]).sort(compare);
    assert.deepEqual(shown, golden.map((g) => [g.ruleId, g.line, g.column, g.endLine, g.endColumn]).sort(compare));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('problems');
  });

  it('gives nothing to Markdown that is not a plan', async () => {
    const notes = vscode.Uri.joinPath(folder, 'notes.md');
    await vscode.workspace.fs.writeFile(notes, Buffer.from('# Meeting notes\n\n```yaml workstream\nid: [\n```\n'));
    const document = await open('notes.md');
    // The server's own answer about this document: it is not a plan.
    assert.equal(await api.client.sendRequest('cplan/report', { uri: document.uri.toString() }), null);
    // A plan opened after it gets its diagnostics: the server is alive and has answered for what was opened
    // before it, notes.md included, so an absence now is the server's answer and not a wait too short.
    const later = vscode.Uri.joinPath(folder, 'opened-after-notes.md');
    await vscode.workspace.fs.writeFile(later, await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'ncl-adt-2025-26-with-problems.md')));
    try {
      await open('opened-after-notes.md');
      await waitFor(() => ours(later).length > 10, 'the diagnostics of a plan opened after notes.md');
      assert.deepEqual(ours(document.uri), []);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(later);
    }
  });

  it('hovers: an aim reference shows the aim and where it is defined', async () => {
    const document = await open('ncl-long-term-plan-cancer.md');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, find(document, 'aims: [LTP-O1', 8));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /LTP-O1/);
    assert.match(text, /ncl-ltp-framework\.md/);
  });

  it('completes status values and aim ids', async () => {
    const document = await open('ncl-adt-2025-26-with-problems.md');
    const status = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, find(document, '    status: on-track', 12));
    const labels = status.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('at-risk'), labels.join());
    const plan = await open('ncl-long-term-plan-cancer.md');
    const aims = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', plan.uri, find(plan, 'aims: [LTP-O1, ', 15));
    const ids = aims.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(ids.includes('LTP-O2') && !ids.includes('LTP-O1'), ids.join());
  });

  it('goes to a definition in the framework file, and into a built-in framework', async () => {
    const plan = await open('ncl-long-term-plan-cancer.md');
    const [target] = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', plan.uri, find(plan, 'aims: [LTP-O1', 8));
    const uri = 'targetUri' in target ? target.targetUri : target.uri;
    assert.match(uri.path, /ncl-ltp-framework\.md$/);
    const adt = await open('ncl-adt-2025-26.md');
    const [builtin] = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', adt.uri, find(adt, 'aims: [SA1', 7));
    const builtinUri = 'targetUri' in builtin ? builtin.targetUri : builtin.uri;
    // The shipped file, frameworks/ncl-cancer-2023-28.md in the installed extension.
    assert.equal(builtinUri.scheme, 'file');
    assert.match(builtinUri.path, /\/frameworks\/ncl-cancer-2023-28\.md$/);
    const framework = await vscode.workspace.openTextDocument(builtinUri);
    assert.match(framework.getText(), /id: SA1/);
  });

  it('renames a framework aim in the framework and in every plan that uses it', async () => {
    const framework = await open('ncl-ltp-framework.md');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', framework.uri, find(framework, '- id: LTP-O1', 6), 'LTP-OBJ1');
    const files = edit.entries().map(([uri]) => path.basename(uri.path)).sort();
    assert.deepEqual(files, ['ncl-long-term-plan-cancer.md', 'ncl-ltp-framework.md']);
    assert.ok(edit.entries().every(([, edits]) => edits.every((e) => e.newText === 'LTP-OBJ1')));
  });

  it('a quick fix marks an overdue milestone done, and its diagnostic goes', async () => {
    const document = await open('ncl-adt-2025-26-with-problems.md');
    const overdue = () => ours(document.uri).find((d) => codeOf(d) === 'overdue-milestone' && d.message.includes('WS1-M2'));
    const diagnostic = await waitFor(overdue, 'the overdue WS1-M2');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const markDone = actions.find((a) => /Mark `WS1-M2` done/.test(a.title));
    assert.ok(markDone?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(markDone.edit));
    await waitFor(() => !overdue(), 'the overdue diagnostic to go');
    assert.match(document.getText(), /status: done\n\s+done_on: \d{4}-\d{2}-\d{2}/);
    await vscode.commands.executeCommand('undo');
  });

  it('lists plans, aims and workstreams in the Plan Explorer', async () => {
    const plans = await eventually(async () => {
      const roots = await api.planExplorer.getChildren();
      return roots.some((p) => /Long Term Plan/.test(p.label)) ? roots : undefined;
    }, 'the plan explorer to list the long term plan');
    const ltp = plans.find((p) => /Long Term Plan/.test(p.label))!;
    const aims = await api.planExplorer.getChildren(ltp);
    assert.ok(aims.some((a) => a.label.startsWith('LTP-O1')), aims.map((a) => a.label).join(' | '));
    // A milestone due TBC is marked unscheduled, and its workstream counts it.
    const draft = plans.find((p) => /ADT delivery plan \(working draft\)/.test(p.label))!;
    const sa1 = (await api.planExplorer.getChildren(draft)).find((a) => a.label.startsWith('SA1 '))!;
    const ws2 = (await api.planExplorer.getChildren(sa1)).find((w) => w.label.startsWith('WS2 '))!;
    assert.match(ws2.description ?? '', / · 1 unscheduled/);
    const m2 = (await api.planExplorer.getChildren(ws2)).find((m) => m.label.startsWith('WS2-M2 '))!;
    assert.equal(m2.description, 'unscheduled (due TBC) · on-track');
    await vscode.commands.executeCommand('cplan.planExplorer.focus');
    await screenshot('plan-explorer');
  });

  it('an edit to a framework updates the diagnostics of a plan that uses it', async () => {
    const plan = vscode.Uri.joinPath(folder, 'ncl-long-term-plan-cancer.md');
    await open('ncl-long-term-plan-cancer.md');
    const framework = await open('ncl-ltp-framework.md');
    const at = find(framework, '- id: LTP-O1', 6);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(framework.uri, new vscode.Range(at, at.translate(0, 6)), 'LTP-X1');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(() => ours(plan).some((d) => codeOf(d) === 'unknown-aim'), 'unknown-aim in the plan');
    await vscode.commands.executeCommand('undo');
    await waitFor(() => ours(plan).length === 0, 'the plan to be clean again');
  });

  it('new plan and review date commands', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('cplan.newPlan', { organisation: 'Test Alliance', period: '2026/27', framework: 'builtin:ncl-cancer-2023-28' });
    assert.ok(uri && fs.existsSync(uri.fsPath));
    const adt = vscode.Uri.joinPath(folder, 'ncl-adt-2025-26.md');
    await open('ncl-adt-2025-26.md');
    await vscode.commands.executeCommand('cplan.setReviewDate', '2030-01-01');
    await waitFor(() => ours(adt).some((d) => codeOf(d) === 'overdue-milestone'), 'overdue milestones at the new review date');
    await vscode.commands.executeCommand('cplan.setReviewDate', '');
    await waitFor(() => ours(adt).length === 0, 'no overdue milestones at the plan\'s own as_of');
    await waitFor(() => ours(uri).length === 0, 'the new plan from the template to be clean');
  });

  it('Lint Workspace runs the bundled CLI as a task, with the CLI\'s exit code', async () => {
    const ended = new Promise<number | undefined>((resolve) => {
      const subscription = vscode.tasks.onDidEndTaskProcess((event) => {
        if (event.execution.task.definition.type !== 'cplan') return;
        subscription.dispose();
        resolve(event.exitCode);
      });
    });
    await vscode.commands.executeCommand('cplan.lintWorkspace');
    assert.equal(await ended, 1, 'the examples have errors, so cplan lint exits 1');
  });

  it('comes back when the language server process is killed', async () => {
    const before = await api.serverInfo();
    process.kill(before.pid, 'SIGKILL');
    const after = await eventually(async () => {
      const info = await api.serverInfo();
      return info.pid !== before.pid ? info : undefined;
    }, 'a new server process');
    assert.notEqual(after.pid, before.pid);
    const document = await open('ncl-adt-2025-26-with-problems.md');
    await waitFor(() => ours(document.uri).length > 10, 'diagnostics after the restart');
  });

  it('the Plan Explorer shows why it cannot list the plans, and selecting that restarts the server', async () => {
    // The state the client is left in when the server failed too often and is not restarted any more.
    await api.client.stop();
    try {
      api.planExplorer.refresh();
      const roots = await api.planExplorer.getChildren();
      assert.equal(roots.length, 1, roots.map((r) => r.label).join(' | '));
      assert.equal(roots[0].label, 'Could not list the commissioning plans');
      assert.match(roots[0].description ?? '', /not running.*select to restart the language server/i);
      assert.equal(api.planExplorer.getTreeItem(roots[0]).command?.command, 'cplan.restartServer');
      await vscode.commands.executeCommand('cplan.planExplorer.focus');
      await screenshot('plan-explorer-error');
      // What a reader does: select the item in the view, with a real click.
      if (process.env.CODE_SERVER_E2E === '1') await click('.monaco-list-row:has-text("Could not list the commissioning plans")');
      else await vscode.commands.executeCommand('cplan.restartServer');
    } catch (error) {
      // The suites after this one need a server.
      await vscode.commands.executeCommand('cplan.restartServer');
      throw error;
    }
    const plans = await eventually(async () => {
      const listed = await api.planExplorer.getChildren();
      return listed.some((p) => /Long Term Plan/.test(p.label)) ? listed : undefined;
    }, 'the plans back in the Plan Explorer after the restart');
    assert.ok(api.client.isRunning());
    assert.ok(plans.every((p) => p.label !== 'Could not list the commissioning plans'));
  });
});

function compare(a: (string | number)[], b: (string | number)[]): number {
  return String(a).localeCompare(String(b));
}
