import type { ClientCapabilities, ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from './context.js';

/**
 * Each editor feature lives in server/src/service/features/ as plain functions of (file, position, index);
 * this is the one place that exposes them over the protocol.
 */
export function featureCapabilities(client: ClientCapabilities): ServerCapabilities {
  void client;
  return {
    // capabilities: hover, inlay hints, code lens
    // capabilities: completion
    // capabilities: navigation, symbols, links, folding, semantic tokens
    // capabilities: code actions
  };
}

export function registerFeatures(context: ServerContext): void {
  void context;
  // handlers: hover, inlay hints, code lens
  // handlers: completion
  // handlers: navigation, symbols, links, folding, semantic tokens
  // handlers: code actions
}
