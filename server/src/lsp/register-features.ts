import { CodeActionKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver/node';
import { onCurrent, onCurrentSliced, type ServerContext } from './context.js';
import { codeActions } from '../service/features/code-actions.js';
import { diffOfDocument, type DiffParams } from './diff-request.js';
import { portfolio } from '../service/features/portfolio.js';
import { FIX_ALL_KIND, fixAllActions } from '../service/features/fix-all.js';
import { formattingEdits } from '../service/features/formatting.js';
import { hover } from '../service/features/hover.js';
import { inlayHints } from '../service/features/inlay-hints.js';
import { codeLenses } from '../service/features/code-lens.js';
import { definition, prepareRename, referencesWork, renameWork } from '../service/features/navigation.js';
import { documentSymbols, workspaceSymbols } from '../service/features/symbols.js';
import { documentLinks } from '../service/features/links.js';
import { foldingRanges } from '../service/features/folding.js';
import { SEMANTIC_TOKEN_LEGEND, semanticTokens } from '../service/features/semantic-tokens.js';
import { COMPLETION_TRIGGER_CHARACTERS, completion } from '../service/features/completion.js';
import { planTree } from '../service/features/plan-tree.js';
import { planReport } from '../service/features/report.js';
import { flatDocumentSymbols } from '../service/features/symbols.js';
import type { ClientAbilities } from './client-abilities.js';
import { APPLY_FIX, asCommands, registerFixCommands } from './fix-commands.js';

/**
 * Each editor feature lives in server/src/service/features/ as a plain function of (linked file, position), and
 * of the workspace's query interface where it needs other documents; this is the one place that exposes them
 * over the protocol, handing each the `LinkedFile` of the document as it is now.
 */
export function featureCapabilities(client: ClientCapabilities, abilities: ClientAbilities): ServerCapabilities {
  return {
    // Only a client that takes fixes as commands, and can apply edits, needs the command that applies one.
    ...(!abilities.codeActionLiterals && abilities.applyEdit ? { executeCommandProvider: { commands: [APPLY_FIX] } } : {}),
    hoverProvider: true,
    inlayHintProvider: true,
    codeLensProvider: { resolveProvider: false },
    completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: false },
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: client.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    documentLinkProvider: { resolveProvider: false },
    foldingRangeProvider: true,
    semanticTokensProvider: { legend: SEMANTIC_TOKEN_LEGEND, full: true },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND] },
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
  };
}

export function registerFeatures(context: ServerContext): void {
  const can = context.abilities;
  context.connection.onHover((params, token) => onCurrent(context, params, token, (file) => hover(file, params.position, context.index, { markdown: can().hoverMarkdown })));
  context.connection.languages.inlayHint.on(async (params, token) =>
    (await onCurrent(context, params, token, (file) => inlayHints(file, params.range))) ?? []);
  context.connection.onCodeLens(async (params, token) => (await onCurrent(context, params, token, (file) => codeLenses(file, context.index))) ?? []);
  context.connection.onCompletion(async (params, token) =>
    (await onCurrent(context, params, token, (file) => completion(file, params.position, context.index, { snippets: can().snippets, markdown: can().completionMarkdown }))) ?? []);
  context.connection.onDefinition((params, token) => onCurrent(context, params, token, (file) => definition(file, params.position)));
  context.connection.onReferences((params, token) =>
    onCurrentSliced(context, params, token, (file) => referencesWork(file, params.position, context.index, params.context.includeDeclaration)));
  context.connection.onPrepareRename((params, token) => onCurrent(context, params, token, (file) => prepareRename(file, params.position)));
  context.connection.onRenameRequest((params, token) =>
    onCurrentSliced(context, params, token, (file) => renameWork(file, params.position, params.newName, context.index)));
  context.connection.onDocumentSymbol((params, token) => onCurrent(context, params, token, (file) => (can().hierarchicalSymbols ? documentSymbols(file) : flatDocumentSymbols(file))));
  context.connection.onWorkspaceSymbol(async (params) => {
    await context.ready();
    return context.uris.outgoing(workspaceSymbols(params.query, context.index));
  });
  context.connection.onDocumentLinks((params, token) => onCurrent(context, params, token, (file) => documentLinks(file, { tooltips: can().linkTooltips })));
  context.connection.onFoldingRanges((params, token) => onCurrent(context, params, token, (file) => foldingRanges(file)));
  context.connection.languages.semanticTokens.on(async (params, token) =>
    (await onCurrent(context, params, token, (file) => semanticTokens(file))) ?? { data: [] });
  context.connection.onCodeAction(async (params, token) => (await onCurrent(context, params, token, (file) => {
    const actions = [...codeActions(file, params.range, params.context.diagnostics, params.context.only, { snippetEdits: can().snippetEdits }), ...fixAllActions(file, params.context.only)];
    if (can().codeActionLiterals) return can().isPreferred ? actions : actions.map(({ isPreferred: _, ...action }) => action);
    return can().applyEdit ? asCommands(actions, { uri: file.uri, version: file.version, range: params.range, only: params.context.only }) : [];
  })) ?? []);
  context.connection.onDocumentFormatting(async (params, token) => (await onCurrent(context, params, token, (file) => formattingEdits(file))) ?? []);
  context.connection.onDocumentRangeFormatting(async (params, token) => (await onCurrent(context, params, token, (file) => formattingEdits(file, params.range))) ?? []);
  registerFixCommands(context);
  // Not LSP: the VS Code extension's Plan Explorer asks for this.
  context.connection.onRequest('cplan/planTree', async () => {
    await context.ready();
    return context.uris.outgoing(planTree(context.index));
  });
  // Not LSP: the extension's Portfolio view (the dashboard of `cplan report --portfolio`, of the whole workspace).
  context.connection.onRequest('cplan/portfolio', async () => {
    await context.ready();
    return context.uris.outgoing(portfolio(context.index));
  });
  // Not LSP: the semantic diff of a plan against an older version (docs/diff.md), for any editor.
  context.connection.onRequest('cplan/diff', (params: DiffParams, token) => onCurrent(context, params.uri, token, (file) => diffOfDocument(file, params, file.linked.settings.asOf), 'document'));
  // Not LSP: the extension's coverage matrix and milestone timeline webviews draw this.
  context.connection.onRequest('cplan/report', (params: { uri: string }, token) => onCurrent(context, params.uri, token, (file) => planReport(file, context.index), 'workspace'));
}
