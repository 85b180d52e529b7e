import { createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './server.js';
import { Arrivals } from './arrivals.js';

// `--stdio` or `--node-ipc` (the VS Code extension); other transports (`--socket=N`, `--pipe=`) are left to
// vscode-languageserver, without skipping superseded edits.
const arrivals = new Arrivals();
const args = process.argv.slice(2);
const connection = args.includes('--stdio')
  ? createConnection(ProposedFeatures.all, arrivals.observe(new StreamMessageReader(process.stdin)), new StreamMessageWriter(process.stdout))
  : args.includes('--node-ipc')
    ? createConnection(ProposedFeatures.all, arrivals.observe(new IPCMessageReader(process)), new IPCMessageWriter(process))
    : createConnection(ProposedFeatures.all);
startServer(connection, arrivals);
