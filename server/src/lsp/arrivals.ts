import type { Disposable, Message, MessageReader, DataCallback } from 'vscode-languageserver/node';

/**
 * The newest document version the client has sent, seen as messages arrive rather than when the connection's
 * queue gets to them: a change that a newer change already follows needs no parse, lint or publish of its own.
 */
export class Arrivals {
  private readonly newest = new Map<string, number>();

  /** Wraps a reader so that every message is noted on arrival. */
  observe(reader: MessageReader): MessageReader {
    const note = (message: Message) => {
      const m = message as { method?: string; params?: { textDocument?: { uri?: string; version?: number } } };
      const document = m.params?.textDocument;
      if ((m.method === 'textDocument/didChange' || m.method === 'textDocument/didOpen') && document?.uri && typeof document.version === 'number') {
        this.newest.set(document.uri, document.version);
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
