import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { CplanApi } from '../../../client/src/extension.js';
import { eventually } from './helpers.js';

const EXTENSION_ID = 'cplan-dev.cplan';

/** Issue 18 in the real editor: the semantic diff of the open plan against the last commit. */
describe('Compare Plan with Previous Version', () => {
  let api: CplanApi;
  before(async () => {
    api = (await vscode.extensions.getExtension<CplanApi>(EXTENSION_ID)!.activate())!;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('diffs the unsaved buffer against HEAD in a git repository, and a change\'s line reveals it in the editor', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const env = { ...process.env, GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.org', GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.org' };
    for (const args of [['init', '-q'], ['add', 'ncl-adt-2025-26.md'], ['commit', '-q', '-m', 'approved version']]) execFileSync('git', args, { cwd: folder.fsPath, env, stdio: 'pipe' });
    const uri = vscode.Uri.joinPath(folder, 'ncl-adt-2025-26.md');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    // WS2-M4 slips two quarters, in the buffer only.
    const at = document.getText().indexOf('    due: Q2 2025/26\n');
    assert.ok(at > 0);
    const line = document.positionAt(at).line;
    await editor.edit((edit) => edit.replace(new vscode.Range(line, 0, line, document.lineAt(line).text.length), '    due: Q4 2025/26'));
    const state = await vscode.commands.executeCommand<Awaited<ReturnType<CplanApi['compare']['state']>>>('cplan.comparePlan', { uri: uri.toString(), revision: 'HEAD' });
    assert.ok(state, 'the command returns what the panel shows');
    const slip = state.diff.changes.find((c) => c.kind === 'due-moved' && c.id === 'WS2-M4');
    assert.ok(slip, JSON.stringify(state.diff.changes));
    assert.deepEqual([slip.quarters, slip.from, slip.to, slip.line], [2, 'Q2 2025/26', 'Q4 2025/26', line + 1]);
    assert.equal(state.diff.changes.length, 1, 'nothing else changed');
    console.log(`cplan compare: the old text was read through the ${state.source}`);
    // The page drew its row.
    await eventually(async () => (api.compare.state()?.shownRows === 1 ? true : undefined), 'the panel to show the change');
    const revealed = await api.compare.reveal(slip.line);
    assert.equal(revealed?.document.uri.toString(), uri.toString());
    assert.equal(revealed?.selection.active.line, line);
  });
});
