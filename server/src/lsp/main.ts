import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';

// `--stdio`, `--node-ipc` or `--socket=N` choose the transport (read by createConnection).
startServer(createConnection(ProposedFeatures.all));
