import * as vscode from 'vscode';
import { DiagnosticPullMode, vsdiag, type DiagnosticPullOptions, type Middleware } from 'vscode-languageclient/node';

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

/** An open document with unsaved changes whose folder checks only on save: its diagnostics stay as they were. */
function heldUntilSaved(uri: vscode.Uri): boolean {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return !!document?.isDirty && checksOnSaveOnly(uri);
}

/**
 * With `onSave`, an unsaved plan keeps the diagnostics of its last check even when the server asks for a
 * refresh (which it does when an edit affects other plans) or the workspace pull reports it: neither is an
 * on-type pull, so the filter above does not see them.
 */
export const runModeMiddleware: Middleware = {
  provideWorkspaceDiagnostics(resultIds, token, resultReporter, next) {
    return next(resultIds, token, (chunk) => {
      if (!chunk) return resultReporter(chunk);
      resultReporter({ items: chunk.items.filter((item) => !heldUntilSaved(item.uri)) });
    });
  },
  provideDiagnostics(document, previousResultId, token, next) {
    if (previousResultId !== undefined && heldUntilSaved(document instanceof vscode.Uri ? document : document.uri)) {
      return { kind: vsdiag.DocumentDiagnosticReportKind.unChanged, resultId: previousResultId };
    }
    return next(document, previousResultId, token);
  },
};
