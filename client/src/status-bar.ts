import * as vscode from 'vscode';

/** Errors, warnings and overdue milestones of the active plan; a click opens the Problems panel. */
export function registerStatusBar(context: vscode.ExtensionContext): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('cplan.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Commissioning Plans';
  item.command = 'workbench.actions.view.problems';
  const update = () => {
    const editor = vscode.window.activeTextEditor;
    const document = editor?.document;
    const kind = document?.languageId === 'markdown' ? /^\uFEFF?---[ \t]*\r?\n(?:[^\n]*\n)*?kind:[ \t]*["']?commissioning-(plan|framework)/.exec(document.getText(new vscode.Range(0, 0, 60, 0)))?.[1] : undefined;
    // Menus show the report commands for plans only.
    void vscode.commands.executeCommand('setContext', 'cplan.activeEditorKind', kind);
    if (!document || !kind) {
      item.hide();
      return;
    }
    const ours = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'cplan');
    const errors = ours.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = ours.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    const overdue = ours.filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'overdue-milestone').length;
    item.text = `$(checklist) $(error) ${errors} $(warning) ${warnings}${overdue ? ` $(clock) ${overdue} overdue` : ''}`;
    item.tooltip = `Commissioning plan: ${errors} errors, ${warnings} warnings, ${overdue} overdue milestones. Click to open Problems.`;
    item.backgroundColor = errors ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    item.show();
  };
  context.subscriptions.push(item, vscode.window.onDidChangeActiveTextEditor(update), vscode.languages.onDidChangeDiagnostics(update));
  update();
  return item;
}
