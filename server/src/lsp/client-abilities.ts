import { MarkupKind, type ClientCapabilities } from 'vscode-languageserver/node';

/**
 * What the client says it can take, read once from its capabilities. Answers are shaped to it: a client that
 * does not declare a capability gets the plainer form the protocol had before it.
 */
export interface ClientAbilities {
  snippets: boolean;
  hoverMarkdown: boolean;
  completionMarkdown: boolean;
  linkTooltips: boolean;
  /** `CodeAction` literals; without them, `Command`s the server carries out. */
  codeActionLiterals: boolean;
  isPreferred: boolean;
  /** `workspace/applyEdit`: what a fix sent as a `Command` needs. */
  applyEdit: boolean;
  hierarchicalSymbols: boolean;
  /** Snippet text edits in workspace edits (LSP 3.18), which come as `documentChanges`. */
  snippetEdits: boolean;
}

export function clientAbilities(client: ClientCapabilities): ClientAbilities {
  const text = client.textDocument;
  return {
    snippets: text?.completion?.completionItem?.snippetSupport === true,
    hoverMarkdown: text?.hover?.contentFormat?.includes(MarkupKind.Markdown) === true,
    completionMarkdown: text?.completion?.completionItem?.documentationFormat?.includes(MarkupKind.Markdown) === true,
    linkTooltips: text?.documentLink?.tooltipSupport === true,
    codeActionLiterals: !!text?.codeAction?.codeActionLiteralSupport,
    isPreferred: text?.codeAction?.isPreferredSupport === true,
    applyEdit: client.workspace?.applyEdit === true,
    hierarchicalSymbols: text?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    snippetEdits: client.workspace?.workspaceEdit?.snippetEditSupport === true && client.workspace.workspaceEdit.documentChanges === true,
  };
}
