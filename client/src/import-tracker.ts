import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface ImportResult {
  text?: string;
  log: string;
  exitCode: number;
}

/** The tracker to import: the command's argument (a URI or a path, as tests and other extensions pass it), else the user's pick. */
async function trackerOf(argument: unknown): Promise<vscode.Uri | undefined> {
  if (argument instanceof vscode.Uri) return argument;
  if (typeof argument === 'string' && argument) return vscode.Uri.file(argument);
  const picked = await vscode.window.showOpenDialog({
    title: 'Import a milestone tracker as a commissioning plan',
    openLabel: 'Import',
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { 'Trackers (Excel, CSV)': ['xlsx', 'csv', 'tsv'] },
  });
  return picked?.[0];
}

/**
 * **Import Tracker...**: the server runs `cplan import --dry-run` on the tracker and the plan opens as an untitled
 * Markdown document, checked at once, for the user to review and save where they choose. The column mapping,
 * the summary and every cell not understood go to the output channel.
 */
export async function importTracker(client: LanguageClient, argument?: unknown): Promise<vscode.TextDocument | undefined> {
  const tracker = await trackerOf(argument);
  if (!tracker) return undefined;
  if (tracker.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Import Tracker reads files on disk; ${tracker.toString()} is not one.`);
    return undefined;
  }
  const result = await client.sendRequest<ImportResult>('cplan/import', { tracker: tracker.fsPath });
  client.outputChannel.appendLine(`Import Tracker: ${tracker.fsPath}`);
  client.outputChannel.append(result.log.endsWith('\n') || !result.log ? result.log : result.log + '\n');
  if (result.text === undefined) {
    const reason = result.log.split('\n').find((line) => line.startsWith('cplan: '))?.slice('cplan: '.length) ?? 'see the Commissioning Plans output';
    void vscode.window.showErrorMessage(`Could not import ${vscode.workspace.asRelativePath(tracker)}: ${reason}`);
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.text });
  await vscode.window.showTextDocument(document);
  const notUnderstood = /^(\d+) cells? not understood/m.exec(result.log)?.[1];
  void vscode.window.showInformationMessage(
    `Imported ${vscode.workspace.asRelativePath(tracker)}${notUnderstood ? `: ${notUnderstood} cell${notUnderstood === '1' ? '' : 's'} not understood, kept as comments` : ''}. The column mapping is in the output.`,
    'Show Mapping',
  ).then((choice) => choice && client.outputChannel.show(true));
  return document;
}
