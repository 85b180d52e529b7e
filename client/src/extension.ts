import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './language-client.js';
import { registerBuiltinFrameworks } from './builtin-frameworks.js';
import { registerCommands } from './commands.js';
import { registerPlanExplorer, type PlanExplorer } from './plan-explorer.js';
import { registerStatusBar } from './status-bar.js';
import { registerReportViews, type ReportViews } from './report-view.js';
import { registerComparePlan, type ComparePanels } from './compare-plan.js';
import { registerPortfolioView, type PortfolioView } from './portfolio-view.js';

let client: LanguageClient | undefined;

/** What the extension exposes to other extensions and to its own end-to-end tests. */
export interface CplanApi {
  client: LanguageClient;
  planExplorer: PlanExplorer;
  /** The coverage matrix and milestone timeline panels. */
  reportViews: ReportViews;
  /** The Compare Plan with Previous Version panel. */
  compare: ComparePanels;
  /** The Portfolio panel. */
  portfolio: PortfolioView;
  /** The language server's process id and how many plans and frameworks it has indexed. */
  serverInfo(): Promise<{ pid: number; version: string; documents: number }>;
}

export async function activate(context: vscode.ExtensionContext): Promise<CplanApi> {
  client = createLanguageClient(context);
  registerBuiltinFrameworks(context, client);
  registerCommands(context, client);
  const planExplorer = registerPlanExplorer(context, client);
  const reportViews = registerReportViews(context, client);
  const compare = registerComparePlan(context, client);
  const portfolio = registerPortfolioView(context, client);
  registerStatusBar(context);
  await client.start();
  const running = client;
  return { client: running, planExplorer, reportViews, compare, portfolio, serverInfo: () => running.sendRequest('cplan/serverInfo') };
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
