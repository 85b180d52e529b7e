import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, eventually, find, ours, waitFor } from './helpers.js';

const EXTENSION_ID = 'cplan-dev.cplan';

/** The diagnostics of a document once they have not changed for 1.5 s. */
async function settled(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  let last = JSON.stringify(ours(uri).map((d) => [codeOf(d), d.range.start.line]));
  for (let stable = 0; stable < 6; ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = JSON.stringify(ours(uri).map((d) => [codeOf(d), d.range.start.line]));
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return ours(uri);
}

/** Issue 19's VS Code conventions and issue 17's Import Tracker..., in the real editor. */
describe('VS Code conventions', () => {
  let folder: vscode.Uri;
  const labelsAt = async (document: vscode.TextDocument, position: vscode.Position) => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
    return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
  };

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    folder = vscode.workspace.workspaceFolders![0].uri;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Import Tracker... opens the tracker as an untitled plan, which the server checks', async () => {
    const tracker = vscode.Uri.joinPath(folder, 'trackers', 'ncl-ltp-year-1.csv');
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('cplan.importTracker', tracker.fsPath);
    assert.ok(document, 'the command returns the plan it opened');
    assert.equal(document.uri.scheme, 'untitled');
    assert.equal(document.languageId, 'markdown');
    assert.equal(vscode.window.activeTextEditor?.document, document, 'the plan is the active editor');
    assert.match(document.getText(), /^---\nkind: commissioning-plan\n[\s\S]*```yaml workstream\n/);
    // The server treats it as a plan: its block snippets are offered at the end.
    const end = document.lineAt(document.lineCount - 1).range.end;
    await eventually(async () => ((await labelsAt(document, end)).includes('cplan: workstream block') ? true : undefined), 'the plan snippets in the imported plan');
    const missing = await vscode.commands.executeCommand('cplan.importTracker', vscode.Uri.joinPath(folder, 'trackers', 'none.xlsx').fsPath);
    assert.equal(missing, undefined, 'a missing tracker opens nothing');
  });

  it('on save, editor.codeActionsOnSave source.fixAll.cplan applies the fixes that need no choice, and the formatter formats', async () => {
    const file = vscode.Uri.joinPath(folder, 'fix-on-save.md');
    const messy = [
      '---', 'kind: commissioning-plan', 'id: fix-on-save', "title: 'A plan'", 'organisation: NCL', 'period: 2024/25-2025/26',
      'framework: builtin:ncl-cancer-2023-28', 'as_of: 2025-06-30', '---', '', '```yaml workstream', 'id: WS1', 'title: Faster diagnosis',
      'aims: [SA1]', 'priorities: [ADTDG-33]', 'milestones:', '  - id: WS1-M1', '    title: Pathway live', '    due: Q4 FY24/25', '    status: At risk', '```', '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(file, Buffer.from(messy));
    const markdown = vscode.workspace.getConfiguration('', { languageId: 'markdown' });
    await markdown.update('editor.codeActionsOnSave', { 'source.fixAll.cplan': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    try {
      const document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document);
      await eventually(async () => (ours(document.uri).some((d) => codeOf(d) === 'unknown-priority') ? true : undefined), 'the fixable findings');
      // A change makes the buffer dirty, so that the save runs the save participants.
      await vscode.window.activeTextEditor!.edit((edit) => edit.insert(new vscode.Position(document.lineCount - 1, 0), '\n'));
      await document.save();
      const text = document.getText();
      assert.match(text, /priorities: \[ADTDG-3\]\n/, 'the one plausible priority id');
      assert.match(text, /due: Q4 2024\/25\n {4}status: at-risk\n/, 'canonical period and status');
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)), text, 'and saved');
      assert.match(text, /^title: 'A plan'$/m, 'fix-all leaves layout and quoting to the formatter');
      // Format Document is the server's formatter, the edits of cplan fmt: the single quotes become double.
      const edits = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', document.uri, { tabSize: 2, insertSpaces: true });
      assert.ok(edits?.length && edits.every((e) => e.range.start.line === 3 && e.range.end.line === 3), JSON.stringify(edits));
      const formatted = [...edits].sort((a, b) => b.range.start.character - a.range.start.character)
        .reduce((line, e) => line.slice(0, e.range.start.character) + e.newText + line.slice(e.range.end.character), document.lineAt(3).text);
      assert.equal(formatted, 'title: "A plan"', 'minimal edits: the quotes only');
    } finally {
      await markdown.update('editor.codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(file);
    }
  });

  it('offers the block snippets in plans only: a README gets none of them', async () => {
    const readme = vscode.Uri.joinPath(folder, 'README-snippets.md');
    await vscode.workspace.fs.writeFile(readme, Buffer.from('# Notes\n\nSome text.\n\n'));
    try {
      const notes = await vscode.workspace.openTextDocument(readme);
      await vscode.window.showTextDocument(notes);
      const plan = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'ncl-adt-2025-26.md'));
      await vscode.window.showTextDocument(plan);
      const planEnd = plan.lineAt(plan.lineCount - 1).range.end;
      const inPlan = await eventually(async () => {
        const labels = await labelsAt(plan, planEnd);
        return labels.includes('cplan: aims block') ? labels : undefined;
      }, 'the block snippets in a plan');
      assert.ok(inPlan.includes('cplan: workstream block'));
      const inNotes = await labelsAt(notes, new vscode.Position(4, 0));
      // Words of the open documents are offered everywhere (`cplan` among them); the snippets are `cplan: ...`
      // from the server, and were `cplan-workstream`... when contributed to every Markdown file.
      assert.deepEqual(inNotes.filter((label) => /^cplan[:-]/.test(label)), [], `no cplan snippet in a README: ${inNotes.join(', ')}`);
    } finally {
      await vscode.workspace.fs.delete(readme);
    }
  });

  it('cplan.run takes effect without a restart: onSave checks on save only, onType again as you type', async () => {
    const copy = vscode.Uri.joinPath(folder, 'run-mode.md');
    await vscode.workspace.fs.writeFile(copy, await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'ncl-adt-2025-26-with-problems.md')));
    const settings = vscode.workspace.getConfiguration('cplan', copy);
    // VS Code for the Web (code-server) saves after a delay by default, which would check on save at once.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    try {
      const document = await vscode.workspace.openTextDocument(copy);
      const editor = await vscode.window.showTextDocument(document);
      await waitFor(() => ours(copy).length > 10, 'the diagnostics of the copy');
      // A new file is first reported by the workspace pull, then by the document's own pull: take what stays.
      const before = await settled(copy);
      const unknownAims = () => ours(copy).filter((d) => codeOf(d) === 'unknown-aim').length;
      const known = before.filter((d) => codeOf(d) === 'unknown-aim').length;
      // An edit away from every diagnostic (VS Code itself may drop a marker whose text is replaced): a known
      // aim becomes an unknown one.
      const at = find(document, 'aims: [SA1, SA3]', 12);
      const aim = new vscode.Range(at, at.translate(0, 3));
      await settings.update('run', 'onSave', vscode.ConfigurationTarget.Workspace);
      assert.ok(await editor.edit((edit) => edit.replace(aim, 'SA9')));
      // Long enough for an on-type pull (VS Code pulls ~0.5 s after typing) to have come back.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      assert.ok(document.isDirty, 'not saved yet');
      assert.equal(unknownAims(), known, 'onSave: typing does not re-check');
      await document.save();
      await waitFor(() => unknownAims() === known + 1, 'the new unknown aim checked on save');
      await settings.update('run', 'onType', vscode.ConfigurationTarget.Workspace);
      assert.ok(await editor.edit((edit) => edit.replace(aim, 'SA3')));
      await waitFor(() => unknownAims() === known, 'onType again: the edit checked without saving');
      assert.ok(document.isDirty, 'checked without a save');
      assert.ok(document.isDirty, 'not saved');
    } finally {
      await settings.update('run', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(copy);
    }
  });

  it('completes rule ids for cplan.rules in settings.json, from the generated schema', async () => {
    const rules = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.configuration.properties['cplan.rules'];
    assert.ok(Object.keys(rules.properties).includes('missing-metrics'));
    const file = vscode.Uri.joinPath(folder, '.vscode', 'settings.json');
    const text = '{\n  "cplan.rules": {\n    \n  }\n}\n';
    await vscode.workspace.fs.writeFile(file, Buffer.from(text));
    try {
      const document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document);
      const labels = await eventually(async () => {
        const found = await labelsAt(document, new vscode.Position(2, 4));
        return found.some((label) => label.includes('missing-metrics')) ? found : undefined;
      }, 'rule ids completed in settings.json', 40_000);
      assert.ok(labels.some((label) => label.includes('overdue-milestone')), labels.join(', '));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(file);
    }
  });
});
