import { createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { startServer } from './server.js';
import { Arrivals } from './arrivals.js';
import { guardWire } from './wire.js';
import { readArguments } from './arguments.js';

const args = process.argv.slice(2);
const request = readArguments(args);
if (!request.run) {
  if (request.out) process.stdout.write(request.out);
  if (request.err) process.stderr.write(request.err);
  // Now: vscode-languageserver, once loaded, keeps the process alive watching any --clientProcessId.
  process.exit(request.code);
} else {
  // `--stdio` or `--node-ipc` (the VS Code extension); other transports (`--socket=N`, `--pipe=`) are left to
  // vscode-languageserver, without skipping superseded edits.
  const arrivals = new Arrivals();
  const connect = (reader: MessageReader, writer: MessageWriter) => createConnection(ProposedFeatures.all, arrivals.observe(guardWire(reader, writer)), writer);
  const connection = args.includes('--stdio')
    ? connect(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout))
    : args.includes('--node-ipc')
      ? connect(new IPCMessageReader(process), new IPCMessageWriter(process))
      : createConnection(ProposedFeatures.all);
  startServer(connection, arrivals);
}
