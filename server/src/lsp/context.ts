import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import type { WorkspaceIndex } from '../service/workspace.js';
import type { LinkedFile } from '../service/features/linked-file.js';
import { sentAtVersion } from './arrivals.js';
import { runInSlices, type SlicedWork } from '../service/slices.js';
import type { ClientAbilities } from './client-abilities.js';
import type { ClientUris } from '../service/client-uris.js';

export interface ServerContext {
  connection: Connection;
  index: WorkspaceIndex;
  /** Logs to the client's output channel. */
  log(message: string): void;
  /** Resolves once settings are in and the workspace is indexed (and file events received so far applied). */
  ready(): Promise<void>;
  /** Resolves once a request about this document (an index key) can be answered: see `documentReady` in server.ts. */
  documentReady(key: string): Promise<void>;
  /** What the client can take, known from `initialize` on. */
  abilities(): ClientAbilities;
  /** Client URIs to index keys and back: every URI in or out goes through it. */
  uris: ClientUris;
}

/**
 * What a request needs: its document only (answered from the document's link as soon as it and its framework
 * are read), or the whole workspace indexed (references, rename: every plan counts).
 */
export type Phase = 'document' | 'workspace';

/**
 * Runs a request against the document as it is now. It first lets queued edits in: when the buffer changed
 * since the request was sent, the answer would be for a text the client no longer has (a position meant for
 * one version points elsewhere in the next), so it is dropped with ContentModified.
 */
export async function onCurrent<T>(context: ServerContext, target: string | { textDocument: { uri: string } }, token: CancellationToken, answer: (file: LinkedFile) => T, phase: Phase = 'document'): Promise<T | null> {
  const current = await currentFile(context, target, token, phase);
  return current ? context.uris.outgoing(answer(current.file)) : null;
}

/**
 * `onCurrent` for long work over the workspace (references, rename): run in slices, so that edits and a
 * `$/cancelRequest` get in between; cancelled, the rest is not done, and an answer for a document edited
 * meanwhile is dropped with ContentModified.
 */
export async function onCurrentSliced<T>(context: ServerContext, target: { textDocument: { uri: string } }, token: CancellationToken, work: (file: LinkedFile) => SlicedWork<T>, phase: Phase = 'workspace'): Promise<T | null> {
  const current = await currentFile(context, target, token, phase);
  if (!current) return null;
  const done = await runInSlices(work(current.file), token);
  if (!done || token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  if (context.index.get(current.uri)?.version !== current.file.version) throw new ResponseError(LSPErrorCodes.ContentModified, 'the document changed');
  return context.uris.outgoing(done.value);
}

async function currentFile(context: ServerContext, target: string | { textDocument: { uri: string } }, token: CancellationToken, phase: Phase): Promise<{ uri: string; file: LinkedFile } | null> {
  const uri = context.uris.toKey(typeof target === 'string' ? target : target.textDocument.uri);
  // Read before any wait: an edit that arrives while the server is still indexing must not become the
  // version this request is taken to be about.
  const sentAt = typeof target === 'string' ? undefined : sentAtVersion(target);
  await (phase === 'workspace' ? context.ready() : context.documentReady(uri));
  const version = sentAt ?? context.index.get(uri)?.version;
  // vscode-jsonrpc takes the next queued message on an immediate scheduled after this handler returns,
  // so a second turn lets an edit already sent by the client land first.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  const file = context.index.get(uri);
  if (!file) return null;
  if (file.version !== version) throw new ResponseError(LSPErrorCodes.ContentModified, 'the document changed');
  return { uri, file: context.index.linkedFile(uri)! };
}
