import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { EditorPortfolio } from '../../server/src/service/features/portfolio.js';

/** What the Portfolio panel shows, for the end-to-end tests. */
export interface PortfolioState {
  plans: EditorPortfolio['plans'];
  /** Bumped with each render. */
  version: number;
  /** Plan rows the page drew, as it counted them in its DOM, and of which render. */
  shown?: { version: number; rows: number };
}

export interface PortfolioView {
  state(): PortfolioState | undefined;
  /** What a click on a plan's link does: the plan, opened in the editor. */
  open(index: number): Promise<vscode.TextEditor | undefined>;
}

/** Diagnostics change as plans are typed: the dashboard is drawn again once they settle. */
const UPDATE_DELAY_MS = 500;

/**
 * The server's page keeps its own policy (styles inline, its sorting script by hash); the webview's adds its
 * resources and the nonce of the one script added here, which turns plan links into messages.
 */
function webviewPage(html: string, cspSource: string, version: number): string {
  const nonce = Array.from({ length: 16 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const hashes = /script-src ([^;"]*)/.exec(html)?.[1] ?? '';
  const policy = `default-src 'none'; style-src ${cspSource} 'unsafe-inline'; img-src ${cspSource} data:; script-src ${hashes} 'nonce-${nonce}'`;
  const script = `<script nonce="${nonce}">(() => {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#cplan-open:"]');
    if (!link) return;
    event.preventDefault();
    vscode.postMessage({ open: Number(link.getAttribute('href').slice('#cplan-open:'.length)) });
  });
  vscode.postMessage({ shown: { version: ${version}, rows: document.querySelectorAll('#plans-table tbody tr').length } });
})();</script>`;
  return html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${policy}">`).replace('</body>', `${script}\n</body>`);
}

/** **Show Portfolio**: the dashboard of every plan in the workspace, kept current, each plan a click away. */
export function registerPortfolioView(context: vscode.ExtensionContext, client: LanguageClient): PortfolioView {
  let panel: vscode.WebviewPanel | undefined;
  let state: PortfolioState | undefined;
  let timer: NodeJS.Timeout | undefined;
  const render = async () => {
    if (!panel) return;
    const result = await client.sendRequest<EditorPortfolio>('cplan/portfolio');
    if (!panel) return;
    const version = (state?.version ?? 0) + 1;
    state = { plans: result.plans, version };
    panel.webview.html = webviewPage(result.html, panel.webview.cspSource, version);
  };
  const open = async (index: number) => {
    const plan = state?.plans[index];
    if (!plan) return undefined;
    return vscode.window.showTextDocument(vscode.Uri.parse(plan.uri), { viewColumn: vscode.ViewColumn.One });
  };
  const show = async () => {
    if (panel) panel.reveal(undefined, true);
    else {
      panel = vscode.window.createWebviewPanel('cplan.portfolio', 'Plans portfolio', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, enableFindWidget: true, localResourceRoots: [] });
      const listening = vscode.languages.onDidChangeDiagnostics(() => {
        clearTimeout(timer);
        timer = setTimeout(() => void render().catch(() => undefined), UPDATE_DELAY_MS);
      });
      panel.webview.onDidReceiveMessage((message: { open?: number; shown?: PortfolioState['shown'] }) => {
        if (message.shown && state && message.shown.version === state.version) state.shown = message.shown;
        if (message.open !== undefined) void open(message.open);
      });
      panel.onDidDispose(() => {
        clearTimeout(timer);
        listening.dispose();
        panel = undefined;
      });
    }
    await render();
    return state;
  };
  context.subscriptions.push(vscode.commands.registerCommand('cplan.showPortfolio', show));
  return { state: () => state, open };
}
