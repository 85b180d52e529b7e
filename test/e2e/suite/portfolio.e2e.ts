import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CplanApi } from '../../../client/src/extension.js';
import { eventually } from './helpers.js';

const EXTENSION_ID = 'cplan-dev.cplan';

/** Issue 16 in the real editor: the portfolio dashboard of the workspace's plans, live, each plan a click away. */
describe('Show Portfolio', () => {
  let api: CplanApi;
  before(async () => {
    api = (await vscode.extensions.getExtension<CplanApi>(EXTENSION_ID)!.activate())!;
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('draws a row per plan of the workspace, redraws as a plan changes, and opens a plan from its link', async () => {
    const state = await vscode.commands.executeCommand<ReturnType<CplanApi['portfolio']['state']>>('cplan.showPortfolio');
    assert.ok(state, 'the command returns what the panel shows');
    const titles = state.plans.map((p) => p.title);
    assert.ok(titles.some((t) => /acute diagnostics and treatment/.test(t)), titles.join(' | '));
    assert.ok(state.plans.length >= 5, `${state.plans.length} plans`);
    const drawn = await eventually(async () => api.portfolio.state()?.shown, 'the page to draw its plan rows');
    assert.equal(drawn.rows, state.plans.length, 'one row per plan in the page itself');
    const index = state.plans.findIndex((p) => p.uri.endsWith('/ncl-adt-2025-26.md'));
    const editor = await api.portfolio.open(index);
    assert.equal(editor?.document.uri.toString(), state.plans[index].uri);
    // Live: an edit that changes the plan's diagnostics redraws the dashboard.
    const before = api.portfolio.state()!.version;
    const document = editor!.document;
    const at = document.getText().indexOf('    status: on-track\n');
    const line = document.positionAt(at).line;
    await editor!.edit((edit) => edit.replace(new vscode.Range(line, 0, line, document.lineAt(line).text.length), '    status: off track'));
    try {
      await eventually(async () => ((api.portfolio.state()?.version ?? 0) > before ? true : undefined), 'the dashboard to be drawn again');
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
