import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Change } from '../../server/src/core/diff/index.js';
import { describeChange, summaryLine } from '../../server/src/cli/diff-formats.js';

interface FileDiff { old: string | null; new: string | null; changes: Change[] }

/** What the panel shows, for the end-to-end tests. */
export interface CompareState {
  uri: string;
  revision: string;
  diff: FileDiff;
  /** Where the old text came from: the built-in Git extension, or (without it) the server running git. */
  source: 'git extension' | 'server';
  /** Rows the page drew, as it counted them in its DOM. */
  shownRows?: number;
}

export interface ComparePanels {
  state(): CompareState | undefined;
  /** What a click on a change's line does: that line of the plan, selected in the editor. */
  reveal(line: number): Promise<vscode.TextEditor | undefined>;
}

/** The parts of the built-in Git extension's API (extensions/git/src/api/git.d.ts) this command uses. */
interface GitRepository {
  rootUri: vscode.Uri;
  show(ref: string, path: string): Promise<string>;
  log(options?: { maxEntries?: number; path?: string }): Promise<{ hash: string; message: string; authorDate?: Date }[]>;
}
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!extension) return undefined;
  try {
    return (extension.isActive ? extension.exports : await extension.activate()).getAPI(1);
  } catch {
    return undefined;
  }
}

async function repositoryOf(api: GitApi | undefined, uri: vscode.Uri): Promise<GitRepository | undefined> {
  if (!api) return undefined;
  const found = api.getRepository(uri);
  if (found) return found;
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri;
  return (folder && (await api.openRepository?.(folder))) || undefined;
}

/** `HEAD`, or a commit the user picks from the file's history. */
async function pickRevision(repository: GitRepository | undefined, uri: vscode.Uri): Promise<string | undefined> {
  const commits = repository ? await repository.log({ maxEntries: 30, path: uri.fsPath }).catch(() => []) : [];
  const items = [{ label: 'HEAD', description: 'the last commit', ref: 'HEAD' }, ...commits.map((c) => ({ label: c.hash.slice(0, 8), description: c.message.split('\n')[0], detail: c.authorDate?.toISOString().slice(0, 10), ref: c.hash }))];
  const picked = await vscode.window.showQuickPick(items, { title: 'Compare the plan with which version?', placeHolder: 'HEAD, or a commit of this file' });
  return picked?.ref;
}

const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(state: CompareState, cspSource: string, nonce: string): string {
  const rows = [...state.diff.changes].sort((a, b) => a.line - b.line).map((change) => {
    const where = change.kind === 'removed' ? `was line ${change.line}` : `line ${change.line}`;
    const cell = change.kind === 'removed' ? esc(where) : `<a href="#" data-line="${change.line}">${esc(where)}</a>`;
    return `<tr class="${change.severity}"><td>${esc(change.severity)}</td><td>${esc(describeChange(change))}</td><td>${cell}</td></tr>`;
  });
  return `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<style nonce="${nonce}">body{font-family:var(--vscode-font-family);color:var(--vscode-foreground)}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid var(--vscode-panel-border);padding:3px 6px;text-align:left;vertical-align:top}tr.warning td:first-child{color:var(--vscode-editorWarning-foreground)}
tr.error td:first-child{color:var(--vscode-editorError-foreground)}a{color:var(--vscode-textLink-foreground)}</style></head><body>
<h2>${esc(vscode.workspace.asRelativePath(vscode.Uri.parse(state.uri)))} since ${esc(state.revision)}</h2>
<p id="summary">${esc(summaryLine([state.diff]))}</p>
${rows.length ? `<table><thead><tr><th>Severity</th><th>Change</th><th>Where</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : ''}
<script nonce="${nonce}">const vscode = acquireVsCodeApi();
document.querySelectorAll('a[data-line]').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); vscode.postMessage({ reveal: Number(a.dataset.line) }); }));
vscode.postMessage({ shownRows: document.querySelectorAll('tbody tr').length });</script></body></html>`;
}

/**
 * **Compare Plan with Previous Version**: the semantic diff of the active plan (its buffer, saved or not) against
 * `HEAD` or a commit picked from its history, read through the built-in Git extension, in a panel whose lines
 * reveal the change in the editor. Without the Git extension the server reads the revision from git itself.
 */
export function registerComparePlan(context: vscode.ExtensionContext, client: LanguageClient): ComparePanels {
  let panel: vscode.WebviewPanel | undefined;
  let state: CompareState | undefined;
  const reveal = async (oneBased: number): Promise<vscode.TextEditor | undefined> => {
    if (!state) return undefined;
    const editor = await vscode.window.showTextDocument(vscode.Uri.parse(state.uri), { viewColumn: vscode.ViewColumn.One });
    const line = Math.max(0, oneBased - 1);
    editor.selection = new vscode.Selection(line, 0, line, 0);
    editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.InCenter);
    return editor;
  };
  const compare = async (options: { uri?: string; revision?: string } = {}): Promise<CompareState | undefined> => {
    const uri = options.uri ? vscode.Uri.parse(options.uri) : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Compare Plan with Previous Version needs a plan saved in a git repository: open one first.');
      return undefined;
    }
    const repository = await repositoryOf(await gitApi(), uri);
    const revision = options.revision ?? (await pickRevision(repository, uri));
    if (!revision) return undefined;
    let diff: FileDiff;
    try {
      const oldText = repository ? await repository.show(revision, uri.fsPath) : undefined;
      diff = await client.sendRequest<FileDiff>('cplan/diff', oldText === undefined ? { uri: uri.toString(), base: revision } : { uri: uri.toString(), oldText });
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not compare ${vscode.workspace.asRelativePath(uri)} with ${revision}: ${(error as Error).message}`);
      return undefined;
    }
    state = { uri: uri.toString(), revision, diff, source: repository ? 'git extension' : 'server' };
    if (!panel) {
      panel = vscode.window.createWebviewPanel('cplan.planDiff', 'Plan changes', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
      panel.onDidDispose(() => (panel = undefined));
      panel.webview.onDidReceiveMessage(async (message: { reveal?: number; shownRows?: number }) => {
        if (message.shownRows !== undefined && state) state.shownRows = message.shownRows;
        if (message.reveal !== undefined) await reveal(message.reveal);
      });
    }
    panel.title = `Plan changes since ${revision}`;
    const nonce = Array.from({ length: 16 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
    panel.webview.html = page(state, panel.webview.cspSource, nonce);
    return state;
  };
  context.subscriptions.push(vscode.commands.registerCommand('cplan.comparePlan', compare));
  return { state: () => state, reveal };
}
