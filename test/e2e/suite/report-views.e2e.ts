import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReportViewState } from '../../../client/src/report-view.js';
import { click, eventually, find, press, screenshot } from './helpers.js';

interface CplanApi {
  reportViews: { state(kind: 'matrix' | 'timeline'): ReportViewState | undefined };
}

const EXTENSION_ID = 'cplan-dev.cplan';
// The draft with problems: its pictures show an unserved aim, workstreams without metrics and overdue milestones.
const PLAN = 'ncl-adt-2025-26-with-problems.md';

describe('coverage matrix and milestone timeline webviews', () => {
  let api: CplanApi;
  let plan: vscode.TextDocument;

  before(async function () {
    // The clicks are real mouse clicks in the webview, which only the code-server runner can make.
    if (process.env.CODE_SERVER_E2E !== '1') this.skip();
    api = await vscode.extensions.getExtension<CplanApi>(EXTENSION_ID)!.activate();
    const folder = vscode.workspace.workspaceFolders![0].uri;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    plan = (await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, PLAN), { viewColumn: vscode.ViewColumn.One })).document;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** The panel's state once the page shows the latest render of this document's report. */
  const rendered = (kind: 'matrix' | 'timeline', document: vscode.TextDocument, test: (state: ReportViewState) => boolean = () => true) =>
    eventually(async () => {
      const state = api.reportViews.state(kind);
      return state?.uri === document.uri.toString() && state.report && state.shown?.version === state.version && test(state) ? state : undefined;
    }, `the ${kind} of ${document.uri.path} on screen`);

  /** The plan on the left, the panel beside it given most of the width, as a reviewer would have them. */
  const pictureWide = () => vscode.commands.executeCommand('vscode.setEditorLayout', { orientation: 0, groups: [{ size: 0.32 }, { size: 0.68 }] });

  /** The plan is the active editor with the cursor at `position`. */
  const cursorAt = (document: vscode.TextDocument, position: vscode.Position) =>
    eventually(async () => {
      const editor = vscode.window.activeTextEditor;
      return editor?.document.uri.toString() === document.uri.toString() && editor.selection.active.isEqual(position) ? editor : undefined;
    }, `the cursor at ${position.line + 1}:${position.character + 1}`);

  it('Show Coverage Matrix draws the plan\'s aims × workstreams; a click on a ✓ goes to the aim in the workstream\'s aims', async () => {
    await vscode.commands.executeCommand('cplan.showCoverageMatrix');
    const state = await rendered('matrix', plan, (s) => s.shown!.rows === s.report!.matrix.rows.length);
    assert.deepEqual(state.report!.matrix.rows.map((r) => r.id), ['SA1', 'SA2', 'SA3', 'SA4', 'SA5'], 'the plan adopts SA1-SA5; SA6, which two workstreams link, is reported by aim-not-adopted');
    assert.deepEqual(state.report!.matrix.rows.filter((r) => !r.served).map((r) => r.id), ['SA5']);
    await pictureWide();
    await screenshot('coverage-matrix');
    // WS1 serves SA3: its `aims: [SA1, SA3]` line.
    const target = find(plan, 'aims: [SA1, SA3]', 'aims: [SA1, '.length);
    await click(`td.mark[data-line="${target.line + 1}"][data-column="${target.character + 1}"] button`);
    await cursorAt(plan, target);
    // A framework aim opens the built-in framework at its definition; the panel stays on the plan.
    const sa5 = state.report!.matrix.rows.find((r) => r.id === 'SA5')!;
    await click(`th[scope=row][data-file="framework"][data-line="${sa5.definition!.line}"] button`);
    const framework = await eventually(async () => {
      const editor = vscode.window.activeTextEditor;
      return editor?.document.uri.path.endsWith('/frameworks/ncl-cancer-2023-28.md') ? editor : undefined;
    }, 'the built-in framework');
    assert.equal(framework.selection.active.line, sa5.definition!.line - 1);
    assert.match(framework.document.lineAt(framework.selection.active.line).text, /- id: SA5/);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(api.reportViews.state('matrix')!.uri, plan.uri.toString());
    await vscode.window.showTextDocument(plan, { viewColumn: vscode.ViewColumn.One });
  });

  it('Show Milestone Timeline draws every milestone; a click on a marker goes to the milestone\'s id', async () => {
    await vscode.commands.executeCommand('cplan.showMilestoneTimeline');
    const state = await rendered('timeline', plan, (s) => s.shown!.markers === s.report!.timeline.markerCount);
    assert.ok(state.report!.timeline.markerCount >= 10);
    await pictureWide();
    await screenshot('milestone-timeline');
    // The webview takes the theme's colours: the same picture in a dark theme.
    const workbench = vscode.workspace.getConfiguration('workbench');
    await workbench.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
    await new Promise((r) => setTimeout(r, 1000));
    await screenshot('milestone-timeline-dark');
    await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    // WS1-M2 is overdue: red, and its label says how late.
    assert.ok(state.report!.timeline.lanes[0].markers.find((m) => m.id === 'WS1-M2')!.overdue);
    await click('g.marker[data-id="WS1-M2"]');
    const editor = await cursorAt(plan, find(plan, '- id: WS1-M2', '- id: '.length));
    assert.equal(editor.viewColumn, vscode.ViewColumn.One);
    assert.ok(editor.visibleRanges.some((range) => range.contains(editor.selection.active)), 'the milestone is scrolled into view');
    // The keyboard reaches the markers too: Enter on a focused marker.
    await press('g.marker[data-id="WS5-M1"]', 'Enter');
    await cursorAt(plan, find(plan, '- id: WS5-M1', '- id: '.length));
  });

  it('redraws as the plan is edited, and follows the editor to another plan', async () => {
    const before = (await rendered('timeline', plan)).report!.timeline.markerCount;
    const at = find(plan, '  - id: WS1-M3');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(plan.uri, at, '  - id: WS1-M9\n    title: Added while the timeline is open\n    due: Q2 2025/26\n    status: at-risk\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await rendered('timeline', plan, (s) => s.shown!.markers === before + 1);
    assert.ok(after.report!.timeline.lanes[0].markers.some((m) => m.id === 'WS1-M9' && m.line === at.line + 1));
    await vscode.window.showTextDocument(plan, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('undo');
    await rendered('timeline', plan, (s) => s.shown!.markers === before);
    assert.ok(!plan.isDirty);
    // Another plan in the editor: the panel draws it; a framework (not a plan) leaves it where it is.
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const other = (await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'ncl-long-term-plan-cancer.md'), { viewColumn: vscode.ViewColumn.One })).document;
    const ltp = await rendered('timeline', other, (s) => s.shown!.markers === s.report!.timeline.markerCount);
    assert.match(ltp.report!.title, /Long Term Plan/);
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'ncl-ltp-framework.md'), { viewColumn: vscode.ViewColumn.One });
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(api.reportViews.state('timeline')!.uri, other.uri.toString());
  });

  it('a document that is not a plan gets a message instead of a picture', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'minutes.md');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('# Minutes of the programme board\n'));
    const minutes = (await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One })).document;
    await vscode.commands.executeCommand('cplan.showCoverageMatrix');
    const state = await eventually(async () => {
      const s = api.reportViews.state('matrix');
      return s?.uri === minutes.uri.toString() && s.report === null && s.shown?.version === s.version ? s : undefined;
    }, 'the not-a-plan message on screen');
    assert.equal(state.shown!.rows, 0);
  });
});
