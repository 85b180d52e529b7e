// A small JSON-RPC client for the benchmark: the real server process (bin/cplan-language-server.js --stdio)
// over stdio, as the server tests do (test/helpers/lsp.ts), without needing the compiled tests in out/.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { REPO_ROOT } from './corpus.mjs';

export const SERVER = path.join(REPO_ROOT, 'bin', 'cplan-language-server.js');

export function uriOf(file) {
  return URI.file(file).toString();
}

export class LspClient {
  /** uri -> [{ version, count, at }] for every publishDiagnostics received. */
  published = new Map();
  waiters = [];
  stderr = [];
  /** How many `workspace/diagnostic/refresh` requests the server sent. */
  refreshes = 0;

  /**
   * Spawns the server and initializes it on `root`; `spawnedAt` is the hrtime (ms) just before the spawn.
   * `pull`: say, as VS Code does, that the client pulls diagnostics (LSP 3.17) and takes refresh requests.
   */
  static async start(root, { pull = false, server = SERVER } = {}) {
    const spawnedAt = now();
    const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient();
    client.spawnedAt = spawnedAt;
    client.process = child;
    client.root = root;
    client.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.on('exit', (code, signal) => {
      client.exit = { code, signal };
      for (const waiter of client.waiters.splice(0)) waiter.reject(new Error(`the server exited (code ${code}, signal ${signal}); stderr: ${client.stderr.join('').slice(-2000)}`));
    });
    child.stderr.on('data', (chunk) => client.stderr.push(String(chunk)));
    const reader = new StreamMessageReader(child.stdout);
    // Otherwise a server stopped mid-message leaves a self-re-arming 10 s timer that outlives dispose().
    reader.partialMessageTimeout = 0;
    const connection = createProtocolConnection(reader, new StreamMessageWriter(child.stdin));
    client.connection = connection;
    connection.onNotification('textDocument/publishDiagnostics', (params) => {
      const at = now();
      const entry = { version: params.version ?? null, count: params.diagnostics.length, at };
      const list = client.published.get(params.uri) ?? [];
      list.push(entry);
      client.published.set(params.uri, list);
      for (const waiter of [...client.waiters]) {
        if (waiter.uri === params.uri && waiter.test(entry)) {
          client.waiters.splice(client.waiters.indexOf(waiter), 1);
          waiter.resolve(entry);
        }
      }
      for (const listener of client.publishListeners ?? []) listener(params.uri, entry);
    });
    connection.onNotification('window/logMessage', () => {});
    connection.onNotification('window/showMessage', () => {});
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => {
      client.refreshes++;
      return null;
    });
    connection.listen();
    const rootUri = uriOf(root);
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true }, ...(pull ? { diagnostics: { refreshSupport: true } } : {}) },
        textDocument: {
          ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          rename: { prepareSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  onPublish(listener) {
    (this.publishListeners ??= []).push(listener);
  }

  async open(file, text = fs.readFileSync(file, 'utf8')) {
    const uri = uriOf(file);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    return uri;
  }

  change(uri, version, changes) {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** The first publish for `uri` (already received or coming) whose entry passes `test`. */
  diagnostics(uri, test = () => true, timeoutMs = 30_000) {
    const seen = this.published.get(uri)?.find(test);
    if (seen) return Promise.resolve(seen);
    if (this.exit) return Promise.reject(new Error(`the server exited (code ${this.exit.code}, signal ${this.exit.signal})`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr.join('').slice(-2000)}`));
      }, timeoutMs);
      const waiter = { uri, test, resolve: (e) => { clearTimeout(timer); resolve(e); }, reject: (e) => { clearTimeout(timer); reject(e); } };
      this.waiters.push(waiter);
    });
  }

  request(method, params) {
    return this.connection.sendRequest(method, params);
  }

  async stop() {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 2000))]);
    this.connection.dispose();
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill();
  }
}

/** Milliseconds from a monotonic clock. */
export function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}
