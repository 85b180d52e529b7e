import { ErrorCodes, MessageType, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { invalidParams } from './params.js';

interface Incoming {
  id?: number | string | null;
  method?: string;
  params?: unknown;
}

/**
 * Stands between the transport and the connection, so that what arrives broken is dealt with before any
 * handler sees it:
 * - a frame the reader cannot make out (no or a bad `Content-Length`) leaves the stream out of step for
 *   good, so the server exits non-zero and the client starts a fresh one; a well-framed body that is not
 *   JSON is only skipped;
 * - the input closing means the client is gone even when its process lives on: exit, 0 after a shutdown;
 * - a request whose params are not what the protocol says is answered InvalidParams here, for every
 *   handler alike; such a document notification is left out, with a word in the client's log, rather than
 *   garble the server's copy of the document;
 * - a second `initialize` is refused, as the protocol allows only one.
 */
export function guardWire(reader: MessageReader, writer: MessageWriter, exit: (code: number) => void = (code) => process.exit(code)): MessageReader {
  let initialized = false;
  let shutdown = false;
  const refuse = (id: Incoming['id'], code: number, message: string) => void writer.write({ jsonrpc: '2.0', id: id ?? null, error: { code, message } } as Message);
  const log = (message: string) => void writer.write({ jsonrpc: '2.0', method: 'window/logMessage', params: { type: MessageType.Error, message } } as Message);
  reader.onError((error) => {
    if (error instanceof SyntaxError) return;
    process.stderr.write(`cplan-language-server: the client sent a message that cannot be read (${error.message.split('\n')[0]}); exiting so that the client can start the server again.\n`);
    exit(1);
  });
  reader.onClose(() => exit(shutdown ? 0 : 1));
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    listen: (callback: DataCallback): Disposable => reader.listen((message) => {
      const request = message as Incoming;
      if (typeof request.method === 'string') {
        const isRequest = request.id !== undefined;
        if (isRequest && request.method === 'initialize') {
          if (initialized) return refuse(request.id, ErrorCodes.InvalidRequest, 'The server is already initialized: `initialize` may be sent only once per connection.');
          initialized = true;
        } else if (isRequest && request.method === 'shutdown') {
          shutdown = true;
        }
        const problem = invalidParams(request.method, request.params);
        if (problem && isRequest) return refuse(request.id, ErrorCodes.InvalidParams, problem);
        if (problem) return log(`cplan: ${problem} The notification was left out; if cplan's view of the document looks wrong, close and reopen it.`);
      }
      callback(message);
    }),
    dispose: () => reader.dispose(),
  };
}
