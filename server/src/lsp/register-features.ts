import type { ClientCapabilities, ServerCapabilities } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import { codeActions } from '../service/features/code-actions.js';
import type { ServerContext } from './context.js';
import { onCurrent } from './context.js';
import { hover } from '../service/features/hover.js';
import { inlayHints } from '../service/features/inlay-hints.js';
import { codeLenses } from '../service/features/code-lens.js';
import { definition, prepareRename, references, rename } from '../service/features/navigation.js';
import { documentSymbols, workspaceSymbols } from '../service/features/symbols.js';
import { documentLinks } from '../service/features/links.js';
import { foldingRanges } from '../service/features/folding.js';
import { SEMANTIC_TOKEN_LEGEND, semanticTokens } from '../service/features/semantic-tokens.js';
import { COMPLETION_TRIGGER_CHARACTERS, completion } from '../service/features/completion.js';

/**
 * Each editor feature lives in server/src/service/features/ as plain functions of (file, position, index);
 * this is the one place that exposes them over the protocol.
 */
export function featureCapabilities(client: ClientCapabilities): ServerCapabilities {
  void client;
  return {
    // capabilities: hover, inlay hints, code lens
    hoverProvider: true,
    inlayHintProvider: true,
    codeLensProvider: { resolveProvider: false },
    // capabilities: completion
    completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: false },
    // capabilities: navigation, symbols, links, folding, semantic tokens
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: client.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    documentLinkProvider: { resolveProvider: false },
    foldingRangeProvider: true,
    semanticTokensProvider: { legend: SEMANTIC_TOKEN_LEGEND, full: true },
    // capabilities: code actions
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
  };
}

export function registerFeatures(context: ServerContext): void {
  void context;
  // handlers: hover, inlay hints, code lens
  context.connection.onHover((params, token) => onCurrent(context, params.textDocument.uri, token, (file) => hover(file, params.position, context.index)));
  context.connection.languages.inlayHint.on(async (params, token) =>
    (await onCurrent(context, params.textDocument.uri, token, (file) => inlayHints(file, params.range, context.index))) ?? []);
  context.connection.onCodeLens(async (params, token) => (await onCurrent(context, params.textDocument.uri, token, (file) => codeLenses(file, context.index))) ?? []);
  // handlers: completion
  // Snippets are always offered: the clients cplan targets (VS Code, Neovim, Emacs) all take them.
  context.connection.onCompletion(async (params, token) =>
    (await onCurrent(context, params.textDocument.uri, token, (file) => completion(file, params.position, context.index, { snippets: true }))) ?? []);
  // handlers: navigation, symbols, links, folding, semantic tokens
  context.connection.onDefinition((params, token) => onCurrent(context, params.textDocument.uri, token, (file) => definition(file, params.position, context.index)));
  context.connection.onReferences((params, token) =>
    onCurrent(context, params.textDocument.uri, token, (file) => references(file, params.position, context.index, params.context.includeDeclaration)));
  context.connection.onPrepareRename((params, token) => onCurrent(context, params.textDocument.uri, token, (file) => prepareRename(file, params.position, context.index)));
  context.connection.onRenameRequest((params, token) =>
    onCurrent(context, params.textDocument.uri, token, (file) => rename(file, params.position, params.newName, context.index)));
  context.connection.onDocumentSymbol((params, token) => onCurrent(context, params.textDocument.uri, token, (file) => documentSymbols(file)));
  context.connection.onWorkspaceSymbol((params) => workspaceSymbols(params.query, context.index));
  context.connection.onDocumentLinks((params, token) => onCurrent(context, params.textDocument.uri, token, (file) => documentLinks(file, context.index)));
  context.connection.onFoldingRanges((params, token) => onCurrent(context, params.textDocument.uri, token, (file) => foldingRanges(file)));
  context.connection.languages.semanticTokens.on(async (params, token) =>
    (await onCurrent(context, params.textDocument.uri, token, (file) => semanticTokens(file, context.index))) ?? { data: [] });
  // handlers: code actions
  context.connection.onCodeAction(async (params, token) =>
    (await onCurrent(context, params.textDocument.uri, token, (file) => codeActions(file, params.range, params.context.diagnostics, context.index, params.context.only))) ?? []);
}
