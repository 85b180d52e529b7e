import {
  DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, TextDocumentSyncKind, TextDocuments,
  type ClientCapabilities, type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { WorkspaceIndex, type EditorSettings } from '../service/workspace.js';
import { toLspDiagnostic } from '../service/convert.js';
import { pathOfUri, uriOfPath } from '../service/uris.js';
import { ClientUris } from '../service/client-uris.js';
import { FileEventQueue } from '../service/file-events.js';
import { ChangeSignal, PullDiagnostics } from '../service/pull-diagnostics.js';
import { inSlices } from '../service/slices.js';
import { CollectAfterBursts } from '../node/garbage.js';
import { readSettings } from './settings.js';
import { registerImportRequest } from './import-request.js';
import { featureCapabilities, registerFeatures } from './register-features.js';
import { clientAbilities, type ClientAbilities } from './client-abilities.js';
import type { ServerContext } from './context.js';
import type { Arrivals } from './arrivals.js';
import { PublishedDiagnostics } from './published.js';
import { VERSION } from '../version.js';

/** How long a held workspace pull waits after a change before it looks again. */
const WORKSPACE_PULL_SETTLE_MS = 200;

/** Wires the protocol to the workspace index and the feature modules; no language logic lives here. */
export function startServer(connection: Connection, arrivals?: Arrivals): void {
  const documents = new TextDocuments(TextDocument);
  const index = new WorkspaceIndex([], readSettings(undefined));
  let client: ClientCapabilities = {};
  let abilities: ClientAbilities = clientAbilities(client);
  const uris = new ClientUris();
  const pullResults = new PullDiagnostics(index);
  const garbage = new CollectAfterBursts(() => index.parsedCount);
  const diagnosticsChanged = new ChangeSignal();
  const fileEvents = new FileEventQueue(index, (affected) => {
    reportConfigProblems();
    refresh(affected);
  }, (error) => connection.console.error(`cplan: file events could not be applied: ${error.stack ?? error.message}`));
  let pull = false;
  /** Settings are in and the documents opened meanwhile are in the index: what a request about one document needs. */
  let settingsReady: Promise<void> = Promise.resolve();
  /** The workspace is indexed; with `indexed` true once it first is. */
  let ready: Promise<void> = Promise.resolve();
  let indexed = true;
  /** Requests about the whole workspace wait for it to be indexed, and for file events already received. */
  const workspaceReady = async () => {
    await ready;
    await fileEvents.idle();
  };
  const context: ServerContext = { connection, index, uris, log: (message) => connection.console.log(message), ready: workspaceReady, documentReady, abilities: () => abilities };
  /** Until the client's settings are in, opened documents wait: checking them with defaults would flicker. */
  let settingsLoaded = true;
  const waiting = new Set<string>();
  /** The workspace folders as the client named them (the index has their real paths). */
  let clientRoots: string[] = [];
  /** Unreadable folders the user has been told about: once each. */
  const toldSkipped = new Set<string>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    client = params.capabilities;
    abilities = clientAbilities(client);
    pull = !!client.textDocument?.diagnostic;
    settingsLoaded = !client.workspace?.configuration;
    const folders = params.workspaceFolders?.map((f) => pathOfUri(f.uri)) ?? (params.rootUri ? [pathOfUri(params.rootUri)] : []);
    clientRoots = folders;
    index.setRoots(uris.setRoots(folders));
    index.updateSettings(readSettings(params.initializationOptions?.settings));
    index.setTrusted(params.initializationOptions?.trusted !== false);
    return {
      serverInfo: { name: 'cplan-language-server', version: VERSION },
      capabilities: {
        // `save`: VS Code's client pulls diagnostics on save only after a didSave, which `cplan.run: onSave` needs.
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        diagnosticProvider: pull ? { identifier: 'cplan', interFileDependencies: true, workspaceDiagnostics: true } : undefined,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...featureCapabilities(client, abilities),
      },
    };
  });

  connection.onInitialized(async () => {
    if (client.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'cplan' });
    }
    if (client.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.md' }, { globPattern: '**/{.cplanrc.yaml,.cplanrc.yml,.cplanrc.json,package.json}' }] });
    }
    if (client.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(async (event) => {
        const roots = clientRoots.filter((r) => !event.removed.some((f) => pathOfUri(f.uri) === r));
        clientRoots = [...roots, ...event.added.map((f) => pathOfUri(f.uri))];
        index.setRoots(uris.setRoots(clientRoots));
        await pullSettings();
        await index.indexFolders();
        refreshAll();
      });
    }
    indexed = false;
    settingsReady = (async () => {
      await pullSettings();
      settingsLoaded = true;
      // What the user has open comes first; the rest of the workspace is indexed after.
      for (const uri of waiting) {
        const document = documents.get(uri);
        if (document) refresh(index.setOpen(uris.remember(uri), document.getText(), document.version));
      }
      waiting.clear();
    })();
    ready = (async () => {
      await settingsReady;
      const started = Date.now();
      const count = await index.indexFolders();
      context.log(`cplan: indexed ${count} plans and frameworks in ${Date.now() - started} ms`);
      reportConfigProblems();
      indexed = true;
      garbage.touch();
    })();
    await ready;
    refreshAll();
  });

  /**
   * What a request about one document waits for: settings, and the document with its framework. Until the
   * workspace is indexed, a framework (whose answers count the plans using it), a plan whose framework is not
   * found yet (an id the index may still find) and a document not read yet wait for the whole workspace.
   */
  async function documentReady(key: string): Promise<void> {
    await settingsReady;
    if (indexed) return;
    const file = index.get(key);
    if (!file || file.head.kind === 'framework' || index.framework(key)?.ok === false) await workspaceReady();
  }

  /**
   * The window's settings and each workspace folder's (the `resource` scope: a multi-root workspace can set
   * `cplan.rules` differently per folder), in one request.
   */
  async function pullSettings(): Promise<void> {
    if (!client.workspace?.configuration) return;
    const roots = clientRoots;
    const indexRoots = index.workspaceRoots;
    const [settings, ...perFolder] = await connection.workspace.getConfiguration([
      { section: 'cplan' },
      ...roots.map((root) => ({ section: 'cplan', scopeUri: uriOfPath(root) })),
    ]);
    const folders = new Map<string, EditorSettings>();
    // The index has the folders' real paths, in the client's order.
    roots.forEach((root, i) => folders.set(indexRoots[i] ?? root, readSettings(perFolder[i])));
    index.updateSettings(readSettings(settings), folders);
  }

  /** Problems already shown, so that each distinct one pops up once; a fixed one may show again if it returns. */
  const shownConfigProblems = new Set<string>();
  function reportConfigProblems(): void {
    const current = new Set([...index.configProblems].map(([file, problem]) => `${file}\n${problem}`));
    for (const shown of shownConfigProblems) if (!current.has(shown)) shownConfigProblems.delete(shown);
    for (const [file, problem] of index.configProblems) {
      const key = `${file}\n${problem}`;
      if (shownConfigProblems.has(key)) continue;
      shownConfigProblems.add(key);
      void connection.window.showWarningMessage(`cplan: ${problem}`);
    }
    for (const [folder, reason] of index.skippedFolders) {
      if (toldSkipped.has(folder)) continue;
      toldSkipped.add(folder);
      void connection.window.showWarningMessage(`cplan: cannot read folder ${folder} (${reason}); its plans are not checked. Give the editor read access to it, or exclude it with \`exclude\` in .cplanrc.yaml.`);
    }
  }

  /** Diagnostics of the given documents are stale: push them, or ask a pull client to pull again. */
  function refresh(keys: readonly string[]): void {
    diagnosticsChanged.notify();
    if (pull) {
      if (keys.some((key) => index.get(key)?.version === null || !documents.get(uris.toClient(key))) || keys.length > 1) {
        if (client.workspace?.diagnostics?.refreshSupport) void connection.languages.diagnostics.refresh();
      }
      return;
    }
    void inSlices(keys, publish).then(() => garbage.touch());
  }

  function refreshAll(): void {
    diagnosticsChanged.notify();
    if (pull) {
      if (client.workspace?.diagnostics?.refreshSupport) void connection.languages.diagnostics.refresh();
      return;
    }
    void inSlices(index.files().map((file) => file.uri), publish).then(() => garbage.touch());
  }

  const published = new PublishedDiagnostics();
  function publish(key: string): void {
    const file = index.get(key);
    const found = file ? index.diagnostics(key) : [];
    const diagnostics = published.shouldSend(key, file?.version ?? null, found, () => {
      if (!file) return [];
      const lines = file.lines;
      return found.map((d) => toLspDiagnostic(lines, d));
    });
    if (diagnostics) void connection.sendDiagnostics(uris.outgoing({ uri: key, version: file?.version ?? undefined, diagnostics }));
  }

  documents.onDidChangeContent((event) => {
    if (!settingsLoaded) {
      waiting.add(event.document.uri);
      return;
    }
    // Typing faster than a large plan can be checked: the newest queued version will do it.
    if (arrivals?.superseded(event.document.uri, event.document.version)) return;
    refresh(index.setOpen(uris.remember(event.document.uri), event.document.getText(), event.document.version));
  });
  documents.onDidClose((event) => {
    waiting.delete(event.document.uri);
    const key = uris.forget(event.document.uri);
    const affected = index.close(key);
    published.forget(key);
    if (!pull && !index.get(key)) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    refresh(affected.filter((uri) => uri !== key || index.get(uri)));
  });

  connection.onDidChangeWatchedFiles((event) => {
    // The disk changed: a folder may have become a link.
    uris.forgetFolders();
    fileEvents.push(event.changes.map((change) => ({ key: uris.toKey(change.uri), deleted: change.type === FileChangeType.Deleted })));
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (client.workspace?.configuration) await pullSettings();
    else index.updateSettings(readSettings(change.settings?.cplan));
    refreshAll();
  });

  connection.languages.diagnostics.on(async (params) => {
    const key = uris.toKey(params.textDocument.uri);
    await documentReady(key);
    return uris.outgoing(pullResults.document(key, params.previousResultId));
  });

  /**
   * VS Code pulls the workspace again 2 s after each answer, for as long as it runs: with nothing new, the
   * request is held (a long poll, which the client waits out and cancels when it wants to pull anew) until
   * diagnostics may have changed, rather than answered empty every 2 s (3.7% of a core at 10,000 plans).
   */
  connection.languages.diagnostics.onWorkspace(async (params, token) => {
    const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    for (;;) {
      await workspaceReady();
      const items = await pullResults.workspace(previous, (key) => uris.toClient(key), token);
      garbage.touch();
      if (items.length || token.isCancellationRequested) return { items: uris.outgoing(items) };
      await diagnosticsChanged.next(token);
      // A burst (typing, a checkout) wakes this many times: one look once it has settled a little.
      await new Promise((resolve) => setTimeout(resolve, WORKSPACE_PULL_SETTLE_MS));
    }
  });

  connection.onRequest('cplan/serverInfo', () => ({ pid: process.pid, version: VERSION, documents: index.files().length }));
  connection.onRequest('cplan/builtinFramework', (params: { name: string }) => index.builtinText(params.name) ?? null);

  registerImportRequest(connection);
  registerFeatures(context);
  documents.listen(connection);
  connection.listen();
}
