import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface Range { start: { line: number; character: number }; end: { line: number; character: number } }
interface Milestone { id: string; title: string; status?: string; due?: string; overdueDays?: number; unscheduled?: boolean; range: Range }
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
  /** What selecting it does, when not revealing `uri` at `range`. */
  command?: vscode.Command;
  children: ExplorerNode[];
}

/** Shown instead of the plans when the server could not list them: an empty tree would claim there are none. */
export function errorNode(error: unknown): ExplorerNode {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    label: 'Could not list the commissioning plans',
    description: `${reason} · select to restart the language server`,
    tooltip: `The language server did not list the plans: ${reason}\nSelect to restart the language server and try again; its log is in the output channel "Commissioning Plans".`,
    icon: icon('error', 'list.errorForeground'),
    uri: '',
    command: { command: 'cplan.restartServer', title: 'Restart Language Server' },
    children: [],
  };
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
  const unscheduled = w.milestones.filter((m) => m.unscheduled).length;
  return {
    label: `${w.id} ${w.title}`,
    description: `${done}/${w.milestones.length} done${overdue ? ` · ${overdue} overdue` : ''}${unscheduled ? ` · ${unscheduled} unscheduled` : ''}${w.metrics.length ? '' : ' · no metrics'}`,
    icon: overdue ? icon('error', 'list.errorForeground') : icon('symbol-module'),
    uri,
    range: w.range,
    children: [
      ...w.milestones.map((m): ExplorerNode => {
        // An unscheduled milestone still to deliver has no date to be late against: a calendar marks it.
        const waiting = m.unscheduled && m.status !== 'done' && m.status !== 'dropped';
        const [name, color] = m.overdueDays !== undefined ? ['error', 'list.errorForeground'] : waiting ? ['calendar'] : STATUS_ICONS[m.status ?? ''] ?? ['circle-outline'];
        return {
          label: `${m.id} ${m.title}`,
          description: [m.unscheduled ? `unscheduled (due ${m.due ?? 'TBC'})` : m.due, m.status, m.overdueDays !== undefined ? `overdue ${m.overdueDays} days` : undefined].filter(Boolean).join(' · '),
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
    if (node.command) {
      item.command = node.command;
      return item;
    }
    const uri = vscode.Uri.parse(node.uri);
    const selection = node.range ? new vscode.Range(node.range.start.line, node.range.start.character, node.range.end.line, node.range.end.character) : undefined;
    item.command = { command: 'vscode.open', title: 'Reveal', arguments: [uri, { selection, preview: true }] };
    return item;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return node.children;
    if (!this.roots) {
      const asked: Promise<ExplorerNode[]> = this.client.sendRequest<Plan[]>('cplan/planTree').then(toNodes, (error: unknown) => {
        // Not remembered as the answer: the next look asks the server again.
        if (this.roots === asked) this.roots = undefined;
        return [errorNode(error)];
      });
      this.roots = asked;
    }
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
    // A server that stopped or came back changes what the tree can show, diagnostics or not.
    client.onDidChangeState(refreshSoon),
    { dispose: () => clearTimeout(timer) },
  );
  return explorer;
}
