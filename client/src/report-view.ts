import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { EditorPlanReport } from '../../server/src/service/features/report.js';
import { messageFragment, panelTitle, reportFragment, reportPage, type PageMessage, type ReportKind } from './report-page.js';

/** What a panel shows, for the end-to-end tests: the latest render and what the page acknowledged. */
export interface ReportViewState {
  uri?: string;
  report: EditorPlanReport | null;
  /** Bumped with each new content. */
  version: number;
  /** What the page last said it shows (counted in its DOM), and of which version. */
  shown?: { version: number; markers: number; rows: number };
}

export interface ReportViews {
  state(kind: ReportKind): ReportViewState | undefined;
}

const VIEW_TYPES: Record<ReportKind, string> = { matrix: 'cplan.coverageMatrix', timeline: 'cplan.milestoneTimeline' };
/** Typing fires many changes: the picture is redrawn once the typing pauses. */
const UPDATE_DELAY_MS = 250;
const RETRIES = 5;

/** One webview panel: the matrix or the timeline of one plan, kept current with its text and diagnostics. */
class ReportPanel {
  readonly panel: vscode.WebviewPanel;
  uri?: vscode.Uri;
  private report: EditorPlanReport | null = null;
  private fragment = '';
  private version = 0;
  private shown?: ReportViewState['shown'];
  private timer?: NodeJS.Timeout;
  private failures = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly kind: ReportKind, private readonly client: LanguageClient, onDispose: () => void) {
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPES[kind], panelTitle(kind), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableFindWidget: true,
      // The page loads nothing: its style and script are inline (and nonce'd).
      localResourceRoots: [],
    });
    this.panel.webview.html = reportPage(this.panel.webview.cspSource, messageFragment('Loading…'), 0);
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((message: PageMessage) => this.received(message)),
      vscode.workspace.onDidChangeTextDocument((event) => this.uri && event.document.uri.toString() === this.uri.toString() && event.contentChanges.length && this.updateSoon()),
      vscode.languages.onDidChangeDiagnostics((event) => this.uri && event.uris.some((u) => u.toString() === this.uri!.toString()) && this.updateSoon()),
    );
    this.panel.onDidDispose(() => {
      clearTimeout(this.timer);
      vscode.Disposable.from(...this.disposables).dispose();
      onDispose();
    });
  }

  state(): ReportViewState {
    return { uri: this.uri?.toString(), report: this.report, version: this.version, shown: this.shown };
  }

  /** Shows this document's picture; with `onlyPlans`, a document that is not a plan leaves the panel as it is. */
  async show(uri: vscode.Uri, onlyPlans = false): Promise<void> {
    if (onlyPlans && this.uri?.toString() === uri.toString()) return;
    const report = await this.request(uri);
    if (report === undefined) {
      // The server could not answer yet: an explicit request is retried for this document.
      if (!onlyPlans) this.uri = uri;
      return;
    }
    if (onlyPlans && !report) return;
    this.uri = uri;
    this.render(report);
  }

  updateSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), UPDATE_DELAY_MS);
  }

  private async update(): Promise<void> {
    if (!this.uri) return;
    const uri = this.uri;
    const report = await this.request(uri);
    if (report !== undefined && this.uri === uri) this.render(report);
  }

  /** The server's report; undefined when it could not answer (e.g. restarting), then it is asked again soon. */
  private async request(uri: vscode.Uri): Promise<EditorPlanReport | null | undefined> {
    try {
      const report = await this.client.sendRequest<EditorPlanReport | null>('cplan/report', { uri: uri.toString() });
      this.failures = 0;
      return report;
    } catch {
      if (++this.failures <= RETRIES) this.updateSoon();
      return undefined;
    }
  }

  private render(report: EditorPlanReport | null): void {
    const name = this.uri ? vscode.workspace.asRelativePath(this.uri) : undefined;
    this.report = report;
    this.panel.title = panelTitle(this.kind, name?.replace(/^.*\//, ''));
    this.display(report
      ? reportFragment(this.kind, report)
      : messageFragment(`${name ?? 'This document'} is not a commissioning plan, so there is no ${this.kind === 'matrix' ? 'coverage matrix' : 'milestone timeline'} to show. `
        + 'Open a Markdown file whose front matter says kind: commissioning-plan and run the command again.'));
  }

  showMessage(text: string): void {
    this.display(messageFragment(text));
  }

  private display(fragment: string): void {
    // Redrawing the same picture would only flicker.
    if (fragment === this.fragment) return;
    this.fragment = fragment;
    this.version++;
    // A hidden webview is rebuilt from `html` when shown again; a visible one keeps its scroll with a message.
    if (this.panel.visible) void this.panel.webview.postMessage({ type: 'render', html: fragment, version: this.version });
    else this.panel.webview.html = reportPage(this.panel.webview.cspSource, fragment, this.version);
  }

  private received(message: PageMessage): void {
    if (message.type === 'reveal') void this.reveal(message);
    else {
      this.shown = { version: message.version, markers: message.markers, rows: message.rows };
      // A page (re)loaded from older html, or that missed a message while loading, catches up.
      if (message.type === 'ready' && message.version !== this.version) void this.panel.webview.postMessage({ type: 'render', html: this.fragment, version: this.version });
    }
  }

  /** Opens the plan (or its framework) in the first column with the cursor at the position. */
  private async reveal(message: Extract<PageMessage, { type: 'reveal' }>): Promise<void> {
    const target = message.file === 'framework' && this.report?.frameworkUri ? vscode.Uri.parse(this.report.frameworkUri) : this.uri;
    if (!target || !(message.line >= 1)) return;
    const position = new vscode.Position(message.line - 1, Math.max(0, (message.column || 1) - 1));
    const editor = await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

/** The commands Show Coverage Matrix and Show Milestone Timeline, one panel of each at most. */
export function registerReportViews(context: vscode.ExtensionContext, client: LanguageClient): ReportViews {
  const panels = new Map<ReportKind, ReportPanel>();
  const open = async (kind: ReportKind, uri?: vscode.Uri) => {
    const editor = vscode.window.activeTextEditor;
    const target = uri ?? (editor?.document.languageId === 'markdown' ? editor.document.uri : undefined) ?? panels.get(kind)?.uri;
    let panel = panels.get(kind);
    if (panel) panel.panel.reveal(undefined, true);
    else {
      panel = new ReportPanel(kind, client, () => panels.delete(kind));
      panels.set(kind, panel);
    }
    if (target) await panel.show(target);
    else panel.showMessage('Open a commissioning plan, then run the command again.');
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('cplan.showCoverageMatrix', (uri?: vscode.Uri) => open('matrix', uri)),
    vscode.commands.registerCommand('cplan.showMilestoneTimeline', (uri?: vscode.Uri) => open('timeline', uri)),
    // The panels follow the editor to another plan; Markdown that is not a plan (a framework opened from
    // the matrix, say) leaves them on the plan they show.
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor?.document.languageId !== 'markdown') return;
      for (const panel of panels.values()) void panel.show(editor.document.uri, true);
    }),
    { dispose: () => [...panels.values()].forEach((p) => p.panel.dispose()) },
  );
  return { state: (kind) => panels.get(kind)?.state() };
}
