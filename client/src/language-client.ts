import * as vscode from 'vscode';
import { diagnosticPullOptions, runModeMiddleware } from './run-mode.js';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/**
 * Starts the bundled server over node IPC. `module` + IPC forks with the extension host's own Node, which is
 * what every VS Code (desktop or code-server) can run; `node` on PATH may be missing or another version.
 */
export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.mjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Plans stay Markdown documents; the server decides from the front matter what is a plan.
    documentSelector: [
      { language: 'markdown', scheme: 'file' },
      { language: 'markdown', scheme: 'untitled' },
      { language: 'markdown', scheme: 'cplan-builtin' },
    ],
    synchronize: {
      configurationSection: 'cplan',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.md,.cplanrc.yaml,.cplanrc.yml,.cplanrc.json,package.json}'),
    },
    diagnosticPullOptions: diagnosticPullOptions(),
    middleware: runModeMiddleware,
    initializationOptions: {
      settings: vscode.workspace.getConfiguration('cplan'),
      trusted: vscode.workspace.isTrusted,
    },
  };
  return new LanguageClient('cplan', 'Commissioning Plans', serverOptions, clientOptions);
}
