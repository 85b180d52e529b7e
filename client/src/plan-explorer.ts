import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface Range { start: { line: number; character: number }; end: { line: number; character: number } }
interface Milestone { id: string; title: string; status?: string; due?: string; overdueDays?: number; range: Range }
interface Metric { id: string; title: string; complete: boolean; range: Range }
interface Workstream { id: string; title: string; range: Range; milestones: Milestone[]; metrics: Metric[] }
interface Aim { id: string; title: string; range: Range; workstreams: Workstream[] }
interface Plan { uri: string; id: string; title: string; errors: number; warnings: number; aims: Aim[]; unlinked: Workstream[] }

/** A node of the tree: what it shows and, for entities, where a click takes the reader. */
export interface ExplorerNode {
  label: string;
  description?: string;
  tooltip?: string;
  icon: vscode.ThemeIcon;
  uri: string;
  range?: Range;
  children: ExplorerNode[];
}

const STATUS_ICONS: Record<string, [string, string?]> = {
  done: ['pass', 'testing.iconPassed'],
  dropped: ['circle-slash'],
  'on-track': ['circle-large-outline'],
  'not-started': ['circle-outline'],
  'at-risk': ['warning', 'list.warningForeground'],
  'off-track': ['error', 'list.errorForeground'],
};

function icon(name: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(name, color ? new vscode.ThemeColor(color) : undefined);
}

function workstreamNode(uri: string, w: Workstream): ExplorerNode {
  const done = w.milestones.filter((m) => m.status === 'done').length;
  const overdue = w.milestones.filter((m) => m.overdueDays !== undefined).length;
  return {
    label: `${w.id} ${w.title}`,
    description: `${done}/${w.milestones.length} done${overdue ? ` · ${overdue} overdue` : ''}${w.metrics.length ? '' : ' · no metrics'}`,
    icon: overdue ? icon('error', 'list.errorForeground') : icon('symbol-module'),
    uri,
    range: w.range,
    children: [
      ...w.milestones.map((m): ExplorerNode => {
        const [name, color] = m.overdueDays !== undefined ? ['error', 'list.errorForeground'] : STATUS_ICONS[m.status ?? ''] ?? ['circle-outline'];
        return {
          label: `${m.id} ${m.title}`,
          description: [m.due, m.status, m.overdueDays !== undefined ? `overdue ${m.overdueDays} days` : undefined].filter(Boolean).join(' · '),
          icon: icon(name, color),
          uri,
          range: m.range,
          children: [],
        };
      }),
      ...w.metrics.map((k): ExplorerNode => ({ label: `${k.id} ${k.title}`, description: k.complete ? 'metric' : 'metric · incomplete', icon: icon('graph', k.complete ? undefined : 'list.warningForeground'), uri, range: k.range, children: [] })),
    ],
  };
}

export function toNodes(plans: Plan[]): ExplorerNode[] {
  return plans.map((plan) => ({
    label: plan.title,
    description: [plan.errors ? `${plan.errors} errors` : '', plan.warnings ? `${plan.warnings} warnings` : ''].filter(Boolean).join(' · ') || plan.id,
    icon: plan.errors ? icon('error', 'list.errorForeground') : icon('notebook'),
    uri: plan.uri,
    children: [
      ...plan.aims.map((aim): ExplorerNode => ({
        label: `${aim.id} ${aim.title}`,
        description: aim.workstreams.length ? `${aim.workstreams.length} workstreams` : 'not served',
        icon: aim.workstreams.length ? icon('target') : icon('warning', 'list.warningForeground'),
        uri: plan.uri,
        range: aim.range,
        children: aim.workstreams.map((w) => workstreamNode(plan.uri, w)),
      })),
      ...(plan.unlinked.length ? [{ label: 'Workstreams with no aim', icon: icon('warning', 'list.warningForeground'), uri: plan.uri, children: plan.unlinked.map((w) => workstreamNode(plan.uri, w)) }] : []),
    ],
  }));
}

/** The Plan Explorer view: the server's plan tree, refreshed as diagnostics change. */
export class PlanExplorer implements vscode.TreeDataProvider<ExplorerNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Promise<ExplorerNode[]> | undefined;

  constructor(private readonly client: LanguageClient) {}

  refresh(): void {
    this.roots = undefined;
    this.changed.fire();
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.description = node.description;
    item.tooltip = node.tooltip ?? `${node.label}${node.description ? ` (${node.description})` : ''}`;
    item.iconPath = node.icon;
    const uri = vscode.Uri.parse(node.uri);
    const selection = node.range ? new vscode.Range(node.range.start.line, node.range.start.character, node.range.end.line, node.range.end.character) : undefined;
    item.command = { command: 'vscode.open', title: 'Reveal', arguments: [uri, { selection, preview: true }] };
    return item;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return node.children;
    this.roots ??= this.client.sendRequest<Plan[]>('cplan/planTree').then(toNodes, () => []);
    return this.roots;
  }
}

export function registerPlanExplorer(context: vscode.ExtensionContext, client: LanguageClient): PlanExplorer {
  const explorer = new PlanExplorer(client);
  let timer: NodeJS.Timeout | undefined;
  const refreshSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => explorer.refresh(), 300);
  };
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('cplan.planExplorer', explorer),
    vscode.languages.onDidChangeDiagnostics(refreshSoon),
    { dispose: () => clearTimeout(timer) },
  );
  return explorer;
}
