import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/**
 * The server points into a built-in framework at its shipped file (`frameworks/<name>.md` in the extension);
 * only when that file is missing does it use `cplan-builtin:` URIs, whose documents this serves.
 */
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
