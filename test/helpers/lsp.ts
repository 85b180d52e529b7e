import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  type ClientCapabilities, type InitializeResult, type ProtocolConnection, type PublishDiagnosticsParams, type Diagnostic, type Position, type TextDocumentContentChangeEvent, type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { REPO_ROOT } from './cli.js';

export const SERVER = path.join(REPO_ROOT, 'bin', 'cplan-language-server.js');
/** The shipped file of the built-in framework, which the server hands to clients for `builtin:ncl-cancer-2023-28`. */
export const BUILTIN_FRAMEWORK_FILE = path.join(REPO_ROOT, 'frameworks', 'ncl-cancer-2023-28.md');
export const BUILTIN_FRAMEWORK_URI = URI.file(BUILTIN_FRAMEWORK_FILE).toString();

export interface StartOptions {
  /** The workspace folder. */
  root: string;
  /** More workspace folders (multi-root). */
  moreRoots?: string[];
  /** Pull diagnostics (LSP 3.17) or the older publish model. */
  pull?: boolean;
  /** What the server gets for `workspace/configuration` of section `cplan`. */
  settings?: Record<string, unknown>;
  /** Per workspace folder (by path): what the server gets for a `scopeUri` under that folder instead of `settings`. */
  folderSettings?: Record<string, Record<string, unknown>>;
  initializationOptions?: Record<string, unknown>;
  /** What the client says it can do; by default what a full client (VS Code) says. `{}` is the most minimal client. */
  capabilities?: ClientCapabilities;
  /** Another copy of the server's entry point than this repository's. */
  server?: string;
  /** Runs the server as this user (for real permission errors when the tests run as root). */
  spawnAs?: { uid: number; gid: number };
}

/** What VS Code says it can do, as far as cplan's features go. */
export function fullCapabilities(pull = false): ClientCapabilities {
  return {
    workspace: { applyEdit: true, configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true, diagnostics: { refreshSupport: true }, didChangeConfiguration: { dynamicRegistration: true } },
    textDocument: {
      ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
      rename: { prepareSupport: true },
      documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      documentLink: { tooltipSupport: true },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true },
      inlayHint: {},
      semanticTokens: { requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
    },
  };
}

/** A real JSON-RPC client talking to the real server process over stdio. */
export class LspClient {
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  readonly refreshes: number[] = [];
  private readonly waiters: { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly stderr: string[] = [];
  readonly logs: string[] = [];
  /** Edits the server asked the client to apply (`workspace/applyEdit`); each is reported applied. */
  readonly appliedEdits: WorkspaceEdit[] = [];
  settings: Record<string, unknown>;
  /** Settings of a `resource` scope, by folder path (see StartOptions.folderSettings). */
  folderSettings: Record<string, Record<string, unknown>> = {};
  /** Every `workspace/configuration` item the server asked for. */
  readonly configurationItems: { section?: string; scopeUri?: string }[] = [];
  /** The server's answer to `initialize`. */
  initializeResult?: InitializeResult;
  private versions = new Map<string, number>();

  private constructor(readonly process: ChildProcess, readonly connection: ProtocolConnection, readonly root: string, settings: Record<string, unknown>) {
    this.settings = settings;
  }

  static async start(options: StartOptions): Promise<LspClient> {
    const child = spawn(process.execPath, [options.server ?? SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], ...options.spawnAs });
    const reader = new StreamMessageReader(child.stdout!);
    // A server stopped in the middle of a message leaves the reader a timer that re-arms itself every 10 s
    // and outlives dispose(): it kept mocha from exiting. The tests need no partial-message events.
    reader.partialMessageTimeout = 0;
    const connection = createProtocolConnection(reader, new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection, options.root, options.settings ?? {});
    child.stderr!.on('data', (chunk) => client.stderr.push(String(chunk)));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const list = client.published.get(params.uri) ?? [];
      list.push(params);
      client.published.set(params.uri, list);
      for (const waiter of [...client.waiters]) {
        if (waiter.uri === params.uri && waiter.test(params)) {
          client.waiters.splice(client.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => void client.logs.push(params.message));
    connection.onNotification('window/showMessage', (params: { message: string }) => void client.logs.push(params.message));
    connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
      client.logs.push(params.message);
      return null;
    });
    client.folderSettings = options.folderSettings ?? {};
    connection.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) => params.items.map((item) => {
      client.configurationItems.push(item);
      const scope = item.scopeUri ? URI.parse(item.scopeUri).fsPath : undefined;
      const folder = scope && Object.keys(client.folderSettings).find((f) => scope === f || scope.startsWith(f + path.sep));
      return folder ? client.folderSettings[folder] : client.settings;
    }));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/applyEdit', (params: { edit: WorkspaceEdit }) => {
      client.appliedEdits.push(params.edit);
      return { applied: true };
    });
    connection.onRequest('workspace/diagnostic/refresh', () => {
      client.refreshes.push(Date.now());
      return null;
    });
    connection.listen();
    const rootUri = URI.file(options.root).toString();
    client.initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [options.root, ...(options.moreRoots ?? [])].map((r) => ({ uri: URI.file(r).toString(), name: path.basename(r) })),
      initializationOptions: options.initializationOptions,
      capabilities: options.capabilities ?? fullCapabilities(options.pull),
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  uri(relative: string): string {
    return URI.file(path.join(this.root, relative)).toString();
  }

  read(relative: string): string {
    return fs.readFileSync(path.join(this.root, relative), 'utf8');
  }

  async open(relative: string, text = this.read(relative)): Promise<string> {
    const uri = this.uri(relative);
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    return uri;
  }

  /** Sends incremental changes; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the first publish for `uri` (already received or coming) that passes `test`. */
  diagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const seen = this.published.get(uri)?.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(this.published.get(uri)?.map((p) => [p.version, p.diagnostics.length]))}; stderr: ${this.stderr.join('')}`)), timeoutMs);
      this.waiters.push({ uri, test, resolve: (p) => { clearTimeout(timer); resolve(p); } });
    });
  }

  /** Pull diagnostics for one document. */
  async pull(uri: string): Promise<Diagnostic[]> {
    const report = await this.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }) as { items: Diagnostic[] };
    return report.items;
  }

  /**
   * Resolves once the server has handled every message sent before this call: it handles them in order and
   * writes its answer to this later request after whatever they made it send, which has reached our handlers
   * by then. The positive signal to wait for before asserting that something was not sent.
   */
  async settled(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the server answered no request within ${timeoutMs} ms (exit code ${this.process.exitCode}, signal ${this.process.signalCode}); stderr: ${this.stderr.join('')}`)), timeoutMs);
    });
    try {
      await Promise.race([this.connection.sendRequest('cplan/serverInfo'), silent]);
    } finally {
      clearTimeout(timer);
    }
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    this.connection.dispose();
    if (this.process.exitCode === null) this.process.kill();
  }
}

/** A temporary workspace holding a copy of examples/ plus the given files. */
export function exampleWorkspace(extra: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-lsp-'));
  fs.cpSync(path.join(REPO_ROOT, 'examples'), root, { recursive: true });
  for (const [name, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** Text with one `<|>` cursor marker: the text without it and the cursor's LSP position. */
export function cursor(source: string): { text: string; position: Position } {
  const offset = source.indexOf('<|>');
  if (offset < 0) throw new Error('no <|> in fixture');
  const text = source.slice(0, offset) + source.slice(offset + 3);
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { text, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

/** The LSP position of the first occurrence of `needle` in `text` (plus `shift` characters). */
export function positionOf(text: string, needle: string, shift = 0): Position {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, offset + shift).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}
