import type { Disposable, Message, MessageReader, DataCallback } from 'vscode-languageserver/node';

const SENT_AT_VERSION = Symbol('cplan.sentAtVersion');

/** The version of its document that a request was sent against, when the document is open and it is known. */
export function sentAtVersion(params: object): number | undefined {
  return (params as { [SENT_AT_VERSION]?: number })[SENT_AT_VERSION];
}

/**
 * The newest document version the client has sent, seen as messages arrive rather than when the connection's
 * queue gets to them: a change that a newer change already follows needs no parse, lint or publish of its own.
 */
export class Arrivals {
  private readonly newest = new Map<string, number>();

  /** Wraps a reader so that every message is noted on arrival. */
  observe(reader: MessageReader): MessageReader {
    const note = (message: Message) => {
      const m = message as { method?: string; params?: { textDocument?: { uri?: string; version?: number }; contentChanges?: unknown[] } };
      const document = m.params?.textDocument;
      // An empty didChange (allowed by the spec) never reaches the documents, so it supersedes nothing.
      const changes = m.method === 'textDocument/didChange' && (m.params?.contentChanges?.length ?? 0) > 0;
      if ((changes || m.method === 'textDocument/didOpen') && document?.uri && typeof document.version === 'number') {
        this.newest.set(document.uri, document.version);
      } else if (m.method === 'textDocument/didClose' && document?.uri) {
        // Reopened, the document starts again from whatever version the client sends.
        this.newest.delete(document.uri);
      } else if ('id' in message && document?.uri && this.newest.has(document.uri)) {
        // The version the client saw when it sent the request: the answer must be for that text.
        Object.defineProperty(m.params, SENT_AT_VERSION, { value: this.newest.get(document.uri) });
      }
    };
    return {
      onError: reader.onError,
      onClose: reader.onClose,
      onPartialMessage: reader.onPartialMessage,
      listen: (callback: DataCallback): Disposable => reader.listen((message) => {
        note(message);
        callback(message);
      }),
      dispose: () => reader.dispose(),
    };
  }

  /** True when a newer version of the document has arrived than `version`. */
  superseded(uri: string, version: number): boolean {
    return (this.newest.get(uri) ?? version) > version;
  }
}
