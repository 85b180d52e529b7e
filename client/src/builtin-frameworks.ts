import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** Built-in frameworks have no file: definitions in them open `cplan-builtin:` documents served by the server. */
export function registerBuiltinFrameworks(context: vscode.ExtensionContext, client: LanguageClient): void {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const name = uri.path.replace(/^\//, '').replace(/\.md$/, '');
      const text = await client.sendRequest<string | null>('cplan/builtinFramework', { name });
      return text ?? `There is no built-in framework \`${name}\`.`;
    },
  };
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider('cplan-builtin', provider));
}
