import * as vscode from 'vscode';
import { DiagnosticPullMode, type DiagnosticPullOptions } from 'vscode-languageclient/node';

/** Whether `cplan.run` of the document's folder says to check it only when it is saved. */
export function checksOnSaveOnly(uri: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration('cplan', uri).get<string>('run', 'onType') === 'onSave';
}

/**
 * The client pulls on every change and on save; `cplan.run` is read at each pull (per folder), so changing it
 * takes effect at once, without restarting the server.
 */
export function diagnosticPullOptions(): DiagnosticPullOptions {
  return {
    onChange: true,
    onSave: true,
    filter: (document, mode) => mode === DiagnosticPullMode.onType && checksOnSaveOnly(document.uri),
  };
}
