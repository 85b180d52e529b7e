import {
  DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, DocumentDiagnosticReportKind, FileChangeType, TextDocumentSyncKind, TextDocuments,
  type ClientCapabilities, type Connection, type WorkspaceDocumentDiagnosticReport, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { WorkspaceIndex } from '../service/workspace.js';
import { toLspDiagnostic } from '../service/convert.js';
import { pathOfUri } from '../service/uris.js';
import { ClientUris } from '../service/client-uris.js';
import { readSettings } from './settings.js';
import { featureCapabilities, registerFeatures } from './register-features.js';
import { clientAbilities, type ClientAbilities } from './client-abilities.js';
import type { ServerContext } from './context.js';
import type { Arrivals } from './arrivals.js';
import { PublishedDiagnostics } from './published.js';
import { VERSION } from '../version.js';

/** Wires the protocol to the workspace index and the feature modules; no language logic lives here. */
export function startServer(connection: Connection, arrivals?: Arrivals): void {
  const documents = new TextDocuments(TextDocument);
  const index = new WorkspaceIndex([], readSettings(undefined));
  let client: ClientCapabilities = {};
  let abilities: ClientAbilities = clientAbilities(client);
  const uris = new ClientUris();
  const context: ServerContext = { connection, index, uris, log: (message) => connection.console.log(message), ready: () => ready, abilities: () => abilities };
  let pull = false;
  let ready: Promise<void> = Promise.resolve();
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
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
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
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.md' }, { globPattern: '**/.cplanrc.yaml' }] });
    }
    if (client.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(async (event) => {
        const roots = clientRoots.filter((r) => !event.removed.some((f) => pathOfUri(f.uri) === r));
        clientRoots = [...roots, ...event.added.map((f) => pathOfUri(f.uri))];
        index.setRoots(uris.setRoots(clientRoots));
        await index.indexFolders();
        refreshAll();
      });
    }
    ready = (async () => {
      await pullSettings();
      settingsLoaded = true;
      // What the user has open comes first; the rest of the workspace is indexed after.
      for (const uri of waiting) {
        const document = documents.get(uri);
        if (document) refresh(index.setOpen(uris.remember(uri), document.getText(), document.version));
      }
      waiting.clear();
      const started = Date.now();
      const count = await index.indexFolders();
      context.log(`cplan: indexed ${count} plans and frameworks in ${Date.now() - started} ms`);
      reportConfigProblems();
    })();
    await ready;
    refreshAll();
  });

  async function pullSettings(): Promise<void> {
    if (!client.workspace?.configuration) return;
    const [settings] = await connection.workspace.getConfiguration([{ section: 'cplan' }]);
    index.updateSettings(readSettings(settings));
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
    if (pull) {
      if (keys.some((key) => index.get(key)?.version === null || !documents.get(uris.toClient(key))) || keys.length > 1) {
        if (client.workspace?.diagnostics?.refreshSupport) void connection.languages.diagnostics.refresh();
      }
      return;
    }
    for (const key of keys) publish(key);
  }

  function refreshAll(): void {
    if (pull) {
      if (client.workspace?.diagnostics?.refreshSupport) void connection.languages.diagnostics.refresh();
      return;
    }
    for (const file of index.files()) publish(file.uri);
  }

  const published = new PublishedDiagnostics();
  function publish(key: string): void {
    const file = index.get(key);
    const found = file ? index.diagnostics(key) : [];
    const diagnostics = published.shouldSend(key, file?.version ?? null, found, () => (file ? found.map((d) => toLspDiagnostic(file.document.lines, d)) : []));
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
    const affected = new Set<string>();
    for (const change of event.changes) for (const uri of index.diskChanged(uris.toKey(change.uri), change.type === FileChangeType.Deleted)) affected.add(uri);
    reportConfigProblems();
    refresh([...affected]);
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (client.workspace?.configuration) await pullSettings();
    else index.updateSettings(readSettings(change.settings?.cplan));
    refreshAll();
  });

  connection.languages.diagnostics.on(async (params) => {
    await ready;
    const file = index.get(uris.toKey(params.textDocument.uri));
    const items = file ? index.diagnostics(file.uri).map((d) => toLspDiagnostic(file.document.lines, d)) : [];
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  connection.languages.diagnostics.onWorkspace(async (_params, token) => {
    await ready;
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const file of index.files()) {
      if (token.isCancellationRequested) break;
      items.push({ kind: DocumentDiagnosticReportKind.Full, uri: uris.toClient(file.uri), version: file.version, items: index.diagnostics(file.uri).map((d) => toLspDiagnostic(file.document.lines, d)) });
    }
    return { items };
  });

  connection.onRequest('cplan/serverInfo', () => ({ pid: process.pid, version: VERSION, documents: index.files().length }));
  connection.onRequest('cplan/builtinFramework', (params: { name: string }) => index.builtinText(params.name) ?? null);

  registerFeatures(context);
  documents.listen(connection);
  connection.listen();
}
